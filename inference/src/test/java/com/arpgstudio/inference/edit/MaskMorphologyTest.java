package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both dilations (the hard mask's distance transform, the soft mask's disc rows) against a brute-force one. */
class MaskMorphologyTest {

    /** The highest coverage within {@code radius} of each pixel, by looking at every pixel of the disc. */
    static byte[] naiveDilation(PixelMask mask, int radius) {
        int w = mask.width();
        int h = mask.height();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int best = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        int sx = x + dx;
                        int sy = y + dy;
                        if (dx * dx + dy * dy <= radius * radius && sx >= 0 && sy >= 0 && sx < w && sy < h) {
                            best = Math.max(best, mask.coverage(sx, sy));
                        }
                    }
                }
                out[y * w + x] = (byte) best;
            }
        }
        return out;
    }

    static PixelMask randomHard(Random random, int w, int h, double density) {
        PixelMask mask = new PixelMask(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                mask.set(x, y, random.nextDouble() < density);
            }
        }
        return mask;
    }

    static PixelMask randomSoft(Random random, int w, int h, double density) {
        byte[] values = new byte[w * h];
        for (int i = 0; i < values.length; i++) {
            boolean painted = random.nextDouble() < density;
            values[i] = (byte) (!painted ? 0 : random.nextBoolean() ? PixelMask.FULL : 1 + random.nextInt(PixelMask.FULL - 1));
        }
        return PixelMask.ofCoverage(w, h, values);
    }

    @Test
    void hardDilationIsTheExactDiscOnRandomMasks() {
        Random random = new Random(11);
        for (double density : new double[] {0.001, 0.02, 0.3, 0.9}) {
            PixelMask mask = randomHard(random, 53, 37, density);
            for (int radius : new int[] {1, 2, 3, 5, 8, 13, 40}) {
                assertArrayEquals(naiveDilation(mask, radius),
                        MaskMorphology.dilateHard(mask, radius).coverageValues(), "density " + density + ", radius " + radius);
            }
        }
    }

    @Test
    void softDilationIsTheHighestCoverageWithinTheDisc() {
        Random random = new Random(12);
        for (double density : new double[] {0.005, 0.05, 0.5}) {
            PixelMask mask = randomSoft(random, 41, 29, density);
            for (int radius : new int[] {1, 2, 4, 7, 30}) {
                assertArrayEquals(naiveDilation(mask, radius), MaskMorphology.dilate(mask, radius).coverageValues(),
                        "density " + density + ", radius " + radius);
            }
        }
    }

    @Test
    void aSoftBrushStrokeGrowsLikeTheBruteForceOne() {
        int w = 70;
        int h = 50;
        byte[] values = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double r = Math.hypot(x - 30, (y - 25) * 2.5) / 12; // an ellipse: full inside 0.4, fading to 1
                values[y * w + x] = (byte) (r <= 0.4 ? PixelMask.FULL : r < 1 ? Math.round((1 - r) / 0.6 * 254) : 0);
            }
        }
        PixelMask stroke = PixelMask.ofCoverage(w, h, values);
        for (int radius : new int[] {1, 5, 9, 30}) {
            assertArrayEquals(naiveDilation(stroke, radius), stroke.grown(radius).coverageValues(), "radius " + radius);
            assertArrayEquals(naiveDilation(stroke.inverted(), radius), stroke.shrunk(radius).inverted().coverageValues(),
                    "shrunk by " + radius);
        }
    }

    @Test
    void integerSquareRootIsExactAtPerfectSquares() {
        for (long n = 0; n < 2000; n++) {
            int root = MaskMorphology.floorSqrt(n);
            assertEquals(true, (long) root * root <= n && (long) (root + 1) * (root + 1) > n, "sqrt " + n);
        }
    }
}
