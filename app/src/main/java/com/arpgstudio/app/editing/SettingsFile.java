package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.settings.SettingsModel;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.Texts;
import java.io.IOException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings file shared with the CLI, as the editor keeps it: the fill settings panel's values
 * (a {@link SettingsModel}), the theme, settings taken from an edit record, and what was wrong
 * with the file when it was opened. A file that cannot be written is logged, never fatal.
 */
public final class SettingsFile {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsFile.class);

    private final SettingsStore store;
    private final SettingsModel panel;
    private final StringProperty message;
    private final BackgroundTasks tasks;
    private boolean problemsReported;

    SettingsFile(SettingsStore store, StringProperty message, BackgroundTasks tasks) {
        this.store = store;
        this.panel = new SettingsModel(store.get());
        this.message = message;
        this.tasks = tasks;
    }

    /** Changes the file (recent files, model choice...); a failure to write it is logged. */
    void update(UnaryOperator<Settings> change) {
        try {
            store.update(change);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not save settings to {}: {}", store.file(), e.getMessage(), e);
        }
    }

    /** Keeps the panel's current values (called when the window closes and when an edit starts). */
    public void persist() {
        update(panel::applyTo);
    }

    public void setDarkTheme(boolean dark) {
        update(s -> s.edit().theme(dark ? "dark" : "light").build());
    }

    public boolean darkTheme() {
        return "dark".equals(store.get().theme());
    }

    /**
     * Takes the sampling settings and seed of an edit record into the settings panel and locks the
     * seed, so the next Generate makes the same variants again (on the same mask or area).
     */
    public void reuse(String recordJson) {
        try {
            EditRecord record = EditRecord.fromJson(recordJson);
            panel.use(record.settings());
            panel.seedLockedProperty().set(true);
            message.set(Messages.text("status.reused", record.settings().seed(),
                    record.operation().name().toLowerCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            message.set(Messages.text("status.notReusable", e.getMessage()));
        }
    }

    /**
     * Tells the user, once, what was wrong with the settings file when it was opened (unknown keys and
     * unusable values, which were replaced by their defaults; the file was backed up); nothing when
     * it was fine.
     */
    public void reportProblems() {
        if (!problemsReported && !store.problems().isEmpty()) {
            problemsReported = true;
            tasks.fail(new EditorViewModel.Failure(Messages.text("failure.settings"),
                    String.join("\n", store.problems().stream().map(Texts::escaped).toList()), null));
        }
    }

    /** The fill settings panel's values. */
    public SettingsModel panel() {
        return panel;
    }
}
