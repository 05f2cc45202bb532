package com.arpgstudio.app.reroll;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The results of one fill as a small tree: its variants are the roots, and every re-roll of a
 * result adds its results as children of it. Each node keeps its image (a child only the rectangle
 * that differs from its parent), its tokens with their confidence, its edit record, its seed and
 * what changed. One node may be shown on the canvas (not applied yet); one may be the document's
 * current image (applied). Re-rolls made while a result is shown are undone and redone here, one
 * step each. The tree's memory is bounded: past the budget, the oldest re-rolled leaves that are
 * neither shown nor applied are forgotten. Used on the FX thread only.
 */
public final class VariantTree {

    private final long budgetBytes;
    private final ObservableList<VariantNode> nodes = FXCollections.observableArrayList();
    private final Deque<List<VariantNode>> undoSteps = new ArrayDeque<>();
    private final Deque<List<VariantNode>> redoSteps = new ArrayDeque<>();
    private int nextId;
    /** Where the results' pixel (0, 0) lay in the document the fill ran on, and their size. */
    private Rect placement = Rect.EMPTY;
    private int documentWidth;
    private int documentHeight;

    /** @param budgetBytes heap the tree may keep (images, tokens, records) before it forgets old re-rolls */
    public VariantTree(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("expected a positive budget, found " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /**
     * Starts the tree of a new fill: one root per variant.
     *
     * @param changes   what made each variant, for people
     * @param placement where the results' pixel (0, 0) lies in the document the fill ran on (an
     *                  outpainting's lies left of and above it), and their size
     * @param documentWidth  that document's width
     * @param documentHeight that document's height
     */
    public List<VariantNode> setRoots(List<ArgbImage> images, List<String> records, List<FillTokens> tokens, List<Long> seeds,
                               List<String> changes, Rect placement, int documentWidth, int documentHeight) {
        clear();
        this.placement = placement;
        this.documentWidth = documentWidth;
        this.documentHeight = documentHeight;
        List<VariantNode> roots = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            roots.add(new VariantNode(nextId++, null, images.get(i), tokens.get(i), records.get(i), seeds.get(i),
                    changes.get(i)));
        }
        nodes.setAll(roots);
        return roots;
    }

    /**
     * Where the results lie on a document of the given size: as on the fill's, or on one a result
     * was applied to (at its origin); null on any other.
     */
    public Rect placement(int width, int height) {
        if (width == placement.width() && height == placement.height()) {
            return new Rect(0, 0, width, height);
        }
        return width == documentWidth && height == documentHeight ? placement : null;
    }

    /**
     * Adds the results of a re-roll of {@code parent} as its children.
     *
     * @param undoable whether undo removes them again (a re-roll of a shown result) rather than
     *                 the document's history taking care of it
     */
    public List<VariantNode> addChildren(VariantNode parent, List<ArgbImage> images, List<String> records, List<FillTokens> tokens,
                                  List<Long> seeds, String change, boolean undoable) {
        requireMember(parent);
        List<VariantNode> added = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            added.add(new VariantNode(nextId++, parent, images.get(i), tokens.get(i), records.get(i), seeds.get(i), change));
        }
        attach(added);
        if (undoable) {
            undoSteps.push(added);
        } else {
            undoSteps.clear();
        }
        redoSteps.clear();
        refreshSteps();
        trim();
        return added;
    }

    /** Removes the latest undoable re-roll's results; returns the result they came from. */
    public VariantNode undoStep() {
        List<VariantNode> step = undoSteps.pop();
        detach(step);
        redoSteps.push(step);
        refreshSteps();
        return step.get(0).parent();
    }

    /** Puts the latest undone re-roll's results back; returns the first. */
    public VariantNode redoStep() {
        List<VariantNode> step = redoSteps.pop();
        attach(step);
        undoSteps.push(step);
        refreshSteps();
        return step.get(0);
    }

