package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** Sizes that enlarge, shrink and keep each axis; the last ones are large enough to run on several threads. */
    private static final int[][] SIZES = {
        {7, 5, 14, 10}, {14, 10, 7, 5}, {9, 9, 9, 4}, {33, 17, 20, 40}, {400, 267, 800, 534}, {800, 534, 400, 267},
        {640, 427, 300, 900},
    };

    @Test
    void resizePlaneIsTheValueByValueFilterExactly() {
        Random random = new Random(7);
        for (int[] size : SIZES) {
            float[] plane = new float[size[0] * size[1]];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = random.nextFloat() * 255;
            }
            float[] expected = naiveAxis(naiveAxis(plane, size[0], size[1], size[2], true), size[2], size[1], size[3], false);
            assertArrayEquals(expected, Resampler.resizePlane(plane, size[0], size[1], size[2], size[3]),
                    size[0] + "x" + size[1] + " to " + size[2] + "x" + size[3]);
        }
    }

    @Test
    void anOpaqueImageResizesAsEveryPlaneFiltered() {
        Random random = new Random(11);
        for (int[] size : SIZES) {
            int[] pixels = new int[size[0] * size[1]];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 0xff000000 | random.nextInt(1 << 24);
            }
            ArgbImage source = new ArgbImage(size[0], size[1], pixels);
            float[][] planes = Resampler.toPlanes(source);
            for (int c = 0; c < 4; c++) {
                planes[c] = Resampler.resizePlane(planes[c], size[0], size[1], size[2], size[3]);
            }
            assertArrayEquals(Resampler.fromPlanes(planes, size[2], size[3]).pixels(),
                    Resampler.resize(source, size[2], size[3]).pixels(), size[0] + "x" + size[1] + " to " + size[2]
                    + "x" + size[3]);
        }
    }

    @Test
    void aTranslucentImageKeepsItsFilteredAlpha() {
        int[] pixels = new int[40 * 30];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 40 < 20 ? 0xff : 0x40) << 24 | 0x336699;
        }
        ArgbImage resized = Resampler.resize(new ArgbImage(40, 30, pixels), 17, 11);
        assertEquals(0xff, resized.get(0, 5) >>> 24);
        assertEquals(0x40, resized.get(16, 5) >>> 24);
        int middle = resized.get(8, 5) >>> 24;
        assertTrue(middle > 0x40 && middle < 0xff, "alpha across the edge: " + middle);
    }

    @Test
    void aFlatImageStaysFlat() {
        int[] pixels = new int[30 * 20];
        java.util.Arrays.fill(pixels, 0xff336699);
        ArgbImage resized = Resampler.resize(new ArgbImage(30, 20, pixels), 45, 13);
        assertEquals(45, resized.width());
        assertEquals(13, resized.height());
        for (int p : resized.pixels()) {
            assertEquals(0xff336699, p);
        }
    }

    /** The filter value by value, each output a sum over its taps in order: the reference for the fast path. */
    private static float[] naiveAxis(float[] plane, int w, int h, int newLength, boolean alongX) {
        int oldLength = alongX ? w : h;
        if (newLength == oldLength) {
            return plane;
        }
        double scale = (double) oldLength / newLength;
        double support = 2.0 * Math.max(1.0, scale);
        double kernelScale = 1.0 / Math.max(1.0, scale);
        int taps = (int) Math.ceil(support) * 2 + 1;
        float[] out = new float[alongX ? newLength * h : w * newLength];
        for (int line = 0; line < (alongX ? h : w); line++) {
            for (int i = 0; i < newLength; i++) {
                double center = (i + 0.5) * scale;
                int start = (int) Math.floor(center - support);
                float[] weights = new float[taps];
                double sum = 0;
                for (int t = 0; t < taps; t++) {
                    double x = Math.abs((start + t + 0.5 - center) * kernelScale);
                    double a = -0.5;
                    double wgt = x < 1 ? ((a + 2) * x - (a + 3)) * x * x + 1 : x < 2 ? (((x - 5) * x + 8) * x - 4) * a : 0;
                    weights[t] = (float) wgt;
                    sum += wgt;
                }
                float acc = 0;
                for (int t = 0; t < taps; t++) {
                    int s = Math.min(oldLength - 1, Math.max(0, start + t));
                    acc += weights[t] / (float) sum * (alongX ? plane[line * w + s] : plane[s * w + line]);
                }
                out[alongX ? line * newLength + i : i * w + line] = acc;
            }
        }
        return out;
    }
}
