package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Autosave;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.saving.SaveSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageFormat;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The document's files: open (a file, an autosave, pasted pixels), save, save as, export, the mask
 * as a file, the recent files and which image revision the file on disk holds. Reading and writing
 * run as {@link BackgroundTasks} on the engine thread.
 */
public final class DocumentFiles {

    private final BackgroundTasks tasks;
    private final StringProperty message;
    private final SettingsStore store;
    private final Consumer<UnaryOperator<Settings>> updateSettings;
    private final long historyBudget;
    /** The open document, or null after saying "open a photo first". */
    private final Supplier<Document> requireDocument;
    /** Makes a document the open one (the view model's state follows it). */
    private final Consumer<Document> show;
    /** Tells the view model the saved state changed (title, modified). */
    private final Runnable savedChanged;
    private long savedRevision;

    private final ObservableList<String> recentFiles = FXCollections.observableArrayList();
    private final SaveSettings saveSettings = new SaveSettings();

    DocumentFiles(BackgroundTasks tasks, StringProperty message, SettingsStore store,
                  Consumer<UnaryOperator<Settings>> updateSettings, long historyBudget,
                  Supplier<Document> requireDocument, Consumer<Document> show, Runnable savedChanged) {
        this.tasks = tasks;
        this.message = message;
        this.store = store;
        this.updateSettings = updateSettings;
        this.historyBudget = historyBudget;
        this.requireDocument = requireDocument;
        this.show = show;
        this.savedChanged = savedChanged;
        recentFiles.setAll(store.get().recentFiles());
    }

    public void open(Path file) {
        tasks.run(Messages.text("task.open", file.getFileName()), () -> DocumentImages.read(file), loaded -> {
            List<String> records = new ArrayList<>();
            String damage = null;
            for (String record : loaded.editRecords()) {
                String wrong = recordDamage(record);
                if (wrong == null) {
                    records.add(record);
                } else {
                    damage = wrong;
                }
            }
            Document opened = new Document(loaded.image(), file, records, historyBudget);
            opened.setExif(loaded.exif());
            showSaved(opened);
            rememberRecent(file);
            message.set(Messages.text("status.opened", file.getFileName(), loaded.image().width(),
                    loaded.image().height())
                    + (records.isEmpty() ? "" : records.size() == 1 ? Messages.text("status.opened.record")
                            : Messages.text("status.opened.records", records.size()))
                    + (damage != null ? Messages.text("status.opened.damaged", damage) : "")
                    + loaded.notes().stream().map(note -> Messages.text("status.opened.note", note)).collect(Collectors.joining()));
        }, null);
    }

