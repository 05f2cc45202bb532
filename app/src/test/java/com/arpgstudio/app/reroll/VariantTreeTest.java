package com.arpgstudio.app.reroll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantTreeTest {

    private static ArgbImage flat(int colour) {
        ArgbImage r = ArgbImage.blank(40, 30);
        java.util.Arrays.fill(r.pixels(), colour);
        return r;
    }

    private static ArgbImage withSquare(ArgbImage base, int x, int y, int colour) {
        ArgbImage r = base.copy();
        for (int j = y; j < y + 4; j++) {
            for (int i = x; i < x + 4; i++) {
                r.set(i, j, colour);
            }
        }
        return r;
    }

    private static VariantTree twoVariants(long budget) {
        VariantTree tree = new VariantTree(budget);
        tree.setRoots(List.of(flat(1), flat(2)), List.of("{\"fill\":1}", "{\"fill\":1}"),
                Collections.nCopies(2, null), List.of(5L, 6L), List.of("Variant 1", "Variant 2"),
                new Rect(-10, 0, 40, 30), 30, 30);
        return tree;
    }

    @Test
    void childrenKeepOnlyWhatTheirReRollChangedAndComeRightAfterTheirParent() {
        VariantTree tree = twoVariants(1 << 20);
        VariantNode first = tree.roots().get(0);
        ArgbImage changed = withSquare(first.image(), 8, 8, 9);
        VariantNode child = tree.addChildren(first, List.of(changed), List.of("{\"reroll\":1}"),
                Collections.nCopies(1, null), List.of(7L), "1 tokens re-rolled", true).get(0);
        assertEquals(new Rect(8, 8, 4, 4), child.changed());
        assertArrayEquals(changed.pixels(), child.image().pixels());
        assertEquals(List.of(first, child, tree.roots().get(1)), tree.nodes(), "parents before their children");
        VariantNode grandchild = tree.addChildren(child, List.of(withSquare(changed, 20, 20, 3)),
                List.of("{\"reroll\":2}"), Collections.nCopies(1, null), List.of(8L), "Re-roll", true).get(0);
        assertEquals(9, grandchild.image().get(9, 9));
        assertEquals(3, grandchild.image().get(21, 21));
        assertSame(grandchild, tree.find("{\"reroll\":2}", grandchild.image()));
        assertNull(tree.find("{\"reroll\":2}", changed), "the record matches, the pixels do not");
        assertSame(tree.roots().get(1), tree.find("{\"fill\":1}", flat(2)), "variants share their record");
    }

    @Test
    void reRollsOfAShownResultAreUndoneAndRedoneStepByStep() {
        VariantTree tree = twoVariants(1 << 20);
        VariantNode first = tree.roots().get(0);
        List<VariantNode> step = tree.addChildren(first, List.of(withSquare(flat(1), 0, 0, 4),
                withSquare(flat(1), 4, 0, 5)), List.of("r", "r"), Collections.nCopies(2, null), List.of(9L, 10L),
                "Re-roll", true);
        tree.show(step.get(1));
        tree.setApplied(step.get(0));
        assertTrue(tree.canUndoStepProperty().get());
        assertSame(first, tree.undoStep(), "undo goes back to the result re-rolled");
        assertEquals(2, tree.nodes().size());
        assertNull(tree.shown(), "a node undone is shown no more");
        assertNull(tree.applied());
        assertTrue(tree.canRedoStepProperty().get());
        assertSame(step.get(0), tree.redoStep());
        assertEquals(4, tree.nodes().size());
        tree.clearSteps();
        assertFalse(tree.canUndoStepProperty().get());
        tree.addChildren(first, List.of(flat(7)), List.of("r"), Collections.nCopies(1, null), List.of(1L), "Re-roll",
                false);
        assertFalse(tree.canUndoStepProperty().get(), "a re-roll applied to the document is the document's to undo");
    }

    @Test
    void resultsLieWhereTheFillRanOrOnTheDocumentTheyWereAppliedTo() {
        VariantTree tree = twoVariants(1 << 20);
        assertEquals(new Rect(-10, 0, 40, 30), tree.placement(30, 30), "an outpainting before it is applied");
        assertEquals(new Rect(0, 0, 40, 30), tree.placement(40, 30), "after");
        assertNull(tree.placement(50, 50));
        tree.clear();
        assertTrue(tree.nodes().isEmpty());
    }

    @Test
    void pastItsBudgetTheTreeForgetsTheOldestReRollsThatAreNotInUse() {
        long roots = twoVariants(1 << 20).bytes();
        VariantTree tree = twoVariants(roots + 2 * (4 * 16 + 200));
        VariantNode first = tree.roots().get(0);
        VariantNode a = tree.addChildren(first, List.of(withSquare(flat(1), 0, 0, 4)), List.of("a"),
                Collections.nCopies(1, null), List.of(1L), "a", true).get(0);
        tree.show(a);
        VariantNode b = tree.addChildren(first, List.of(withSquare(flat(1), 8, 0, 4)), List.of("b"),
                Collections.nCopies(1, null), List.of(2L), "b", true).get(0);
        VariantNode c = tree.addChildren(first, List.of(withSquare(flat(1), 16, 0, 4)), List.of("c"),
                Collections.nCopies(1, null), List.of(3L), "c", true).get(0);
        assertTrue(tree.nodes().contains(a), "shown: kept");
        assertFalse(tree.nodes().contains(b), "the oldest unused re-roll is forgotten");
        assertTrue(tree.nodes().contains(c));
        assertTrue(tree.roots().size() == 2);
        assertThrows(IllegalArgumentException.class, () -> tree.show(b));
    }
}
