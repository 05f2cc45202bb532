package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.mask.MaskAdjustments;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.VariantTree;
import com.arpgstudio.app.settings.SettingsModel;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editor's state and actions, independent of any window: open, mask edits, generate (with
 * streamed previews, cancel and variants), expand, undo/redo, compare, save and export. Long work
 * runs as {@link Task}s on the given executor; results and engine events come back to the FX thread.
 * Outputs are read-only properties; user inputs (settings, outpaint amounts, compare) are plain ones.
 * It composes one part per concern: {@link DocumentFiles} (files), {@link EditHistory} (undo, redo,
 * compare, title), {@link Generation} (the edit in flight), {@link Variants} (the results to choose
 * from, in a {@link VariantTree}), {@link Rerolls}, {@link ModelStatus}, {@link SettingsFile} and
 * {@link OutpaintAmounts}; the window reaches most of them through their accessors.
 */
public final class EditorViewModel {

    /** Something that went wrong, for a dialog with details. */
    public record Failure(String title, String message, Throwable cause) {}

    /** An edit expected to take longer than {@link #LONG_EDIT_SECONDS}, before it starts or once {@code started}. */
    public record LongEdit(String label, double expectedSeconds, int variants, int windows, boolean started) {}

    /** What to do about a {@link LongEdit}. */
    public enum LongEditChoice { CONTINUE, ONE_VARIANT, CANCEL }

    /** Told where the preview's pixels changed (document coordinates); a null preview means none is shown. */
    public interface PreviewListener {
        void previewChanged(Preview preview, Rect changed);
    }

    /** Closing a document that held more than this asks the JVM to collect and shrink its heap. */
    private static final long GIVE_BACK_BYTES = 256L << 20;

    /** Edits expected to take longer than this are asked about, before they start where an estimate exists. */
    public static final double LONG_EDIT_SECONDS = 180;

    private static final Logger LOG = LoggerFactory.getLogger(EditorViewModel.class);

    private final SettingsFile settingsFile;

    private final OutpaintAmounts outpaint = new OutpaintAmounts();
    private final VariantTree variantTree;
    private final CanvasPreview preview = new CanvasPreview();
    private final Variants variants;
    private final Generation generation;
    private final Rerolls rerolls;
    private final EditHistory history;
    private final RerollControls rerollControls = new RerollControls();
    private final MaskAdjustments maskAdjustments;