    /** The document changed on its own: earlier re-rolls are no longer undone here. */
    public void clearSteps() {
        undoSteps.clear();
        redoSteps.clear();
        refreshSteps();
    }

    public void show(VariantNode node) {
        if (node != null) {
            requireMember(node);
        }
        shown.set(node);
    }

    public void setApplied(VariantNode node) {
        if (node != null) {
            requireMember(node);
        }
        applied.set(node);
    }

    /** The node whose record is {@code record} and whose pixels are {@code image}'s, or null. */
    public VariantNode find(String record, ArgbImage image) {
        if (record == null) {
            return null;
        }
        for (VariantNode node : nodes) {
            if (record.equals(node.record()) && node.shows(image)) {
                return node;
            }
        }
        return null;
    }

    public void clear() {
        placement = Rect.EMPTY;
        nodes.clear();
        shown.set(null);
        applied.set(null);
        clearSteps();
    }

    /** Heap the tree keeps. */
    public long bytes() {
        return nodes.stream().mapToLong(VariantNode::bytes).sum();
    }

    private final ObservableList<VariantNode> nodesView = FXCollections.unmodifiableObservableList(nodes);

    /** Every node, parents before their children. */
    public ObservableList<VariantNode> nodes() {
        return nodesView;
    }

    public List<VariantNode> roots() {
        return nodes.stream().filter(n -> n.parent() == null).toList();
    }

    private final ReadOnlyObjectWrapper<VariantNode> shown = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<VariantNode> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public VariantNode shown() {
        return shown.get();
    }

    private final ReadOnlyObjectWrapper<VariantNode> applied = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<VariantNode> appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    public VariantNode applied() {
        return applied.get();
    }

    /** The node the canvas shows: the one shown over the document, else the applied one (or null). */
    public VariantNode current() {
        return shown.get() != null ? shown.get() : applied.get();
    }

    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty canUndoStepProperty() {
        return canUndo.getReadOnlyProperty();
    }

    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty canRedoStepProperty() {
        return canRedo.getReadOnlyProperty();
    }

    private void attach(List<VariantNode> step) {
        VariantNode parent = step.get(0).parent();
        parent.children.addAll(step);
        // children right after their parent's last descendant: parents stay before their children
        int at = nodes.indexOf(parent) + 1;
        while (at < nodes.size() && descends(nodes.get(at), parent)) {
            at++;
        }
        nodes.addAll(at, step);
    }

    private void detach(List<VariantNode> step) {
        List<VariantNode> gone = new ArrayList<>();
        for (VariantNode node : step) {
            collect(node, gone);
        }
        step.get(0).parent().children.removeAll(step);
        nodes.removeAll(gone);
        if (gone.contains(shown.get())) {
            shown.set(null);
        }
        if (gone.contains(applied.get())) {
            applied.set(null);
        }
    }

    private void trim() {
        long bytes = bytes();
        while (bytes > budgetBytes) {
            VariantNode oldest = nodes.stream()
                    .filter(n -> n.parent() != null && n.children.isEmpty() && n != shown.get() && n != applied.get())
                    .min((a, b) -> Integer.compare(a.id(), b.id())).orElse(null);
            if (oldest == null) {
                return;
            }
            oldest.parent().children.remove(oldest);
            nodes.remove(oldest);
            undoSteps.forEach(step -> step.remove(oldest));
            undoSteps.removeIf(List::isEmpty);
            redoSteps.clear();
            refreshSteps();
            bytes -= oldest.bytes();
        }
    }

    private void refreshSteps() {
        canUndo.set(!undoSteps.isEmpty());
        canRedo.set(!redoSteps.isEmpty());
    }

    private void requireMember(VariantNode node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("node " + node + " is not in this tree");
        }
    }

    private static boolean descends(VariantNode node, VariantNode ancestor) {
        for (VariantNode n = node.parent(); n != null; n = n.parent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static void collect(VariantNode node, List<VariantNode> into) {
        into.add(node);
        node.children.forEach(child -> collect(child, into));
    }
}
