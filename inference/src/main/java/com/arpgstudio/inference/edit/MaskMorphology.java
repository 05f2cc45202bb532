package com.arpgstudio.inference.edit;

/**
 * Growing a mask by a Euclidean distance: dilation by the disc of radius r (the pixel offsets
 * {@code dx² + dy² <= r²}), so a grown corner is round, never the square a box filter makes.
 * Shrinking is the same on the inverted mask ({@link PixelMask#shrunk}).
 *
 * <ul>
 *   <li>A hard mask takes an exact distance transform bounded at r: per column the distance to the
 *       nearest painted pixel (two sweeps), then per row the lower envelope of the parabolas
 *       {@code (x - x')² + g(x')²} (Felzenszwalb and Huttenlocher), in integers; O(pixels) for
 *       any r.</li>
 *   <li>A soft mask takes, per pixel, the highest coverage within the disc: its fully covered
 *       pixels grown as a hard mask, and its partly covered ones (a soft brush's edge) by the
 *       disc's rows ({@code |dx| <= floor(sqrt(r² - dy²))} at row offset dy), each a sliding
 *       maximum along the image rows (van Herk / Gil-Werman, three passes whatever the width),
 *       computed only within reach of those pixels: O(edge pixels x r).</li>
 * </ul>
 * Pixels outside the canvas count as unpainted.
 */
final class MaskMorphology {

    private MaskMorphology() {}

    /** The mask grown by {@code radius} pixels (0: a copy). */
    static PixelMask dilate(PixelMask mask, int radius) {
        if (radius == 0 || mask.isEmpty()) {
            return mask.copy();
        }
        return mask.isSoft() ? dilateSoft(mask, radius) : dilateHard(mask, radius);
    }

