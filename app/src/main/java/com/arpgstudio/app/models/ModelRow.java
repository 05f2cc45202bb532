package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.DownloadException;
import com.arpgstudio.inference.runtime.ModelDownload;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One model of the Models dialog, as the view shows it: what it is, where it lives, whether it can
 * run now, and its download's progress or failure. Changed on the FX thread only, by
 * {@link ModelsViewModel}.
 */
public final class ModelRow {

    private final String id;
    private final Path modelsDir;
    private String progressText = "";

    ModelRow(ModelEntry entry, Path modelsDir) {
        this.id = entry.id();
        this.modelsDir = modelsDir;
        update(entry);
    }

    public String id() {
        return id;
    }

    // ---- state changes (ModelsViewModel, FX thread) ------------------------------------------

    void update(ModelEntry latest) {
        entry.set(latest);
        details.set(describe(latest));
        refresh();
    }

    void setCurrent(boolean value) {
        current.set(value);
        refresh();
    }

    void downloadStarted() {
        downloading.set(true);
        problem.set("");
        progress.set(-1);
        progressText = Messages.text("models.progress.starting");
        refresh();
    }

    void downloadProgress(ModelDownload.Progress p) {
        progress.set(p.fraction());
        String speed = p.file().bytesPerSecond() > 0 ? Messages.text("models.progress.speed",
                Sizes.describe((long) p.file().bytesPerSecond())) : "";
        String left = p.timeLeft().map(d -> Messages.text("models.progress.left", clock(d))).orElse("");
        progressText = p.file().note().isEmpty()
                ? Messages.text("models.progress", Sizes.describe(p.bytesDone()), Sizes.describe(p.totalBytes()),
                        p.fileIndex() + 1, p.fileCount(), speed, left)
                : p.file().note();
        refresh();
    }

    void downloadEnded(DownloadException failure) {
        downloading.set(false);
        progress.set(-1);
        problem.set(failure == null ? "" : Messages.text("models.failed." + failure.reason().name())
                + "\n" + failure.getMessage());
        refresh();
    }

    // ---- what the view shows -------------------------------------------------------------------

    private void refresh() {
        ModelEntry e = entry.get();
        usable.set(e.present());
        downloadable.set(e.downloadable() && !downloading.get());
        removable.set(!downloading.get() && !current.get() && (e.source() == ModelEntry.Source.USER
                || e.source() == ModelEntry.Source.RELEASED && (ownFile(e.generator().path()) || e.generator().partialBytes() > 0
                || e.tokenizer().partialBytes() > 0)));
        if (downloading.get()) {
            status.set(progressText);
        } else if (current.get() && e.present()) {
            status.set(Messages.text("models.status.inUse"));
        } else if (e.present()) {
            status.set(Messages.text("models.status.ready"));
        } else if (e.downloadable()) {
            long partial = e.generator().partialBytes() + e.tokenizer().partialBytes();
            status.set(partial > 0 ? Messages.text("models.status.partial", Sizes.describe(partial))
                    : Messages.text("models.status.notDownloaded"));
        } else {
            status.set(Messages.text("models.status.unusable", e.note()));
        }
    }

    private boolean ownFile(Path file) {
        return file.startsWith(modelsDir) && java.nio.file.Files.isRegularFile(file);
    }

    private String describe(ModelEntry e) {
        String shape = e.shape() == null ? Messages.text("models.details.unknownShape")
                : Messages.text("models.details.shape", e.shape().windowPixels(), e.shape().gridTokens(),
                        e.shape().classCount());
        String size = e.sizeBytes() < 0 ? "" : e.present()
                ? Messages.text("models.details.onDisk", Sizes.describe(e.sizeBytes()))
                : Messages.text("models.details.downloadSize", Sizes.describe(e.sizeBytes()));
        String where = switch (e.source()) {
            case EMBEDDED -> Messages.text("models.where.embedded");
            case RELEASED -> e.present() && !e.generator().path().startsWith(modelsDir)
                    ? Messages.text("models.where.hfCache", e.location()) : Messages.text("models.where.folder");
            case USER -> Messages.text("models.where.user", e.location());
        };
        return String.join(" · ", java.util.stream.Stream.of(shape, size, where).filter(s -> !s.isEmpty()).toList());
    }

    static String clock(Duration d) {
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(),
                d.toSecondsPart()) : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    // ---- properties ----------------------------------------------------------------------------

    public ModelEntry entry() {
        return entry.get();
    }

    private final ReadOnlyObjectWrapper<ModelEntry> entry = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<ModelEntry> entryProperty() {
        return entry.getReadOnlyProperty();
    }

    /** "256 px window (16x16 tokens) · 1000 classes · 1.57 GB on disk · models folder". */
    public String details() {
        return details.get();
    }

    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Ready, In use, Not downloaded, the download's progress, or why the model is unusable. */
    public String status() {
        return status.get();
    }

    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last download failed (headline, then the details), or "". */
    public String problem() {
        return problem.get();
    }

    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The running download's fraction, or -1 when there is none or its size is not known yet. */
    public double progress() {
        return progress.get();
    }

    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public boolean isDownloading() {
        return downloading.get();
    }

    private final ReadOnlyBooleanWrapper downloading = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /** Whether the editor uses this model now. */
    public boolean isCurrent() {
        return current.get();
    }

    private final ReadOnlyBooleanWrapper current = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** Whether its files are on this computer and readable, so Use can switch to it. */
    public boolean isUsable() {
        return usable.get();
    }

    private final ReadOnlyBooleanWrapper usable = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty usableProperty() {
        return usable.getReadOnlyProperty();
    }

    public boolean isDownloadable() {
        return downloadable.get();
    }

    private final ReadOnlyBooleanWrapper downloadable = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty downloadableProperty() {
        return downloadable.getReadOnlyProperty();
    }

    /** A user pair (leaves the list) or a released model with files the app downloaded (deleted). */
    public boolean isRemovable() {
        return removable.get();
    }

    private final ReadOnlyBooleanWrapper removable = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty removableProperty() {
        return removable.getReadOnlyProperty();
    }
}