    /** Why an embedded edit record is unusable (not a JSON object), or null when it is usable or absent. */
    static String recordDamage(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JsonParser.parseString(json).isJsonObject() ? null : Messages.text("records.notObject");
        } catch (JsonParseException e) {
            return Messages.text("records.notJson");
        }
    }

    /** Opens the document autosaved before a crash; it counts as modified until saved. */
    public void openRestored(Autosave.Snapshot snapshot) {
        savedRevision = -1; // restored: unsaved until saved
        show.accept(snapshot.toDocument(historyBudget));
        message.set(Messages.text("status.restored", snapshot.savedAt()));
    }

    /** Opens pixels that have no file (a paste): Save asks where to write them. */
    public void openImage(ArgbImage image, String description) {
        showSaved(new Document(image, null, null, historyBudget));
        message.set(Messages.text("status.pasted", description, image.width(), image.height()));
    }

    private void showSaved(Document doc) {
        savedRevision = doc.imageRevision();
        show.accept(doc);
    }

    /** The document's image differs from what its file (if any) holds. */
    boolean isModified(Document doc) {
        return doc.imageRevision() != savedRevision;
    }

    private void rememberRecent(Path file) {
        updateSettings.accept(s -> s.withRecentFile(file.toAbsolutePath().toString()));
        recentFiles.setAll(store.get().recentFiles());
    }

    /** Saves to the document's file, then runs {@code then}; false when it has none in a format written (ask for Save As). */
    boolean save(Document doc, Runnable then) {
        if (doc == null || doc.file().isEmpty() || ImageFormat.ofFileName(doc.file().get()).isEmpty()) {
            return false;
        }
        saveAs(doc.file().get(), then);
        return true;
    }

    public void saveAs(Path file) {
        saveAs(file, () -> { });
    }

    /**
     * Writes the document to {@code file} in the format its extension names (PNG when it names none:
     * ".png" is added), keeping the photo's EXIF block where the format holds one and the edit
     * records in a PNG; the document is that file from then on; then runs {@code then}.
     */
    public void saveAs(Path file, Runnable then) {
        Document doc = requireDocument.get();
        if (doc != null) {
            long revisionSaved = doc.imageRevision();
            Path target = ImageFormat.ofFileName(file).isPresent() ? file : withPngExtension(file);
            ImageFormat format = ImageFormat.ofFileName(target).orElseThrow();
            write(doc, target, format, "task.save", written -> {
                doc.setFile(written);
                savedRevision = revisionSaved;
                rememberRecent(written);
                savedChanged.run();
                message.set(format == ImageFormat.JPEG
                        ? Messages.text("status.saved.jpeg", written, format.displayName(),
                                saveSettings.jpegQualityProperty().get())
                        : Messages.text("status.saved", written, format.displayName()));
                then.run();
            });
        }
    }

    /** Writes a PNG copy without changing which file the document is. */
    public void exportPng(Path file) {
        Document doc = requireDocument.get();
        if (doc != null) {
            write(doc, withPngExtension(file), ImageFormat.PNG, "task.export",
                    written -> message.set(Messages.text("status.exported", written)));
        }
    }

    /**
     * Writes the image with its edit records on the engine thread (the document may go on being
     * edited meanwhile); {@code doing} is the bundle key of the task's name.
     */
    private void write(Document doc, Path target, ImageFormat format, String doing, Consumer<Path> written) {
        ArgbImage pixels = doc.acquireImage();
        DocumentImages.SaveOptions options = new DocumentImages.SaveOptions(doc.editRecords(), doc.exif(),
                saveSettings.jpegQuality());
        tasks.run(Messages.text(doing, target.getFileName()), () -> {
            try {
                DocumentImages.write(pixels, target, format, options);
            } finally {
                Platform.runLater(() -> doc.releaseImage(pixels));
            }
            return target;
        }, written, null);
    }

    public void saveMask(Path file) {
        Document doc = requireDocument.get();
        if (doc == null) {
            return;
        }
        PixelMask copy = doc.mask().copy();
        Path target = withPngExtension(file);
        tasks.run(Messages.text("task.saveMask"), () -> {
            DocumentImages.writeMask(copy, target);
            return target;
        }, written -> message.set(Messages.text("status.maskSaved", written)), null);
    }

    public void loadMask(Path file) {
        Document doc = requireDocument.get();
        if (doc == null) {
            return;
        }
        tasks.run(Messages.text("task.loadMask"), () -> DocumentImages.readMask(file), mask -> {
            if (mask.width() != doc.width() || mask.height() != doc.height()) {
                tasks.fail(new EditorViewModel.Failure(Messages.text("failure.maskSize"),
                        Messages.text("failure.maskSize.text", file.getFileName(), mask.width(), mask.height(),
                                doc.width(), doc.height()), null));
                return;
            }
            doc.replaceMask(Messages.text("edit.loadMask"), mask);
            message.set(Messages.text("status.maskLoaded", file.getFileName()));
        }, null);
    }

    static Path withPngExtension(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? file
                : file.resolveSibling(file.getFileName() + ".png");
    }

    private final ObservableList<String> recentFilesView = FXCollections.unmodifiableObservableList(recentFiles);

    /** The files opened or saved lately, newest first (kept in the settings file). */
    public ObservableList<String> recentFiles() {
        return recentFilesView;
    }

    /** How files are saved (the JPEG quality). */
    public SaveSettings saveSettings() {
        return saveSettings;
    }
}
