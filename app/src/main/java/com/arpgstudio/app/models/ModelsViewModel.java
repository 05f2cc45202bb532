package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.DownloadException;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.ModelDownload;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.UserModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The models the editor can run and what can be done with them: list (the registry with the
 * user's own pairs from the settings, exactly as the command line lists them), download a released
 * model in the background, cancel, add or remove the user's own pairs, delete downloads, and use
 * one. Lives as long as the application, so downloads go on when the dialog closes.
 *
 * <p>Disk and network work runs on {@code background}; the rows change on the FX thread.
 */
public final class ModelsViewModel {

    /** What the editor does for the Models dialog. */
    public interface Editor {
        /** Switches the editor's model (the engine reloads it in the background). */
        void use(String modelId);

        /** The list of models changed (a download finished, a pair was added or removed). */
        void modelsChanged();
    }

    private final ModelRegistry registry;
    private final SettingsStore store;
    private final Downloads downloads;
    private final Executor background;
    private final Editor editor;
    private final ObservableList<ModelRow> rows = FXCollections.observableArrayList();
    private final Map<String, ModelDownload> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ModelsViewModel(ModelRegistry registry, SettingsStore store, Downloads downloads, Executor background,
            Editor editor) {
        this.registry = registry;
        this.store = store;
        this.downloads = downloads;
        this.background = background;
        this.editor = editor;
        registry.addListener(entries -> Platform.runLater(() -> apply(entries)));
        store.addListener(settings -> Platform.runLater(this::markCurrent));
        apply(registry.entries());
    }

    /** Scans the models again (in the background), with the user's pairs as the settings hold them. */
    public void refresh() {
        List<UserModel> userModels = store.get().userModels();
        background.execute(() -> registry.setUserModels(userModels));
    }

    private final ObservableList<ModelRow> rowsView = FXCollections.unmodifiableObservableList(rows);

    /** The models in the registry's order: embedded, released, the user's. */
    public ObservableList<ModelRow> rows() {
        return rowsView;
    }

    public Optional<ModelRow> row(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The released model of that id, as the registry describes it. */
    public Optional<ReleasedModel> released(String id) {
        return registry.released().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** What the last action outside a row said (an added or refused pair, a deletion), or "". */
    public String message() {
        return message.get();
    }

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Where downloads go. */
    public Path modelsFolder() {
        return registry.modelsDir();
    }

    public boolean anyDownloading() {
        return !running.isEmpty();
    }

    // ---- downloads -----------------------------------------------------------------------------

    /** Starts downloading the row's missing files in the background; nothing happens when none is missing. */
    public void download(ModelRow row) {
        if (running.containsKey(row.id()) || !row.entry().downloadable()) {
            return;
        }
        ModelDownload download = registry.prepareDownload(row.entry(), downloads,
                progress -> Platform.runLater(() -> row.downloadProgress(progress)));
        running.put(row.id(), download);
        row.downloadStarted();
        background.execute(() -> {
            DownloadException failure = null;
            try {
                download.run();
            } catch (DownloadException e) {
                failure = e;
            } finally {
                running.remove(row.id());
            }
            DownloadException ended = failure;
            Platform.runLater(() -> {
                row.downloadEnded(ended);
                if (!closed) {
                    editor.modelsChanged();
                }
            });
        });
    }

    /** Stops the row's download; what arrived stays as a partial file that the next download resumes. */
    public void cancel(ModelRow row) {
        ModelDownload download = running.get(row.id());
        if (download != null) {
            download.cancel();
        }
    }

    /**
     * The application ends: every download stops (partial files are kept) and the editor hears
     * nothing more from here.
     */
    public void close() {
        closed = true;
        running.values().forEach(ModelDownload::cancel);
    }

    // ---- using, adding and removing ------------------------------------------------------------

    /** Makes the row's model the editor's. */
    public void use(ModelRow row) {
        if (row.isUsable()) {
            editor.use(row.id());
        }
    }

    /**
     * Reads a pair the user picked with the safe readers, off the FX thread: the entry it would be
     * (usable or with a note saying why not). Nothing is saved.
     */
    public CompletableFuture<ModelEntry> check(UserModel pair) {
        return CompletableFuture.supplyAsync(() -> ModelRegistry.describe(pair), background);
    }

    /** Why a name cannot name a new pair, or empty when it can. */
    public Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(Messages.text("models.add.nameMissing"));
        }
        boolean taken = store.get().userModels().stream().anyMatch(m -> m.name().equals(name.trim()));
        return taken ? Optional.of(Messages.text("models.add.nameTaken", name.trim())) : Optional.empty();
    }

    /** Saves a checked, usable pair in the settings (shared with the command line) and lists it. */
    public void add(UserModel pair) {
        updateUserModels(models -> models.add(pair));
        message.set(Messages.text("models.add.done", pair.name()));
    }

    /**
     * Removes a user pair from the list (its files stay), or deletes what was downloaded of a
     * released model. The model in use is never removed: the view offers Remove only for others.
     */
    public void remove(ModelRow row) {
        if (row.isCurrent() || row.isDownloading()) {
            return;
        }
        ModelEntry entry = row.entry();
        if (entry.source() == ModelEntry.Source.USER) {
            updateUserModels(models -> models.removeIf(m -> m.id().equals(entry.id())));
            message.set(Messages.text("models.remove.pairDone", entry.name()));
        } else if (entry.source() == ModelEntry.Source.RELEASED) {
            background.execute(() -> {
                String result;
                try {
                    List<Path> deleted = registry.deleteDownloaded(entry.id());
                    result = Messages.text("models.remove.deleted", entry.name(), deleted.size());
                } catch (IOException e) {
                    result = Messages.text("models.remove.failed", entry.name(), e.getMessage());
                }
                String said = result;
                Platform.runLater(() -> {
                    message.set(said);
                    if (!closed) {
                        editor.modelsChanged();
                    }
                });
            });
        }
    }

    private void updateUserModels(Consumer<List<UserModel>> change) {
        try {
            store.update(s -> {
                List<UserModel> models = new ArrayList<>(s.userModels());
                change.accept(models);
                return s.edit().userModels(models).build();
            });
        } catch (IOException e) {
            message.set(Messages.text("models.settingsFailed", store.file(), e.getMessage()));
            return;
        }
        refresh();
        editor.modelsChanged();
    }

    // ---- rows ----------------------------------------------------------------------------------

    private void apply(List<ModelEntry> entries) {
        Map<String, ModelRow> existing = new LinkedHashMap<>();
        rows.forEach(r -> existing.put(r.id(), r));
        List<ModelRow> next = new ArrayList<>();
        for (ModelEntry entry : entries) {
            ModelRow row = existing.get(entry.id());
            if (row == null) {
                row = new ModelRow(entry, registry.modelsDir());
            } else {
                row.update(entry);
            }
            next.add(row);
        }
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        markCurrent();
    }

    private void markCurrent() {
        Settings settings = store.get();
        rows.forEach(r -> r.setCurrent(r.id().equals(settings.modelId())));
    }
}