    static PixelMask dilateHard(PixelMask mask, int radius) {
        int w = mask.width();
        int h = mask.height();
        int cap = radius + 1; // farther than this is never needed: a short holds it (radius <= MAX_GROW_PIXELS)
        // vertical distance from each pixel to the nearest painted pixel of its column, capped at radius + 1
        short[] vertical = new short[Math.multiplyExact(w, h)];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                vertical[i] = (short) (mask.get(x, y) ? 0 : y == 0 ? cap : Math.min(cap, vertical[i - w] + 1));
            }
        }
        for (int y = h - 2; y >= 0; y--) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                vertical[i] = (short) Math.min(vertical[i], vertical[i + w] + 1);
            }
        }
        long r2 = (long) radius * radius;
        PixelMask out = new PixelMask(w, h);
        int[] sites = new int[w];         // columns whose parabola is on the lower envelope, left to right
        long[] heights = new long[w];     // their g(x')²
        double[] starts = new double[w];  // where each begins to be the lowest
        for (int y = 0; y < h; y++) {
            int top = -1;
            for (int q = 0; q < w; q++) {
                int g = vertical[y * w + q];
                if (g > radius) {
                    continue; // no painted pixel within the radius in this column
                }
                long f = (long) g * g;
                double start = Double.NEGATIVE_INFINITY;
                while (top >= 0) {
                    int p = sites[top];
                    start = ((f + (long) q * q) - (heights[top] + (long) p * p)) / (2.0 * (q - p));
                    if (start <= starts[top]) {
                        top--;
                        start = Double.NEGATIVE_INFINITY;
                    } else {
                        break;
                    }
                }
                top++;
                sites[top] = q;
                heights[top] = f;
                starts[top] = start;
            }
            int run = -1; // where the current run of painted outputs began
            for (int x = 0, j = 0; top >= 0 && x <= w; x++) {
                boolean painted = false;
                if (x < w) {
                    while (j < top && starts[j + 1] <= x) {
                        j++;
                    }
                    long dx = x - sites[j];
                    painted = dx * dx + heights[j] <= r2;
                }
                if (painted && run < 0) {
                    run = x;
                } else if (!painted && run >= 0) {
                    out.fill(new Rect(run, y, x - run, 1), true);
                    run = -1;
                }
            }
        }
        return out;
    }

    static PixelMask dilateSoft(PixelMask mask, int radius) {
        int w = mask.width();
        int h = mask.height();
        byte[] source = mask.coverageValues();
        byte[] out = new byte[source.length];
        int[][] rims = new int[h][]; // per row, the runs [start, end) of partly covered pixels
        for (int y = 0; y < h; y++) {
            rims[y] = partlyCovered(source, y * w, w);
        }
        int[] padded = new int[w + 2 * radius];
        int[] prefix = new int[padded.length];
        int[] suffix = new int[padded.length];
        int[] maxima = new int[w];
        for (int dy = 0; dy <= radius; dy++) {
            int half = floorSqrt((long) radius * radius - (long) dy * dy);
            for (int y = 0; y < h; y++) {
                int[] runs = rims[y];
                for (int r = 0; r < runs.length; ) {
                    // the runs whose reach (half to each side) overlaps, as one span of outputs
                    int from = Math.max(0, runs[r] - half);
                    int to = Math.min(w, runs[r + 1] + half);
                    for (r += 2; r < runs.length && runs[r] - half <= to; r += 2) {
                        to = Math.min(w, runs[r + 1] + half);
                    }
                    slidingMax(source, y * w, from, to, half, padded, prefix, suffix, maxima);
                    for (int target : dy == 0 ? new int[] {y} : new int[] {y - dy, y + dy}) {
                        if (target >= 0 && target < h) {
                            for (int x = from; x < to; x++) {
                                int i = target * w + x;
                                out[i] = (byte) Math.max(out[i] & 0xff, maxima[x - from]);
                            }
                        }
                    }
                }
            }
        }
        PixelMask solid = mask.solid();
        if (!solid.isEmpty()) {
            PixelMask grown = dilateHard(solid, radius);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (grown.get(x, y)) {
                        out[y * w + x] = (byte) PixelMask.FULL;
                    }
                }
            }
        }
        return PixelMask.ofCoverage(w, h, out);
    }

    /** The runs of pixels of coverage strictly between 0 and FULL in one row, as [start, end) pairs. */
    private static int[] partlyCovered(byte[] values, int row, int width) {
        int[] runs = new int[8];
        int n = 0;
        for (int x = 0; x < width; x++) {
            int v = values[row + x] & 0xff;
            if (v == 0 || v == PixelMask.FULL) {
                continue;
            }
            int start = x;
            while (x + 1 < width && (values[row + x + 1] & 0xff) != 0 && (values[row + x + 1] & 0xff) != PixelMask.FULL) {
                x++;
            }
            if (n + 2 > runs.length) {
                runs = java.util.Arrays.copyOf(runs, 2 * runs.length);
            }
            runs[n++] = start;
            runs[n++] = x + 1;
        }
        return java.util.Arrays.copyOf(runs, n);
    }

    /**
     * {@code maxima[x - from] = max(in[row + x - half .. row + x + half])} for x in [from, to), pixels
     * outside [from, to) counting as 0: every partly covered pixel within reach of the span lies in
     * it, and the fully covered ones are grown exactly apart.
     */
    private static void slidingMax(byte[] in, int row, int from, int to, int half, int[] padded, int[] prefix,
                                   int[] suffix, int[] maxima) {
        int width = to - from;
        int length = width + 2 * half;
        int block = 2 * half + 1;
        for (int i = 0; i < length; i++) {
            int x = i - half;
            padded[i] = x >= 0 && x < width ? in[row + from + x] & 0xff : 0;
        }
        for (int i = 0; i < length; i++) {
            prefix[i] = i % block == 0 ? padded[i] : Math.max(prefix[i - 1], padded[i]);
        }
        for (int i = length - 1; i >= 0; i--) {
            suffix[i] = i % block == block - 1 || i == length - 1 ? padded[i] : Math.max(suffix[i + 1], padded[i]);
        }
        for (int x = 0; x < width; x++) {
            maxima[x] = Math.max(suffix[x], prefix[x + 2 * half]); // the window padded[x .. x + 2 half]
        }
    }

    /** The largest n with n² <= value. */
    static int floorSqrt(long value) {
        int n = (int) Math.sqrt((double) value);
        while ((long) n * n > value) {
            n--;
        }
        while ((long) (n + 1) * (n + 1) <= value) {
            n++;
        }
        return n;
    }
}