    private final BackgroundTasks tasks;
    private final ModelStatus modelStatus;
    private final DocumentFiles files;
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
        this.maskAdjustments = new MaskAdjustments(document.getReadOnlyProperty(), message::set);
        this.tasks = new BackgroundTasks(executor, message,
                failure -> LOG.warn(failure.message(), failure.cause()));
        this.settingsFile = new SettingsFile(store, message, tasks);
        this.modelStatus = new ModelStatus(engine, executor, store, tasks, settingsFile::update, this::cancel,
                description -> settings().applyRecommended(description.recommended()));
        long historyBudget = Math.max(64L << 20, Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4));
        this.files = new DocumentFiles(tasks, message, store, settingsFile::update, historyBudget,
                this::requireDocument, this::setDocument, this::documentChanged);
        this.variants = new Variants(document::get, message, preview::show, rerollControls,
                historyBudget);
        this.variantTree = variants.tree();
        this.generation = new Generation(engine, executor, settings(), settingsFile::persist, tasks, message, preview,
                variants::drop, this::finished);
        this.rerolls = new Rerolls(document::get, message, tasks, variants, rerollControls,
                job -> generation.start(document.get(), job));
        this.history = new EditHistory(document::get, message, variants, files::isModified,
                () -> generation.generatingProperty().get());
    }

    public void setFailureHandler(Consumer<Failure> handler) {
        tasks.setFailureHandler(handler);
    }

    /** Asks the user about an edit expected to take long (FX thread; may show a modal dialog). */
    public void setLongEditQuestion(Function<LongEdit, LongEditChoice> question) {
        generation.setLongEditQuestion(question);
    }

    public void addPreviewListener(PreviewListener listener) {
        preview.addListener(listener);
    }

    // ---- model ---------------------------------------------------------------------------------

    /** Says something in the status bar (what happened, when no dialog is needed). */
    public void report(String text) {
        message.set(text);
    }

    /** The open document's history: undo, redo, compare, modified, title, edit records. */
    public EditHistory history() {
        return history;
    }

    /** Open, save, export, the mask as a file, the recent files. */
    public DocumentFiles files() {
        return files;
    }

    /** The edit in flight: whether one runs, its progress, how long the last one took. */
    public Generation generation() {
        return generation;
    }

    /** The results shown for choosing (a run's variants, the tree of results and re-rolls), apply and discard. */
    public Variants variants() {
        return variants;
    }

    /** Which model and device run, and switching them. */
    public ModelStatus modelStatus() {
        return modelStatus;
    }

    // ---- documents -----------------------------------------------------------------------------

    private void setDocument(Document doc) {
        cancel();
        variants.drop();
        Document old = document.get();
        if (old != null) {
            old.removeListener(documentListener);
            if (old.memoryBytes() > GIVE_BACK_BYTES) {
                HeapGiveBack.afterLargeDocument();
            }
        }
        history.compareProperty().set(false);
        variantTree.clear();
        rerollControls.reset();
        document.set(doc);
        doc.addListener(documentListener);
        outpaint.attach(doc);
        documentChanged();
    }

    private void documentChanged() {
        history.refresh();
    }

    /** Saves to the document's file; false when it has none or it is not a PNG (ask for Save As). */
    public boolean save() {
        return save(() -> { });
    }

    /** {@link #save()}, then {@code then} once the file is written (not when the save fails). */
    public boolean save(Runnable then) {
        return files.save(document.get(), then);
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
        editMask("edit.invertMask", MaskPaint::invert, "status.maskInverted");
    }

    public void clearMask() {
        editMask("edit.clearMask", MaskPaint::clear, "status.maskCleared");
    }

    /** One undoable change of the mask, named by {@code editKey}, then {@code statusKey} in the status bar. */
    private void editMask(String editKey, Function<PixelMask, Rect> operation, String statusKey) {
        Document doc = requireDocument();
        if (doc != null) {
            doc.editMask(Messages.text(editKey), operation);
            message.set(Messages.text(statusKey));
        }
    }

    /** Undoes the latest re-roll of a shown result (showing the result it came from), else the document's latest change. */
    public void undo() {
        history.undo();
    }

    public void redo() {
        history.redo();
    }

    // ---- generation and its results -----------------------------------------------------------

    /** Fills the pending outpaint area if any, else the mask. */
    public void generate() {
        Document doc = requireDocument();
        if (doc == null || generation.refuseWhileGenerating()) {
            return;
        }
        int feather = maskAdjustments.featherProperty().get();
        if (outpaint.pending()) {
            generation.start(doc, new EditJob.Outpaint(doc.acquireImage(), outpaint.leftProperty().get(),
                    outpaint.topProperty().get(), outpaint.rightProperty().get(), outpaint.bottomProperty().get(),
                    feather));
        } else if (!doc.mask().isEmpty()) {
            generation.start(doc, new EditJob.Inpaint(doc.acquireImage(), doc.mask().copy(), feather));
        } else {
            message.set(Messages.text("status.nothingToFill"));
        }
    }

    /** Doubles the resolution with the engine's expansion. */
    public void expand() {
        Document doc = requireDocument();
        if (doc != null && !generation.refuseWhileGenerating()) {
            generation.start(doc, new EditJob.Expand(doc.acquireImage()));
        }
    }

    /** Stops the running generation at once; the image stays as it was. */
    public void cancel() {
        generation.cancel();
    }

    private void finished(EditRun run, EditResult result, long seed) {
        if (run.job instanceof EditJob.Reroll reroll) {
            rerolls.finished(run, reroll, result, seed);
        } else {
            variants.finished(run, result, seed);
        }
    }

    /**
     * Generates again the part of the result on the canvas under the re-roll brush, or with
     * {@code unsure} its tokens less probable than the threshold; pinned tokens stay ({@link Rerolls}).
     */
    public void reroll(boolean unsure) {
        Document doc = requireDocument();
        if (doc != null && !generation.refuseWhileGenerating()) {
            rerolls.reroll(doc, unsure);
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private Document requireDocument() {
        Document doc = document.get();
        if (doc == null) {
            message.set(Messages.text("status.openFirst"));
        }
        return doc;
    }

    // ---- properties ----------------------------------------------------------------------------

    /** The fill settings panel's values. */
    public SettingsModel settings() {
        return settingsFile.panel();
    }

    /** The settings file shared with the CLI: the panel's values kept, the theme, reused records. */
    public SettingsFile settingsFile() {
        return settingsFile;
    }

    private final ReadOnlyObjectWrapper<Document> document = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<Document> documentProperty() {
        return document.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    public ReadOnlyObjectProperty<Preview> previewProperty() {
        return preview.previewProperty();
    }

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The pixels the next fill adds on each side. */
    public OutpaintAmounts outpaint() {
        return outpaint;
    }

    /** Grow and shrink of the mask, and the feather width fills are pasted with. */
    public MaskAdjustments maskAdjustments() {
        return maskAdjustments;
    }

    /** The re-roll and pin brushes, the "unsure" threshold and the confidence heat map switch. */
    public RerollControls rerollControls() {
        return rerollControls;
    }
}
