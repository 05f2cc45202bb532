package com.arpgstudio.app.editing;

import com.arpgstudio.app.Messages;
import com.arpgstudio.app.document.Autosave;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.ImageFiles;
import com.arpgstudio.app.document.Mask;
import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.app.mask.MaskAdjustments;
import com.arpgstudio.app.reroll.BrushStrokes;
import com.arpgstudio.app.reroll.RecordTokens;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.VariantTree;
import com.arpgstudio.app.settings.SettingsModel;
import com.arpgstudio.app.saving.SaveSettings;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ImageFormat;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.TokenSelection;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.Texts;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editor's state and actions, independent of any window: open, mask edits, generate (with
 * streamed previews, cancel and variants), expand, undo/redo, compare, save and export. Long work
 * runs as {@link Task}s on the given executor; results and engine events come back to the FX thread.
 * Outputs are read-only properties; user inputs (settings, outpaint amounts, compare) are plain ones.
 * A fill's results and their re-rolls live in a {@link VariantTree}; {@link #reroll} generates
 * again the part of the result on the canvas under the re-roll brush (or its doubtful tokens).
 */
public final class EditorViewModel {

    /** Something that went wrong, for a dialog with details. */
    public record Failure(String title, String message, Throwable cause) {}

    /** An edit expected to take longer than {@link #LONG_EDIT_SECONDS}, before it starts. */
    public record LongEdit(String label, double expectedSeconds, int variants, int windows) {}

    /** What to do about a {@link LongEdit}. */
    public enum LongEditChoice { CONTINUE, ONE_VARIANT, CANCEL }

    /** Told where the preview's pixels changed (document coordinates); a null preview means none is shown. */
    public interface PreviewListener {
        void previewChanged(EditEngine.Preview preview, Rect changed);
    }

    /** Closing a document that held more than this asks the JVM to collect and shrink its heap. */
    private static final long GIVE_BACK_BYTES = 256L << 20;

    /** Edits expected to take longer than this (from the speed measured on earlier ones) are asked about first. */
    public static final double LONG_EDIT_SECONDS = 180;

    private static final Logger LOG = LoggerFactory.getLogger(EditorViewModel.class);

    private final EditEngine engine;
    private final Executor executor;
    private final SettingsStore store;
    private final SettingsModel settings;
    private final long historyBudget;

    private final ReadOnlyObjectWrapper<Document> document = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<EditEngine.Preview> preview = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Raster> variants = FXCollections.observableArrayList();
    private final ObservableList<Raster> variantsView = FXCollections.unmodifiableObservableList(variants);
    private final ReadOnlyIntegerWrapper selectedVariant = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<Rect> variantArea = new ReadOnlyObjectWrapper<>(Rect.EMPTY);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper modified = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(Messages.text("app.title"));
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastRunTime = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper editRecord = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper documentBytes = new ReadOnlyLongWrapper();
    private final ObservableList<String> editRecords = FXCollections.observableArrayList();
    private final ObservableList<String> editRecordsView = FXCollections.unmodifiableObservableList(editRecords);
    private final ReadOnlyObjectWrapper<Raster> compareImage = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> recentFiles = FXCollections.observableArrayList();
    private final ObservableList<String> recentFilesView = FXCollections.unmodifiableObservableList(recentFiles);
    private final IntegerProperty outpaintLeft = new SimpleIntegerProperty();
    private final IntegerProperty outpaintTop = new SimpleIntegerProperty();
    private final IntegerProperty outpaintRight = new SimpleIntegerProperty();
    private final IntegerProperty outpaintBottom = new SimpleIntegerProperty();
    private final BooleanProperty compare = new SimpleBooleanProperty();
    private final VariantTree variantTree;
    private final RerollControls rerollControls = new RerollControls();
    private final MaskAdjustments maskAdjustments = new MaskAdjustments(document.getReadOnlyProperty(), message::set);
    private final SaveSettings saveSettings = new SaveSettings();
    private final ReadOnlyBooleanWrapper choosing = new ReadOnlyBooleanWrapper();
    /** The result the running re-roll started from, and whether it was shown (not applied). */
    private VariantTree.Node rerollBase;
    private boolean rerollOfShown;

    private final BackgroundTasks tasks;
    private final ModelStatus modelStatus;
    private Function<LongEdit, LongEditChoice> longEditQuestion = edit -> LongEditChoice.CONTINUE;
    private final List<PreviewListener> previewListeners = new CopyOnWriteArrayList<>();
    private long savedRevision;
    private boolean settingsProblemsReported;
    private EditRun currentRun;
    /** Where a run's engine events land on the FX thread: the progress line and the preview. */
    private final EditRun.Updates runUpdates = new EditRun.Updates() {
        @Override
        public boolean isCurrent(EditRun run) {
            return currentRun == run;
        }

        @Override
        public void progressed(EditRun run) {
            progress.set(run.latest.fraction());
            refreshProgressText();
        }

        @Override
        public void previewed(EditEngine.Preview shown, Rect changed) {
            setPreview(shown, changed);
        }
    };
    private Rect variantPlacement;
    private String variantLabel;
    private List<String> variantRecords = List.of();
    private final Timeline elapsedTicker;

