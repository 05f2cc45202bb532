package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A step where two tiles meet is taken out by the smoother, pixels it may not change and pixels
 * beyond its ramp stay identical; the seam measure tells a hard edge from a photo's own
 * columns.
 */
class SeamSmootherTest {

    /** Grey noise texture, with {@code step} levels added right of column {@code edge}. */
    private static ArgbImage tiles(int width, int height, int edge, int step) {
        SplittableRandom random = new SplittableRandom(7);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            int v = 100 + random.nextInt(12) + (i % width >= edge ? step : 0);
            px[i] = 0xff000000 | v << 16 | v << 8 | v;
        }
        return new ArgbImage(width, height, px);
    }

    @Test
    void theSeamMeasureTellsAHardEdgeFromTexture() {
        assertTrue(ImageMetrics.columnSeam(tiles(96, 64, 48, 0), 48, 0, 64) < 1.2, "texture alone");
        assertTrue(ImageMetrics.columnSeam(tiles(96, 64, 48, 40), 48, 0, 64) > 3, "a 40-level step");
        ArgbImage rows = tiles(64, 96, 0, 0);
        assertTrue(ImageMetrics.rowSeam(rows, 40, 0, 64) < 1.2, "a row of texture");
    }

    @Test
    void aStepBetweenTwoTilesIsTakenOutAndTheLockedSideStaysIdentical() {
        ArgbImage canvas = tiles(96, 64, 48, 40);
        ArgbImage before = canvas.copy();
        PixelMask writable = PixelMask.ofRect(96, 64, new Rect(48, 0, 48, 64)); // only the right tile may change
        SeamSmoother.targetEdges(canvas, List.of(new Rect(48, 0, 48, 64)), 16, writable); // its other edges: the border
        assertTrue(ImageMetrics.columnSeam(canvas, 48, 0, 64) < 1.5,
                "seam after smoothing: " + ImageMetrics.columnSeam(canvas, 48, 0, 64));
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                if (x < 48 || x >= 48 + 16) {
                    assertEquals(before.get(x, y), canvas.get(x, y), "changed at " + x + "," + y);
                }
            }
        }
    }
}
