package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class MaskTest {

    @Test
    void discCoversItsRadiusAndReportsTheTouchedBox() {
        Mask mask = new Mask(100, 80);
        Rect touched = mask.paintDisc(50, 40, 10, true);
        assertTrue(mask.isOn(50, 40));
        assertTrue(mask.isOn(41, 40));
        assertFalse(mask.isOn(38, 40));
        assertFalse(mask.isOn(42, 32), "corner of the box is outside the circle");
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                if (mask.isOn(x, y)) {
                    assertTrue(x >= touched.x() && x < touched.right() && y >= touched.y() && y < touched.bottom());
                }
            }
        }
        long area = mask.count();
        assertTrue(Math.abs(area - Math.PI * 100) < 20, "disc area " + area);
    }

    @Test
    void segmentLeavesNoGapsAndClipsAtTheBorder() {
        Mask mask = new Mask(200, 50);
        Rect touched = mask.paintSegment(-20, 25, 230, 25, 3, true);
        for (int x = 0; x < 200; x++) {
            assertTrue(mask.isOn(x, 25), "gap at x=" + x);
        }
        assertEquals(0, touched.x());
        assertEquals(200, touched.right());
    }

    @Test
    void polygonFillsItsInsideOnly() {
        Mask mask = new Mask(100, 100);
        mask.fillPolygon(new double[] {10, 90, 10}, new double[] {10, 10, 90}, true);
        assertTrue(mask.isOn(20, 20));
        assertFalse(mask.isOn(80, 80));
        assertFalse(mask.isOn(5, 50));
        long area = mask.count();
        assertTrue(Math.abs(area - 3200) < 120, "triangle area " + area);
        mask.fillPolygon(new double[] {0, 100, 100, 0}, new double[] {0, 0, 50, 50}, false);
        assertFalse(mask.isOn(20, 20));
        assertTrue(mask.isOn(20, 60));
    }

    @Test
    void invertClearAndRectangles() {
        Mask mask = new Mask(10, 10);
        mask.fillRect(new Rect(2, 2, 3, 3), true);
        assertEquals(9, mask.count());
        mask.invert();
        assertEquals(91, mask.count());
        mask.clear();
        assertTrue(mask.isEmpty());
        assertEquals(new Rect(8, 8, 2, 2), mask.fillRect(new Rect(8, 8, 5, 5), true));
    }

    /**
     * A soft disc is full within hardness x radius and fades linearly to the edge; painting keeps
     * the higher coverage, erasing the lower; a hardness of 1 paints what the hard disc paints.
     */
    @Test
    void softDiscsFadeToTheirEdgeAndCombineByTheHigherCoverage() {
        Mask soft = new Mask(40, 40);
        soft.paintDisc(20, 20.5, 10, true, 0.5); // row 20 runs through the centre
        assertEquals(255, soft.values()[20 * 40 + 20] & 0xff, "the centre is full");
        assertEquals(255, soft.values()[20 * 40 + 24] & 0xff, "4.5 px out: within the hard half");
        int between = soft.values()[20 * 40 + 27] & 0xff;               // 7.5 px out: (10 - 7.5) / 5 of full
        assertEquals(Math.round(255 * 2.5 / 5), between);
        assertEquals(0, soft.values()[20 * 40 + 31] & 0xff, "outside the radius");
        soft.paintDisc(20, 20.5, 10, true, 0); // a softer dab over it lowers nothing
        assertEquals(between, soft.values()[20 * 40 + 27] & 0xff);
        soft.paintDisc(27, 20, 3, false, 1); // erasing takes the lower coverage
        assertEquals(0, soft.values()[20 * 40 + 27] & 0xff);
        assertEquals(255, soft.values()[20 * 40 + 20] & 0xff);

        Mask hard = new Mask(40, 40);
        Mask viaHardness = new Mask(40, 40);
        hard.paintSegment(5, 5, 30, 22, 6, true);
        viaHardness.paintSegment(5, 5, 30, 22, 6, true, 1);
        assertArrayEquals(hard.values(), viaHardness.values());
        assertThrows(IllegalArgumentException.class, () -> hard.paintDisc(1, 1, 1, true, 1.5));
    }

    /** Grow and shrink are the engine's ({@code PixelMask.grown/shrunk}); each reports the rectangle it changed. */
    @Test
    void growShrinkAndInvertKeepSoftCoverage() {
        Mask mask = new Mask(50, 40);
        mask.fillRect(new Rect(20, 15, 10, 10), true);
        assertEquals(new Rect(17, 12, 16, 16), mask.grow(3));
        assertEquals(mask.toPixelMask().count(), mask.count());
        assertEquals(PixelMask.ofRect(50, 40, new Rect(20, 15, 10, 10)).grown(3).count(),
                mask.count());
        assertEquals(new Rect(17, 12, 16, 16), mask.shrink(3));
        assertEquals(100, mask.count(), "shrinking by as much undoes a grow of a rectangle");
        assertEquals(Rect.EMPTY, mask.grow(0), "nothing changed, nothing reported");

        Mask soft = new Mask(10, 1, new byte[] {0, 64, (byte) 255, 0, 0, 0, 0, 0, 0, 0});
        soft.invert();
        assertEquals(255 - 64, soft.values()[1] & 0xff);
        assertEquals(0, soft.values()[2]);
        assertEquals(255, soft.values()[0] & 0xff);
        assertThrows(IllegalArgumentException.class, () -> mask.grow(PixelMask.MAX_GROW_PIXELS + 1));
    }

    @Test
    void boundsHoldEverySelectedPixel() {
        Mask mask = new Mask(60, 40);
        assertEquals(Rect.EMPTY, mask.bounds());
        mask.fillRect(new Rect(5, 7, 3, 2), true);
        mask.fillRect(new Rect(40, 30, 1, 1), true);
        assertEquals(new Rect(5, 7, 36, 24), mask.bounds());
        assertEquals(mask.bounds(), mask.differenceBounds(new Mask(60, 40)));
        assertThrows(IllegalArgumentException.class, () -> mask.differenceBounds(new Mask(60, 41)));
    }

    @Test
    void boundsMatchAPixelByPixelSearch() {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 200; trial++) {
            int w = 1 + random.nextInt(300);
            int h = 1 + random.nextInt(20);
            Mask a = new Mask(w, h);
            Mask b = new Mask(w, h);
            for (int k = random.nextInt(4); k > 0; k--) {
                a.values()[random.nextInt(w * h)] = Mask.ON;
                b.values()[random.nextInt(w * h)] = (byte) random.nextInt(256);
            }
            assertEquals(slowBounds(a, new Mask(w, h)), a.bounds());
            assertEquals(slowBounds(a, b), a.differenceBounds(b));
        }
    }

    private static Rect slowBounds(Mask a, Mask b) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (a.values()[y * a.width() + x] != b.values()[y * a.width() + x]) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? Rect.EMPTY : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
