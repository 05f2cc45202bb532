package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class MaskPaintTest {

    @Test
    void discCoversItsRadiusAndReportsTheTouchedBox() {
        PixelMask mask = new PixelMask(100, 80);
        Rect touched = MaskPaint.disc(mask, 50, 40, 10, true);
        assertTrue(mask.get(50, 40));
        assertTrue(mask.get(41, 40));
        assertFalse(mask.get(38, 40));
        assertFalse(mask.get(42, 32), "corner of the box is outside the circle");
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                if (mask.get(x, y)) {
                    assertTrue(x >= touched.x() && x < touched.right() && y >= touched.y() && y < touched.bottom());
                }
            }
        }
        long area = mask.count();
        assertTrue(Math.abs(area - Math.PI * 100) < 20, "disc area " + area);
    }

    @Test
    void segmentLeavesNoGapsAndClipsAtTheBorder() {
        PixelMask mask = new PixelMask(200, 50);
        Rect touched = MaskPaint.segment(mask, -20, 25, 230, 25, 3, true);
        for (int x = 0; x < 200; x++) {
            assertTrue(mask.get(x, 25), "gap at x=" + x);
        }
        assertEquals(0, touched.x());
        assertEquals(200, touched.right());
    }

    @Test
    void polygonFillsItsInsideOnly() {
        PixelMask mask = new PixelMask(100, 100);
        MaskPaint.polygon(mask, new double[] {10, 90, 10}, new double[] {10, 10, 90}, true);
        assertTrue(mask.get(20, 20));
        assertFalse(mask.get(80, 80));
        assertFalse(mask.get(5, 50));
        long area = mask.count();
        assertTrue(Math.abs(area - 3200) < 120, "triangle area " + area);
        MaskPaint.polygon(mask, new double[] {0, 100, 100, 0}, new double[] {0, 0, 50, 50}, false);
        assertFalse(mask.get(20, 20));
        assertTrue(mask.get(20, 60));
    }

    @Test
    void invertClearAndRectangles() {
        PixelMask mask = new PixelMask(10, 10);
        MaskPaint.rectangle(mask, new Rect(2, 2, 3, 3), true);
        assertEquals(9, mask.count());
        MaskPaint.invert(mask);
        assertEquals(91, mask.count());
        MaskPaint.clear(mask);
        assertTrue(mask.isEmpty());
        assertEquals(new Rect(8, 8, 2, 2), MaskPaint.rectangle(mask, new Rect(8, 8, 5, 5), true));
    }

    /**
     * A soft disc is full within hardness x radius and fades linearly to the edge; painting keeps
     * the higher coverage, erasing the lower; a hardness of 1 paints what the hard disc paints.
     */
    @Test
    void softDiscsFadeToTheirEdgeAndCombineByTheHigherCoverage() {
        PixelMask soft = new PixelMask(40, 40);
        MaskPaint.disc(soft, 20, 20.5, 10, true, 0.5); // row 20 runs through the centre
        assertEquals(255, soft.coverage(20, 20), "the centre is full");
        assertEquals(255, soft.coverage(24, 20), "4.5 px out: within the hard half");
        int between = soft.coverage(27, 20);               // 7.5 px out: (10 - 7.5) / 5 of full
        assertEquals(Math.round(255 * 2.5 / 5), between);
        assertEquals(0, soft.coverage(31, 20), "outside the radius");
        MaskPaint.disc(soft, 20, 20.5, 10, true, 0); // a softer dab over it lowers nothing
        assertEquals(between, soft.coverage(27, 20));
        MaskPaint.disc(soft, 27, 20, 3, false, 1); // erasing takes the lower coverage
        assertEquals(0, soft.coverage(27, 20));
        assertEquals(255, soft.coverage(20, 20));

        PixelMask hard = new PixelMask(40, 40);
        PixelMask viaHardness = new PixelMask(40, 40);
        MaskPaint.segment(hard, 5, 5, 30, 22, 6, true);
        MaskPaint.segment(viaHardness, 5, 5, 30, 22, 6, true, 1);
        assertArrayEquals(hard.coverageValues(), viaHardness.coverageValues());
        assertThrows(IllegalArgumentException.class, () -> MaskPaint.disc(hard, 1, 1, 1, true, 1.5));
    }

    /** Grow and shrink are the engine's ({@code PixelMask.grown/shrunk}); each reports the rectangle it changed. */
    @Test
    void growShrinkAndInvertKeepSoftCoverage() {
        PixelMask mask = new PixelMask(50, 40);
        MaskPaint.rectangle(mask, new Rect(20, 15, 10, 10), true);
        assertEquals(new Rect(17, 12, 16, 16), MaskPaint.grow(mask, 3));
        assertEquals(PixelMask.ofRect(50, 40, new Rect(20, 15, 10, 10)).grown(3).count(),
                mask.count());
        assertEquals(new Rect(17, 12, 16, 16), MaskPaint.shrink(mask, 3));
        assertEquals(100, mask.count(), "shrinking by as much undoes a grow of a rectangle");
        assertEquals(Rect.EMPTY, MaskPaint.grow(mask, 0), "nothing changed, nothing reported");

        PixelMask soft = PixelMask.ofCoverage(10, 1, new byte[] {0, 64, (byte) 255, 0, 0, 0, 0, 0, 0, 0});
        MaskPaint.invert(soft);
        assertEquals(255 - 64, soft.coverage(1, 0));
        assertEquals(0, soft.coverage(2, 0));
        assertEquals(255, soft.coverage(0, 0));
        assertThrows(IllegalArgumentException.class, () -> MaskPaint.grow(mask, PixelMask.MAX_GROW_PIXELS + 1));
    }
}
