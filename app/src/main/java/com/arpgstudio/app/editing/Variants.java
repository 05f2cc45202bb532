package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.VariantNode;
import com.arpgstudio.app.reroll.VariantTree;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The results of a fill for choosing: the variants of a run and which one the canvas shows, the
 * {@link VariantTree} of the results and their re-rolls, and applying or discarding them. A shown
 * result is a preview (through {@link Previews}) until it is applied as one undoable edit.
 */
public final class Variants {

    /** Where results are shown before they are applied. */
    interface Previews {
        void show(Preview preview, Rect changed);
    }

    private final Supplier<Document> document;
    private final StringProperty message;
    private final Previews previews;
    private final RerollControls rerollControls;
    private final VariantTree tree;

    private final ObservableList<ArgbImage> variants = FXCollections.observableArrayList();
    private Rect placement;
    private String label;
    private List<String> records = List.of();

    Variants(Supplier<Document> document, StringProperty message, Previews previews, RerollControls rerollControls,
             long historyBudget) {
        this.document = document;
        this.message = message;
        this.previews = previews;
        this.rerollControls = rerollControls;
        this.tree = new VariantTree(historyBudget);
        tree.shownProperty().addListener(o -> refreshChoosing());
        variants.addListener((ListChangeListener<ArgbImage>) c -> refreshChoosing());
    }

    private void refreshChoosing() {
        choosing.set(!variants.isEmpty() || tree.shown() != null);
    }

    /**
     * A fill or expansion finished: one result is applied at once, several are shown for choosing.
     * Fills keep their results' tokens in the tree; other edits (expansion) empty it.
     */
    void finished(EditRun run, EditResult result, long seed) {
        Document doc = run.document;
        rerollControls.reset();
        List<ArgbImage> images = result.images();
        List<String> resultRecords = Collections.nCopies(images.size(), run.recordJson);
        if (result.tokens().isEmpty()) {
            tree.clear();
        } else {
            int count = images.size();
            List<Long> seeds = LongStream.range(0, count).map(v -> seed + v).boxed().toList();
            List<String> changes = IntStream.range(0, count)
                    .mapToObj(v -> Messages.text("reroll.variant", v + 1)).toList();
            tree.setRoots(images, resultRecords, result.tokens(), seeds, changes, run.placement,
                    doc.width(), doc.height());
        }
        label = run.job.label();
        placement = run.placement;
        area.set(editedArea(run.job, doc));
        records = resultRecords;
        String seconds = Generation.formatSeconds(run.elapsedSeconds());
        if (images.size() == 1) {
            applyResult(doc, label, images.get(0), run.recordJson);
            tree.setApplied(tree.roots().isEmpty() ? null : tree.roots().get(0));
            message.set(Messages.text("status.done", label, seconds));
        } else {
            variants.setAll(images);
            choose(0);
            message.set(Messages.text("status.variants", images.size(), seconds,
                    Messages.text("gesture.applyvariant"), Messages.text("gesture.cancelordiscard")));
        }
    }

    /** Shows variant {@code index} on the canvas (not yet applied). */
    public void choose(int index) {
        if (index < 0 || index >= variants.size()) {
            return;
        }
        List<VariantNode> roots = tree.roots();
        if (roots.size() == variants.size()) {
            show(roots.get(index));
            return;
        }
        selected.set(index);
        previews.show(new Preview(placement, variants.get(index), true), placement);
    }

    /** Shows a result of the variant tree on the canvas (not yet applied). */
    public void show(VariantNode node) {
        Rect at = resultPlacement();
        if (node == null || at == null) {
            return;
        }
        tree.show(node);
        selected.set(tree.roots().indexOf(node));
        previews.show(new Preview(at, node.image(), true), at);
    }

    /** Applies a result of the tree as one undoable edit; it is the image from then on. */
    void apply(Document doc, VariantNode node, String editLabel) {
        drop();
        applyResult(doc, editLabel, node.image(), node.record());
        tree.setApplied(node);
    }

    /** Applies the chosen variant (or shown result of the tree) as one undoable edit. */
    public void applyChosen() {
        VariantNode shownNode = tree.shown();
        Document doc = document.get();
        if (shownNode != null && doc != null) {
            apply(doc, shownNode, shownNode.parent() == null ? label : Messages.text("reroll.label"));
            message.set(Messages.text("reroll.nodeApplied", shownNode.change()));
            return;
        }
        int index = selected.get();
        if (index < 0 || index >= variants.size() || doc == null) {
            return;
        }
        ArgbImage chosen = variants.get(index);
        String record = records.get(index);
        drop();
        applyResult(doc, label, chosen, record);
        message.set(Messages.text("status.variantApplied", label, index + 1));
    }

    /** The user keeps the image as it was: the variants go (the variant tree stays, to come back to). */
    public void discard() {
        if (choosing.get()) {
            drop();
            message.set(Messages.text("status.discarded"));
        }
    }

    /** Nothing is shown for choosing any more. */
    void drop() {
        if (choosing.get()) {
            variants.clear();
            previews.show(null, Rect.EMPTY);
        }
        tree.show(null);
        selected.set(-1);
    }

    private void applyResult(Document doc, String editLabel, ArgbImage result, String record) {
        doc.applyImageEdit(editLabel, result, record); // uses up the pending outpaint margins
    }

    /**
     * The part of a result the edit made (in the result's pixels) with some of its surroundings:
     * what a variant's thumbnail shows, so a small fill is not lost in the whole picture.
     */
    static Rect editedArea(EditJob job, Document doc) {
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

    /** Where the tree's results lie in the document now, or null when they do not fit it. */
    public Rect resultPlacement() {
        Document doc = document.get();
        return doc == null ? null : tree.placement(doc.width(), doc.height());
    }

    private final ObservableList<ArgbImage> variantsView = FXCollections.unmodifiableObservableList(variants);

    /** The images of a run's variants, while they are shown for choosing. */
    public ObservableList<ArgbImage> images() {
        return variantsView;
    }

    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(-1);

    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    private final ReadOnlyObjectWrapper<Rect> area = new ReadOnlyObjectWrapper<>(Rect.EMPTY);

    /** The part of the variants their thumbnails show: what the edit made, with a little context. */
    public ReadOnlyObjectProperty<Rect> areaProperty() {
        return area.getReadOnlyProperty();
    }

    private final ReadOnlyBooleanWrapper choosing = new ReadOnlyBooleanWrapper();

    /** Results are shown for choosing (variants, or a result of the tree): the mask tools wait. */
    public ReadOnlyBooleanProperty choosingProperty() {
        return choosing.getReadOnlyProperty();
    }

    /** A fill's results and their re-rolls. */
    public VariantTree tree() {
        return tree;
    }
}
