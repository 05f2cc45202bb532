package com.arpgstudio.app.reroll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class VariantNodeTest {

    @Test
    void aChildKeepsOnlyTheRectangleThatDiffersAndRebuildsItsImageFromItsParent() {
        ArgbImage base = ArgbImage.blank(16, 8);
        ArgbImage rerolled = base.copy();
        rerolled.pixels()[3 * 16 + 5] = 0xff00ff00; // (5, 3)
        rerolled.pixels()[4 * 16 + 6] = 0xff0000ff; // (6, 4)
        VariantNode root = new VariantNode(0, null, base, null, "{}", 7, "Variant 1");
        VariantNode child = new VariantNode(1, root, rerolled, null, "{}", 8, "2 tokens re-rolled");

        assertEquals(Rect.EMPTY, root.changed());
        assertEquals(new Rect(5, 3, 2, 2), child.changed());
        assertArrayEquals(rerolled.pixels(), child.image().pixels());
        assertTrue(child.bytes() < root.bytes(), "a child stores 4 pixels, not 128");
        assertTrue(child.shows(rerolled));
        assertFalse(root.shows(rerolled));
        assertEquals("2 tokens re-rolled", child.toString());
    }
}