    private final Document.Listener documentListener = new Document.Listener() {
        @Override
        public void imageChanged(Rect rect) {
            variantTree.setApplied(null); // until a result is applied again, the image is no result of the tree
            documentChanged();
        }

        @Override
        public void maskChanged(Rect rect) {
            documentChanged();
        }

        @Override
        public void resized() {
            variantTree.setApplied(null);
            documentChanged();
        }

        @Override
        public void historyChanged() {
            variantTree.clearSteps(); // the document moved on: its history undoes from here
            documentChanged();
        }
    };

    /** {@code store} is the settings file shared with the CLI; the panel's values are kept in it. */
    public EditorViewModel(EditEngine engine, Executor executor, SettingsStore store) {
        this.engine = engine;
        this.executor = executor;
        this.store = store;
        this.tasks = new BackgroundTasks(executor, message,
                failure -> LOG.warn(failure.message(), failure.cause()));
        this.settings = new SettingsModel(store.get());
        this.modelStatus = new ModelStatus(engine, executor, store, tasks, this::updateSettings, this::cancel,
                description -> settings.applyRecommended(description.recommended()));
        this.recentFiles.setAll(store.get().recentFiles());
        this.historyBudget = Math.max(64L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4));
        this.variantTree = new VariantTree(historyBudget);
        variantTree.canUndoStepProperty().addListener(o -> documentChanged());
        variantTree.canRedoStepProperty().addListener(o -> documentChanged());
        variantTree.shownProperty().addListener(o -> choosing.set(!variants.isEmpty() || variantTree.shown() != null));
        variants.addListener((javafx.collections.ListChangeListener<Raster>) c ->
                choosing.set(!variants.isEmpty() || variantTree.shown() != null));
        this.elapsedTicker = new Timeline(new KeyFrame(Duration.millis(100), e -> refreshProgressText()));
        elapsedTicker.setCycleCount(Timeline.INDEFINITE);
        compare.addListener((obs, was, on) -> refreshCompare());
    }

    public void setFailureHandler(Consumer<Failure> handler) {
        tasks.setFailureHandler(handler);
    }

    /** Asks the user about an edit expected to take long (FX thread; may show a modal dialog). */
    public void setLongEditQuestion(Function<LongEdit, LongEditChoice> question) {
        this.longEditQuestion = question;
    }

    public void addPreviewListener(PreviewListener listener) {
        previewListeners.add(listener);
    }

    // ---- model ---------------------------------------------------------------------------------

    /**
     * Takes the sampling settings and seed of an edit record into the settings panel and locks the
     * seed, so the next Generate makes the same variants again (on the same mask or area).
     */
    public void reuseSettings(String recordJson) {
        try {
            EditRecord record = EditRecord.fromJson(recordJson);
            settings.use(record.settings());
            settings.seedLockedProperty().set(true);
            message.set(Messages.text("status.reused", record.settings().seed(),
                    record.operation().name().toLowerCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            message.set(Messages.text("status.notReusable", e.getMessage()));
        }
    }

    /** One line for an edit record: "inpaint · seed 1234 · 64 steps · class 207". */
    public static String describeRecord(String json) {
        try {
            EditRecord record = EditRecord.fromJson(json);
            SamplingSettings s = record.settings();
            return Messages.text("records.line", record.operation().name().toLowerCase(Locale.ROOT), s.seed(), s.steps())
                    + (s.classId() == null ? "" : Messages.text("records.line.class", s.classId()))
                    + (s.variants() > 1 ? Messages.text("records.line.variants", s.variants()) : "");
        } catch (RuntimeException e) {
            return Messages.text("records.unreadable");
        }
    }

    /** Says something in the status bar (what happened, when no dialog is needed). */
    public void report(String text) {
        message.set(text);
    }

    /** Which model and device run, and switching them. */
    public ModelStatus modelStatus() {
        return modelStatus;
    }

    // ---- documents -----------------------------------------------------------------------------

    public void open(Path file) {
        tasks.run(Messages.text("task.open", file.getFileName()), () -> ImageFiles.read(file), loaded -> {
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
            setDocument(opened);
            rememberRecent(file);
            message.set(Messages.text("status.opened", file.getFileName(), loaded.image().width(),
                    loaded.image().height())
                    + (records.isEmpty() ? "" : records.size() == 1 ? Messages.text("status.opened.record")
                            : Messages.text("status.opened.records", records.size()))
                    + (damage != null ? Messages.text("status.opened.damaged", damage) : "")
                    + loaded.notes().stream().map(note -> "; " + note).collect(java.util.stream.Collectors.joining()));
        }, null);
    }

    /** Why an embedded edit record is unusable (not a JSON object), or null when it is usable or absent. */
    private static String recordDamage(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JsonParser.parseString(json).isJsonObject() ? null : Messages.text("records.notObject");
        } catch (JsonParseException e) {
            return Messages.text("records.notJson");
        }
    }

    /**
     * Tells the user, once, what was wrong with the settings file when it was opened (unknown keys and
     * unusable values, which were replaced by their defaults; the file was backed up); nothing when
     * it was fine.
     */
    public void reportSettingsProblems() {
        if (!settingsProblemsReported && !store.problems().isEmpty()) {
            settingsProblemsReported = true;
            tasks.fail(new Failure(Messages.text("failure.settings"),
                    String.join("\n", store.problems().stream().map(Texts::escaped).toList()), null));
        }
    }

    /** Opens the document autosaved before a crash; it counts as modified until saved. */
    public void openRestored(Autosave.Snapshot snapshot) {
        setDocument(snapshot.toDocument(historyBudget));
        savedRevision = -1; // restored: unsaved until saved
        documentChanged();
        message.set(Messages.text("status.restored", snapshot.savedAt()));
    }

    /** Opens pixels that have no file (a paste): Save asks where to write them. */
    public void openImage(Raster image, String description) {
        setDocument(new Document(image, null, null, historyBudget));
        message.set(Messages.text("status.pasted", description, image.width(), image.height()));
    }

    private void setDocument(Document doc) {
        cancel();
        dropVariants();
        Document old = document.get();
        if (old != null) {
            old.removeListener(documentListener);
            if (old.memoryBytes() > GIVE_BACK_BYTES) {
                giveMemoryBack();
            }
        }
        resetOutpaint();
        compare.set(false);
        variantTree.clear();
        rerollControls.reset();
        document.set(doc);
        doc.addListener(documentListener);
        savedRevision = doc.imageRevision();
        documentChanged();
    }

    /**
     * After a large document closed, once nothing refers to it any more (the canvas draws the next
     * one), a full collection lets the JVM shrink its heap and return the memory to the system;
     * otherwise the process kept the size of the largest photo ever opened.
     */
    private static void giveMemoryBack() {
        Thread collector = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            System.gc();
        }, "memory-give-back");
        collector.setDaemon(true);
        collector.start();
    }

    private void documentChanged() {
        Document doc = document.get();
        canUndo.set(doc != null && (doc.history().canUndo() || variantTree.canUndoStepProperty().get()));
        canRedo.set(doc != null && (doc.history().canRedo() || variantTree.canRedoStepProperty().get()));
        modified.set(doc != null && doc.imageRevision() != savedRevision);
        editRecord.set(doc == null ? "" : doc.lastEditRecord().orElse(""));
        documentBytes.set(doc == null ? 0 : doc.memoryBytes());
        List<String> records = doc == null ? List.of() : doc.editRecords();
        if (!records.equals(editRecords)) {
            editRecords.setAll(records);
        }
        String name = doc == null ? null : doc.file().map(f -> f.getFileName().toString()).orElse(Messages.text("title.untitled"));
        title.set(name == null ? Messages.text("app.title")
                : Messages.text(modified.get() ? "title.modified" : "title.document", name));
    }

    private void rememberRecent(Path file) {
        updateSettings(s -> s.withRecentFile(file.toAbsolutePath().toString()));
        recentFiles.setAll(store.get().recentFiles());
    }

    /** Saves to the document's file; false when it has none or it is not a PNG (ask for Save As). */
    public boolean save() {
        return save(() -> { });
    }

    /** {@link #save()}, then {@code then} once the file is written (not when the save fails). */
    public boolean save(Runnable then) {
        Document doc = document.get();
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
        Document doc = requireDocument();
        if (doc != null) {
            long revisionSaved = doc.imageRevision();
            Path target = ImageFormat.ofFileName(file).isPresent() ? file : withPngExtension(file);
            ImageFormat format = ImageFormat.ofFileName(target).orElseThrow();
            write(doc, target, format, "task.save", written -> {
                doc.setFile(written);
                savedRevision = revisionSaved;
                rememberRecent(written);
                documentChanged();
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
        Document doc = requireDocument();
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
        Raster pixels = doc.acquireImage();
        ImageFiles.SaveOptions options = new ImageFiles.SaveOptions(doc.editRecords(), doc.exif(),
                saveSettings.jpegQuality());
        tasks.run(Messages.text(doing, target.getFileName()), () -> {
            try {
                ImageFiles.write(pixels, target, format, options);
            } finally {
                Platform.runLater(() -> doc.releaseImage(pixels));
            }
            return target;
        }, written, null);
    }

    public void saveMask(Path file) {
        Document doc = requireDocument();
        if (doc == null) {
            return;
        }
        Mask copy = doc.mask().copy();
        Path target = withPngExtension(file);
        tasks.run(Messages.text("task.saveMask"), () -> {
            ImageFiles.writeMask(copy, target);
            return target;
        }, written -> message.set(Messages.text("status.maskSaved", written)), null);
    }

    public void loadMask(Path file) {
        Document doc = requireDocument();
        if (doc == null) {
            return;
        }
        tasks.run(Messages.text("task.loadMask"), () -> ImageFiles.readMask(file), mask -> {
            if (mask.width() != doc.width() || mask.height() != doc.height()) {
                tasks.fail(new Failure(Messages.text("failure.maskSize"), Messages.text("failure.maskSize.text",
                        file.getFileName(), mask.width(), mask.height(), doc.width(), doc.height()), null));
                return;
            }
            doc.replaceMask(Messages.text("edit.loadMask"), mask);
            message.set(Messages.text("status.maskLoaded", file.getFileName()));
        }, null);
    }

    private static boolean isPng(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    private static Path withPngExtension(Path file) {
        return isPng(file) ? file : file.resolveSibling(file.getFileName() + ".png");
    }

    /** Copies the image, or the selection's bounding box, to {@code clipboard} as an image ({@link ImageCopy}). */
    public void copy(javafx.scene.input.Clipboard clipboard) {
        Document doc = requireDocument();
        if (doc != null) {
            message.set(ImageCopy.copy(doc, clipboard));
        }
    }

    // ---- mask and history ----------------------------------------------------------------------

    public void invertMask() {
        Document doc = requireDocument();
        if (doc != null) {
            doc.editMask(Messages.text("edit.invertMask"), Mask::invert);
            message.set(Messages.text("status.maskInverted"));
        }
    }

    public void clearMask() {
        Document doc = requireDocument();
        if (doc != null) {
            doc.editMask(Messages.text("edit.clearMask"), Mask::clear);
            message.set(Messages.text("status.maskCleared"));
        }
    }

    /**
     * Undoes the latest re-roll of a shown result (showing the result it came from), else the
     * document's latest change.
     */
    public void undo() {
        Document doc = document.get();
        if (doc == null || generating.get()) {
            return;
        }
        if (variantTree.canUndoStepProperty().get()) {
            showNode(variantTree.undoStep());
            message.set(Messages.text("reroll.undone"));
        } else if (doc.undo()) {
            markAppliedNode(doc);
            message.set(Messages.text("status.undone"));
        }
    }

    /** After undo or redo: the tree's result the image now is (a fill or re-roll undone back to), if any. */
    private void markAppliedNode(Document doc) {
        variantTree.setApplied(variantTree.find(doc.lastEditRecord().orElse(null), doc.image()));
    }

    public void redo() {
        Document doc = document.get();
        if (doc == null || generating.get()) {
            return;
        }
        if (variantTree.canRedoStepProperty().get()) {
            showNode(variantTree.redoStep());
            message.set(Messages.text("reroll.redone"));
        } else if (doc.redo()) {
            markAppliedNode(doc);
            message.set(Messages.text("status.redone"));
        }
    }

    private void refreshCompare() {
        Document doc = document.get();
        if (!compare.get() || doc == null) {
            compareImage.set(null);
            return;
        }
        compareImage.set(doc.imageBeforeLastEdit().orElse(null));
        if (compareImage.get() == null) {
            message.set(Messages.text("status.nothingToCompare"));
        }
    }

    // ---- outpaint amounts ----------------------------------------------------------------------

    public boolean outpaintPending() {
        return outpaintLeft.get() + outpaintTop.get() + outpaintRight.get() + outpaintBottom.get() > 0;
    }

    public void resetOutpaint() {
        outpaintLeft.set(0);
        outpaintTop.set(0);
        outpaintRight.set(0);
        outpaintBottom.set(0);
    }

    // ---- generation ----------------------------------------------------------------------------

    /** Fills the pending outpaint area if any, else the mask. */
    public void generate() {
        Document doc = requireDocument();
        if (doc == null || refuseWhileGenerating()) {
            return;
        }
        EditJob job;
        if (outpaintPending()) {
            job = new EditJob.Outpaint(doc.acquireImage(), outpaintLeft.get(), outpaintTop.get(),
                    outpaintRight.get(), outpaintBottom.get(), maskAdjustments.featherProperty().get());
        } else if (!doc.mask().isEmpty()) {
            job = new EditJob.Inpaint(doc.acquireImage(), doc.mask().copy(), maskAdjustments.featherProperty().get());
        } else {
            message.set(Messages.text("status.nothingToFill"));
            return;
        }
        start(job);
    }

    /** Doubles the resolution with the engine's expansion. */
    public void expand() {
        Document doc = requireDocument();
        if (doc != null && !refuseWhileGenerating()) {
            start(new EditJob.Expand(doc.acquireImage()));
        }
    }

    /** One edit at a time: a second one is refused with a message rather than silently ignored. */
    private boolean refuseWhileGenerating() {
        if (generating.get()) {
            message.set(Messages.text("status.alreadyRunning"));
            return true;
        }
        return false;
    }

    /** Runs {@code job}, whose image was acquired from the document (released when the engine is done). */
    private void start(EditJob job) {
        Document doc = document.get();
        SamplingSettings chosen;
        try {
            if (!settings.seedLockedProperty().get()) {
                settings.rollSeed();
            }
            chosen = settings.snapshot();
        } catch (IllegalArgumentException e) {
            doc.releaseImage(job.image());
            tasks.fail(new Failure(Messages.text("failure.setting"), e.getMessage(), e));
            return;
        }
        updateSettings(settings::applyTo);
        if (!(job instanceof EditJob.Reroll)) {
            dropVariants(); // a re-roll of a shown variant keeps the strip
        }
        EditRun run = new EditRun(job, doc, placementOf(job, doc), runUpdates);
        currentRun = run;
        generating.set(true);
        progress.set(0);
        run.stageText = Messages.text("progress.preparing");
        refreshProgressText();
        elapsedTicker.play();
        message.set(Messages.text("status.running", job.label()));
        Task<EditListener.Progress> estimate = new Task<>() {
            @Override
            protected EditListener.Progress call() throws Exception {
                return engine.estimate(job, chosen);
            }
        };
        estimate.setOnSucceeded(e -> {
            if (currentRun == run) {
                confirmAndRun(run, chosen, estimate.getValue());
            } else {
                release(run); // cancelled meanwhile: nothing more runs on the image
            }
        });
        estimate.setOnFailed(e -> {
            release(run);
            if (currentRun == run) {
                failed(run, estimate.getException());
            }
        });
        executor.execute(() -> {
            try {
                estimate.run();
            } finally {
                if (run.cancelled.get()) {
                    release(run);
                }
            }
        });
    }

    /** Before an edit expected to take long, the user may go on, run one variant instead, or not start it. */
    private void confirmAndRun(EditRun run, SamplingSettings chosen, EditListener.Progress planned) {
        SamplingSettings settingsForRun = chosen;
        if (planned.hasEstimate() && planned.secondsLeft() > LONG_EDIT_SECONDS) {
            LongEdit question = new LongEdit(run.job.label(), planned.secondsLeft(), chosen.variants(),
                    planned.stage().windowCount());
            LongEditChoice choice = longEditQuestion.apply(question);
            if (currentRun != run) {
                release(run); // cancelled while the question was open
                return;
            }
            if (choice == LongEditChoice.CANCEL) {
                release(run);
                finishRun(run);
                message.set(Messages.text("status.notStarted", run.job.label()));
                return;
            }
            if (choice == LongEditChoice.ONE_VARIANT) {
                settingsForRun = chosen.withVariants(1);
            }
        }
        execute(run, settingsForRun);
    }

    private void execute(EditRun run, SamplingSettings settingsForRun) {
        Task<EditEngine.Outcome> task = new Task<>() {
            @Override
            protected EditEngine.Outcome call() throws Exception {
                return engine.run(run.job, settingsForRun, run, () -> run.cancelled.get() || isCancelled());
            }
        };
        run.task = task;
        task.setOnSucceeded(e -> {
            if (currentRun != run) {
                return;
            }
            finishRun(run);
            EditEngine.Outcome outcome = task.getValue();
            lastRunTime.set(formatSeconds(run.elapsedSeconds()));
            if (run.job instanceof EditJob.Reroll reroll) {
                finishReroll(run.document, reroll, outcome, settingsForRun.seed(), run.elapsedSeconds());
                return;
            }
            startTree(run.document, outcome, settingsForRun.seed(), run.placement);
            variantLabel = run.job.label();
            variantPlacement = run.placement;
            variantArea.set(editedArea(run.job, run.document));
            variantRecords = outcome.records();
            if (outcome.variants().size() == 1) {
                applyResult(run.document, run.job.label(), outcome.variants().get(0), outcome.records().get(0));
                variantTree.setApplied(variantTree.roots().isEmpty() ? null : variantTree.roots().get(0));
                message.set(Messages.text("status.done", run.job.label(), formatSeconds(run.elapsedSeconds())));
            } else {
                variants.setAll(outcome.variants());
                chooseVariant(0);
                message.set(Messages.text("status.variants", outcome.variants().size(),
                        formatSeconds(run.elapsedSeconds())));
            }
        });
        task.setOnFailed(e -> {
            if (currentRun == run) {
                failed(run, task.getException());
            }
        });
        executor.execute(() -> {
            try {
                task.run();
            } finally {
                release(run); // after the engine let go of its input, even when cancelled before it started
            }
        });
    }

    private void failed(EditRun run, Throwable error) {
        finishRun(run);
        if (error instanceof CancellationException) {
            message.set(Messages.text("status.cancelled"));
        } else {
            tasks.fail(describeFailure(Messages.text("task.failed", run.job.label()), error));
            message.set(Messages.text("task.failed", run.job.label()));
        }
    }

    /** Stops the running generation at once; the image stays as it was. */
    public void cancel() {
        EditRun run = currentRun;
        if (run == null) {
            return;
        }
        run.cancelled.set(true);
        if (run.task != null) {
            run.task.cancel(false);
        }
        finishRun(run);
        message.set(Messages.text("status.cancelled"));
    }

    private void finishRun(EditRun run) {
        if (currentRun == run) {
            currentRun = null;
        }
        elapsedTicker.stop();
        generating.set(false);
        progress.set(0);
        progressText.set("");
        setPreview(null, Rect.EMPTY);
    }

    /** The engine is done with the run's input: the document may edit its image in place again. Once. */
    private static void release(EditRun run) {
        if (run.released.compareAndSet(false, true)) {
            Platform.runLater(() -> run.document.releaseImage(run.job.image()));
        }
    }

    /** Shows variant {@code index} on the canvas (not yet applied). */
    public void chooseVariant(int index) {
        if (index < 0 || index >= variants.size()) {
            return;
        }
        List<VariantTree.Node> roots = variantTree.roots();
        if (roots.size() == variants.size()) {
            showNode(roots.get(index));
            return;
        }
        selectedVariant.set(index);
        setPreview(new EditEngine.Preview(variants.get(index), variantPlacement), variantPlacement);
    }

    /** Shows a result of the variant tree on the canvas (not yet applied). */
    public void showNode(VariantTree.Node node) {
        Document doc = document.get();
        Rect placement = doc == null ? null : variantTree.placement(doc.width(), doc.height());
        if (node == null || placement == null) {
            return;
        }
        variantTree.show(node);
        selectedVariant.set(variantTree.roots().indexOf(node));
        setPreview(new EditEngine.Preview(node.image(), placement), placement);
    }

    /**
     * Generates again the part of the result on the canvas (the one shown, else the document's
     * image when it is a fill's result) under the re-roll brush, or with {@code unsure} its tokens
     * less probable than the threshold; pinned tokens stay. A re-roll of a shown result adds its
     * results to the tree and shows the first (undo removes them); one of the document's image is
     * applied as one undoable edit when it gives one result.
     */
    public void reroll(boolean unsure) {
        Document doc = requireDocument();
        if (doc == null || refuseWhileGenerating()) {
            return;
        }
        VariantTree.Node shown = variantTree.shown();
        VariantTree.Node base = shown != null ? shown : variantTree.applied();
        String record = doc.lastEditRecord().orElse(null);
        if (base == null) {
            base = variantTree.find(record, doc.image());
        }
        if (base != null) {
            rerollFrom(doc, base, shown != null, unsure);
            return;
        }
        if (record == null) {
            message.set(Messages.text("reroll.noFill"));
            return;
        }
        // an image opened with its record, or the tree forgot it: the record keeps its tokens
        Raster image = doc.acquireImage();
        tasks.run(Messages.text("reroll.reading"), () -> {
            try {
                return RecordTokens.of(record, image);
            } finally {
                Platform.runLater(() -> doc.releaseImage(image));
            }
        }, tokens -> {
            if (tokens == null) {
                message.set(Messages.text("reroll.noFill"));
            } else if (document.get() == doc && doc.image().width() == image.width()
                    && doc.image().height() == image.height()) {
                VariantTree.Node root = variantTree.setRoots(List.of(image.copy()), List.of(record), List.of(tokens),
                        List.of(0L), List.of(Messages.text("reroll.fromRecord")), new Rect(0, 0, image.width(),
                                image.height()), image.width(), image.height()).get(0);
                variantTree.setApplied(root);
                rerollFrom(doc, root, false, unsure);
            }
        }, null);
    }

    private void rerollFrom(Document doc, VariantTree.Node base, boolean shown, boolean unsure) {
        Rect placement = variantTree.placement(doc.width(), doc.height());
        Raster image = base.image();
        if (placement == null || base.tokens() == null) {
            message.set(Messages.text("reroll.noFill"));
            return;
        }
        int w = image.width();
        int h = image.height();
        BrushStrokes pinned = rerollControls.pinStrokes();
        PixelMask pins = pinned.isEmpty() ? null
                : InferenceEngine.toPixelMask(pinned.toMask(w, h, placement.x(), placement.y()));
        TokenSelection selection;
        PixelMask paint;
        if (unsure) {
            selection = base.tokens().below(rerollControls.thresholdProperty().get(), pins);
            paint = selection.pixels(base.tokens(), w, h);
        } else {
            if (rerollControls.rerollStrokes().isEmpty()) {
                message.set(Messages.text("reroll.noStrokes"));
                return;
            }
            paint = InferenceEngine.toPixelMask(rerollControls.rerollStrokes().toMask(w, h, placement.x(),
                    placement.y()));
            selection = base.tokens().under(paint, pins);
        }
        if (selection.isEmpty()) {
            message.set(Messages.text(unsure ? "reroll.noneUnsure" : "reroll.nothingUnder"));
            return;
        }
        rerollBase = base;
        rerollOfShown = shown;
        start(new EditJob.Reroll(image, base.tokens(), selection, paint, unsure, placement.x(), placement.y()));
    }

    private void finishReroll(Document doc, EditJob.Reroll job, EditEngine.Outcome outcome, long seed,
                              double seconds) {
        List<Long> seeds = java.util.stream.LongStream.range(0, outcome.variants().size()).map(v -> seed + v)
                .boxed().toList();
        String change = job.unsure()
                ? Messages.text("reroll.change.unsure", job.selection().count(),
                        100 * rerollControls.thresholdProperty().get())
                : Messages.text("reroll.change", job.selection().count());
        if (!variantTree.nodes().contains(rerollBase)) {
            message.set(Messages.text("reroll.baseGone"));
            return;
        }
        List<VariantTree.Node> added = variantTree.addChildren(rerollBase, outcome.variants(), outcome.records(),
                outcome.tokens(), seeds, change, rerollOfShown);
        rerollControls.rerollStrokes().clear();
        if (!rerollOfShown && added.size() == 1) {
            applyNode(doc, added.get(0), job.label());
            message.set(Messages.text("reroll.applied", change, formatSeconds(seconds)));
        } else {
            showNode(added.get(0));
            message.set(Messages.text("reroll.done", change, added.size(), formatSeconds(seconds)));
        }
    }

    /** Fills and re-rolls keep their results' tokens in the tree; other edits (expansion) empty it. */
    private void startTree(Document doc, EditEngine.Outcome outcome, long seed, Rect placement) {
        rerollControls.reset();
        if (outcome.tokens().isEmpty()) {
            variantTree.clear();
            return;
        }
        int count = outcome.variants().size();
        List<Long> seeds = java.util.stream.LongStream.range(0, count).map(v -> seed + v).boxed().toList();
        List<String> changes = java.util.stream.IntStream.range(0, count)
                .mapToObj(v -> Messages.text("reroll.variant", v + 1)).toList();
        variantTree.setRoots(outcome.variants(), outcome.records(), outcome.tokens(), seeds, changes, placement,
                doc.width(), doc.height());
    }

    private void applyNode(Document doc, VariantTree.Node node, String label) {
        dropVariants();
        applyResult(doc, label, node.image(), node.record());
        variantTree.setApplied(node);
    }

    /** Applies the chosen variant as one undoable edit. */
    public void applyVariant() {
        VariantTree.Node shownNode = variantTree.shown();
        Document shownDoc = document.get();
        if (shownNode != null && shownDoc != null) {
            String label = shownNode.parent() == null ? variantLabel : Messages.text("reroll.label");
            applyNode(shownDoc, shownNode, label);
            message.set(Messages.text("reroll.nodeApplied", shownNode.change()));
            return;
        }
        int index = selectedVariant.get();
        Document doc = document.get();
        if (index < 0 || index >= variants.size() || doc == null) {
            return;
        }
        Raster chosen = variants.get(index);
        String record = variantRecords.get(index);
        String label = variantLabel;
        dropVariants();
        applyResult(doc, label, chosen, record);
        message.set(Messages.text("status.variantApplied", label, index + 1));
    }

    /** The user keeps the image as it was: the variants go (the variant tree stays, to come back to). */
    public void discardVariants() {
        if (!variants.isEmpty() || variantTree.shown() != null) {
            dropVariants();
            message.set(Messages.text("status.discarded"));
        }
    }

    private void dropVariants() {
        if (!variants.isEmpty() || variantTree.shown() != null) {
            variants.clear();
            setPreview(null, Rect.EMPTY);
        }
        variantTree.show(null);
        selectedVariant.set(-1);
    }

    private void applyResult(Document doc, String label, Raster result, String record) {
        doc.applyImageEdit(label, result, record);
        resetOutpaint();
    }

    private void setPreview(EditEngine.Preview shown, Rect changed) {
        EditEngine.Preview before = preview.get();
        preview.set(shown);
        Rect area = shown == before ? changed
                : (before == null ? Rect.EMPTY : before.placement()).union(shown == null ? Rect.EMPTY : shown.placement());
        if (!area.isEmpty()) {
            previewListeners.forEach(l -> l.previewChanged(shown, area));
        }
    }

    /**
     * The part of a result the edit made (in the result's pixels) with some of its surroundings:
     * what a variant's thumbnail shows, so a small fill is not lost in the whole picture.
     */
    private static Rect editedArea(EditJob job, Document doc) {
        Rect made;
        int width = doc.width();
        int height = doc.height();
        if (job instanceof EditJob.Inpaint inpaint) {
            made = inpaint.mask().bounds();
        } else if (job instanceof EditJob.Outpaint o) {
            width += o.left() + o.right();
            height += o.top() + o.bottom();
            made = new Rect(0, 0, o.left(), height).union(new Rect(0, 0, width, o.top()))
                    .union(new Rect(width - o.right(), 0, o.right(), height))
                    .union(new Rect(0, height - o.bottom(), width, o.bottom()));
        } else {
            width *= 2;
            height *= 2;
            made = new Rect(0, 0, width, height);
        }
        int context = Math.max(16, Math.max(made.width(), made.height()) / 4);
        return new Rect(made.x() - context, made.y() - context, made.width() + 2 * context,
                made.height() + 2 * context).clip(width, height);
    }

    private static Rect placementOf(EditJob job, Document doc) {
        if (job instanceof EditJob.Reroll r) {
            return new Rect(r.originX(), r.originY(), r.image().width(), r.image().height());
        }
        if (job instanceof EditJob.Outpaint o) {
            return new Rect(-o.left(), -o.top(), doc.width() + o.left() + o.right(), doc.height() + o.top() + o.bottom());
        }
        return new Rect(0, 0, doc.width(), doc.height());
    }

    private void refreshProgressText() {
        EditRun run = currentRun;
        if (run != null) {
            progressText.set(ProgressText.describe(run.stageText, run.latest, run.secondsSinceLatest(),
                    run.elapsedSeconds()));
        }
    }

    static String formatSeconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private Document requireDocument() {
        Document doc = document.get();
        if (doc == null) {
            message.set(Messages.text("status.openFirst"));
        }
        return doc;
    }

    static Failure describeFailure(String title, Throwable error) {
        String text;
        if (error instanceof OutOfMemoryError) {
            text = Messages.text("failure.outOfMemory");
        } else if (error instanceof DeviceOutOfMemoryException) {
            text = error.getMessage();
        } else if (Devices.isOutOfMemory(error)) {
            text = Messages.text("failure.deviceOutOfMemory");
        } else if (error instanceof IOException) {
            text = error.getMessage();
        } else {
            text = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        }
        return new Failure(title, Texts.escaped(text), error); // the message may quote a file
    }

    private void updateSettings(java.util.function.UnaryOperator<Settings> change) {
        try {
            store.update(change);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not save settings to {}: {}", store.file(), e.getMessage(), e);
        }
    }

    /** Keeps the panel's current values (called when the window closes). */
    public void persist() {
        updateSettings(settings::applyTo);
    }

    public void setDarkTheme(boolean dark) {
        updateSettings(s -> s.edit().theme(dark ? "dark" : "light").build());
    }

    public boolean darkTheme() {
        return "dark".equals(store.get().theme());
    }

    // ---- properties ----------------------------------------------------------------------------

    public SettingsModel settings() {
        return settings;
    }

    public ReadOnlyObjectProperty<Document> documentProperty() {
        return document.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    public ReadOnlyBooleanProperty generatingProperty() {
        return generating.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EditEngine.Preview> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ObservableList<Raster> variants() {
        return variantsView;
    }

    public ReadOnlyIntegerProperty selectedVariantProperty() {
        return selectedVariant.getReadOnlyProperty();
    }

    /** The part of the variants their thumbnails show: what the edit made, with a little context. */
    public ReadOnlyObjectProperty<Rect> variantAreaProperty() {
        return variantArea.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty modifiedProperty() {
        return modified.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastRunTimeProperty() {
        return lastRunTime.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty editRecordProperty() {
        return editRecord.getReadOnlyProperty();
    }

    /** Bytes the open document holds (image, mask, undo history); 0 without one. */
    public ReadOnlyLongProperty documentBytesProperty() {
        return documentBytes.getReadOnlyProperty();
    }

    /** The records of the edits that made the image (and those its file came with), oldest first. */
    public ObservableList<String> editRecords() {
        return editRecordsView;
    }

    public ReadOnlyObjectProperty<Raster> compareImageProperty() {
        return compareImage.getReadOnlyProperty();
    }

    public ObservableList<String> recentFiles() {
        return recentFilesView;
    }

    public IntegerProperty outpaintLeftProperty() {
        return outpaintLeft;
    }

    public IntegerProperty outpaintTopProperty() {
        return outpaintTop;
    }

    public IntegerProperty outpaintRightProperty() {
        return outpaintRight;
    }

    public IntegerProperty outpaintBottomProperty() {
        return outpaintBottom;
    }

    public BooleanProperty compareProperty() {
        return compare;
    }

    /** A fill's results and their re-rolls. */
    public VariantTree variantTree() {
        return variantTree;
    }

    /** Grow and shrink of the mask, and the feather width fills are pasted with. */
    public MaskAdjustments maskAdjustments() {
        return maskAdjustments;
    }

    /** How files are saved (the JPEG quality). */
    public SaveSettings saveSettings() {
        return saveSettings;
    }

    /** The re-roll and pin brushes, the "unsure" threshold and the confidence heat map switch. */
    public RerollControls rerollControls() {
        return rerollControls;
    }

    /** Results are shown for choosing (variants, or a result of the tree): the mask tools wait. */
    public ReadOnlyBooleanProperty choosingProperty() {
        return choosing.getReadOnlyProperty();
    }

    /** Where the tree's results lie in the document now, or null when they do not fit it. */
    public Rect resultPlacement() {
        Document doc = document.get();
        return doc == null ? null : variantTree.placement(doc.width(), doc.height());
    }
}
