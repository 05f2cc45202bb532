package com.arpgstudio.app.reroll;

import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.inference.edit.FillTokens;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** One result. */
    public static final class Node {
        private final int id;
        private final Node parent;
        private final List<Node> children = new ArrayList<>();
        /** A root's whole image; a child's rectangle that differs from its parent. */
        private final Raster full;
        private final Rect patchRect;
        private final int[] patch;
        private final FillTokens tokens;
        private final String record;
        private final long seed;
        private final String change;

        private Node(int id, Node parent, Raster image, FillTokens tokens, String record, long seed, String change) {
            this.id = id;
            this.parent = parent;
            this.tokens = tokens;
            this.record = record;
            this.seed = seed;
            this.change = change;
            if (parent == null) {
                full = image;
                patchRect = Rect.EMPTY;
                patch = new int[0];
            } else {
                full = null;
                patchRect = parent.image().differenceBounds(image);
                patch = patchRect.isEmpty() ? new int[0] : image.copyRegion(patchRect);
            }
        }

        /** Unique within its tree, in creation order. */
        public int id() {
            return id;
        }

        /** The result it was re-rolled from, or null for a variant of the fill. */
        public Node parent() {
            return parent;
        }

        public List<Node> children() {
            return List.copyOf(children);
        }

        /** Its image (a new raster for a child, built from its parent's; a root's own, not to be modified). */
        public Raster image() {
            if (full != null) {
                return full;
            }
            Raster image = parent.image().copy();
            if (!patchRect.isEmpty()) {
                image.writeRegion(patchRect, patch);
            }
            return image;
        }

        /** What its re-roll changed (empty for a root): the rectangle differing from its parent. */
        public Rect changed() {
            return patchRect;
        }

        public FillTokens tokens() {
            return tokens;
        }

        /** The JSON record of the edit that made it. */
        public String record() {
            return record;
        }

        public long seed() {
            return seed;
        }

        /** What made it, for people: "Variant 2", "12 tokens re-rolled"... */
        public String change() {
            return change;
        }

        /** Whether this holds exactly {@code image}'s pixels. */
        public boolean shows(Raster image) {
            Raster mine = image();
            return mine.width() == image.width() && mine.height() == image.height()
                    && Arrays.equals(mine.pixels(), image.pixels());
        }

        long bytes() {
            return (full != null ? full.byteSize() : 4L * patch.length) + (tokens == null ? 0 : tokens.bytes())
                    + 2L * (record == null ? 0 : record.length()) + 128;
        }

        @Override
        public String toString() {
            return change;
        }
    }

    private final long budgetBytes;
    private final ObservableList<Node> nodes = FXCollections.observableArrayList();
    private final ObservableList<Node> nodesView = FXCollections.unmodifiableObservableList(nodes);
    private final ReadOnlyObjectWrapper<Node> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Node> applied = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final Deque<List<Node>> undoSteps = new ArrayDeque<>();
    private final Deque<List<Node>> redoSteps = new ArrayDeque<>();
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
    public List<Node> setRoots(List<Raster> images, List<String> records, List<FillTokens> tokens, List<Long> seeds,
                               List<String> changes, Rect placement, int documentWidth, int documentHeight) {
        clear();
        this.placement = placement;
        this.documentWidth = documentWidth;
        this.documentHeight = documentHeight;
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            roots.add(new Node(nextId++, null, images.get(i), tokens.get(i), records.get(i), seeds.get(i),
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
    public List<Node> addChildren(Node parent, List<Raster> images, List<String> records, List<FillTokens> tokens,
                                  List<Long> seeds, String change, boolean undoable) {
        requireMember(parent);
        List<Node> added = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            added.add(new Node(nextId++, parent, images.get(i), tokens.get(i), records.get(i), seeds.get(i), change));
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
    public Node undoStep() {
        List<Node> step = undoSteps.pop();
        detach(step);
        redoSteps.push(step);
        refreshSteps();
        return step.get(0).parent;
    }

    /** Puts the latest undone re-roll's results back; returns the first. */
    public Node redoStep() {
        List<Node> step = redoSteps.pop();
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

    public void show(Node node) {
        if (node != null) {
            requireMember(node);
        }
        shown.set(node);
    }

    public void setApplied(Node node) {
        if (node != null) {
            requireMember(node);
        }
        applied.set(node);
    }

    /** The node whose record is {@code record} and whose pixels are {@code image}'s, or null. */
    public Node find(String record, Raster image) {
        if (record == null) {
            return null;
        }
        for (Node node : nodes) {
            if (record.equals(node.record) && node.shows(image)) {
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
        return nodes.stream().mapToLong(Node::bytes).sum();
    }

    /** Every node, parents before their children. */
    public ObservableList<Node> nodes() {
        return nodesView;
    }

    public List<Node> roots() {
        return nodes.stream().filter(n -> n.parent == null).toList();
    }

    public ReadOnlyObjectProperty<Node> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public Node shown() {
        return shown.get();
    }

    public ReadOnlyObjectProperty<Node> appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    public Node applied() {
        return applied.get();
    }

    /** The node the canvas shows: the one shown over the document, else the applied one (or null). */
    public Node current() {
        return shown.get() != null ? shown.get() : applied.get();
    }

    public ReadOnlyBooleanProperty canUndoStepProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoStepProperty() {
        return canRedo.getReadOnlyProperty();
    }

    private void attach(List<Node> step) {
        Node parent = step.get(0).parent;
        parent.children.addAll(step);
        // children right after their parent's last descendant: parents stay before their children
        int at = nodes.indexOf(parent) + 1;
        while (at < nodes.size() && descends(nodes.get(at), parent)) {
            at++;
        }
        nodes.addAll(at, step);
    }

    private void detach(List<Node> step) {
        List<Node> gone = new ArrayList<>();
        for (Node node : step) {
            collect(node, gone);
        }
        step.get(0).parent.children.removeAll(step);
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
            Node oldest = nodes.stream()
                    .filter(n -> n.parent != null && n.children.isEmpty() && n != shown.get() && n != applied.get())
                    .min((a, b) -> Integer.compare(a.id, b.id)).orElse(null);
            if (oldest == null) {
                return;
            }
            oldest.parent.children.remove(oldest);
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

    private void requireMember(Node node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("node " + node + " is not in this tree");
        }
    }

    private static boolean descends(Node node, Node ancestor) {
        for (Node n = node.parent; n != null; n = n.parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static void collect(Node node, List<Node> into) {
        into.add(node);
        node.children.forEach(child -> collect(child, into));
    }
}
