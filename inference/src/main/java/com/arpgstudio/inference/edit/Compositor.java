package com.arpgstudio.inference.edit;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Pastes a window's generated pixels back into the canvas so that no seam or tint shows:
 *
 * <ol>
 *   <li>the decoded window is scaled to its canvas region (when the window was shrunk);</li>
 *   <li>colour match: the VQ round trip shifts colours, differently in different places, so the
 *       difference between the canvas and the decoded pixels is measured on the ring of known
 *       pixels around the mask and spread smoothly over the mask (a membrane: each free cell of a
 *       coarse grid is the mean of its neighbours, the ring cells are fixed). Adding it to the
 *       generated pixels makes them meet the original at the mask's edge without a step or a
 *       tint, while leaving the generated detail alone (the correction has no high frequencies);</li>
 *   <li>continuing a photo's edge (outpainting): as an inpaint's fill fades into the photo over the
 *       feather, an outpaint's (which may not write the photo) fades in from the photo's own pixels
 *       mirrored across its edge (the edge pixel not repeated) with a smoothstep over the feather (at
 *       most the band): at the edge the new area continues the photo with the photo's own texture and
 *       steps, a feather away it is the colour-matched fill. The photo's pixels are used as they are, never through
 *       the VQ round trip, whose texture on a smooth (out-of-focus) photo would otherwise show as a
 *       line of noise along the edge; the narrow fade keeps a mirrored feature (a bright rim at the
 *       edge) too narrow to read as a reflection;</li>
 *   <li>feather: masked pixels are replaced; pixels an earlier window generated and this one
 *       generated again (a band along its target) cross-fade from the earlier pixels to these with a
 *       smoothstep over the band; other pixels within {@code feather} of the mask blend from
 *       generated to original likewise; every other pixel is not written at all and stays
 *       bit-identical. A soft mask's pixels take at least their coverage of generated pixels, and
 *       the feather runs from its fully covered pixels.</li>
 * </ol>
 */
public final class Compositor {

    /** Coarse cells of the colour correction per side, at most. */
    private static final int MAX_GRID = 64;

    /**
     * Pixels of a paste's work area from which its rows run on the common pool: a detail pass pastes a
     * map over the whole mask (on a GPU, where the rest of the pass is quick, this host work is a
     * large share of its time).
     */
    private static final int PARALLEL_PIXELS = 1 << 16;

    private final int feather;
    private final int ring;
    private final int band;

    /**
     * @param feather canvas pixels over which generated pixels fade into the original
     * @param ring    canvas pixels around the mask whose colours the generated ones are matched to
     */
    public Compositor(int feather, int ring) {
        this(feather, ring, 0);
    }

    /**
     * @param band canvas pixels over which this window's pixels cross-fade into the ones an earlier
     *             window generated
     */
    public Compositor(int feather, int ring, int band) {
        if (feather < 0 || ring < 1 || band < 0) {
            throw new IllegalArgumentException("expected feather >= 0, ring >= 1 and band >= 0, found " + feather
                    + ", " + ring + ", " + band);
        }
        this.feather = feather;
        this.ring = ring;
        this.band = band;
    }

    /**
     * Blends {@code generated} (the decoded window at model size) into {@code canvas} in place and
     * returns the rectangle of canvas pixels written (empty when none).
     *
     * @param canvas    the working canvas; read for the colour match, then written
     * @param region    the window's canvas region ({@link Window#region()})
     * @param generated the decoded window, any size (scaled to the region)
     * @param replace   the masked pixels to replace (only those inside the region are used)
     * @param reference the pixels that count as known for the colour match (may be null: no match)
     * @param writable  the only pixels that may change (null: any); outpainting protects the original
     */
    public Rect paste(ArgbImage canvas, Rect region, ArgbImage generated, PixelMask replace, PixelMask reference,
                      PixelMask writable) {
        return paste(canvas, region, generated, replace, reference, writable, null, null);
    }

    /**
     * {@link #paste(ArgbImage, Rect, ArgbImage, PixelMask, PixelMask, PixelMask)} with the band's
     * cross-fade and the continuation of a photo's edge.
     *
     * @param regenerated pixels outside {@code replace} that earlier windows generated and this one
     *                    generated again, cross-faded over the band (null: none)
     * @param photo       the protected photo the fill continues from its edge (null: none)
     */
    public Rect paste(ArgbImage canvas, Rect region, ArgbImage generated, PixelMask replace, PixelMask reference,
                      PixelMask writable, PixelMask regenerated, Rect photo) {
        Rect near = reach(canvas.bounds(), region, replace);
        if (near.isEmpty()) {
            return near;
        }
        Rect visible = region.intersect(canvas.bounds());
        ArgbImage scaled = generated.width() == region.width() && generated.height() == region.height()
                ? generated : Resampler.resize(generated, region.width(), region.height());
        float[] distance = distanceToMask(replace, near);
        float[] feathered = replace.isSoft() ? distanceToMask(replace.solid(), near) : distance;
        double[] alphas = new double[near.width() * near.height()];
        long pixels = (long) near.width() * near.height();
        each(near.y(), near.bottom(), pixels, y -> {
            for (int x = near.x(); x < near.right(); x++) {
                int k = (y - near.y()) * near.width() + (x - near.x());
                float d = feathered[k];
                double alpha = d > 0 && regenerated != null && regenerated.get(x, y) ? fade(d, band)
                        : Math.max(weight(d), replace.coverage(x, y) / (double) PixelMask.FULL);
                alphas[k] = writable != null && !writable.get(x, y) ? 0 : alpha;
            }
        });
        ColourCorrection correction = reference == null ? null
                : ColourCorrection.fit(canvas, scaled, region, visible, near, distance, alphas, reference, ring);
        // records from before the band existed (band 0) had no continuation of the photo either
        Rect photoSeen = photo == null || band == 0 || feather == 0 ? null : photo.intersect(visible);
        boolean mirrors = photoSeen != null && !photoSeen.isEmpty();

        int[] out = canvas.pixels();
        // per row of near, the first and last pixel written (-1: none)
        int[] firstX = new int[near.height()];
        int[] lastX = new int[near.height()];
        // a pixel is read and written by its own row alone, unless the photo's mirrored pixels are read
        each(near.y(), near.bottom(), mirrors ? 0 : pixels, y -> {
            float[] offset = new float[3];
            float[] mirrored = new float[3];
            int first = -1;
            int last = -1;
            for (int x = near.x(); x < near.right(); x++) {
                double alpha = alphas[(y - near.y()) * near.width() + (x - near.x())];
                if (alpha <= 0) {
                    continue;
                }
                int i = y * canvas.width() + x;
                int old = out[i];
                int gen = scaled.get(x - region.x(), y - region.y());
                if (correction != null) {
                    correction.at(x - visible.x(), y - visible.y(), offset);
                }
                double continued = mirrors ? photoMirror(canvas, photoSeen, x, y, mirrored) : 0;
                int blended = old & 0xff000000;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double g = (1 - continued) * (((gen >> shift) & 0xff) + offset[c]) + continued * mirrored[c];
                    double o = (old >> shift) & 0xff;
                    blended |= Resampler.clampByte((float) (alpha * g + (1 - alpha) * o)) << shift;
                }
                out[i] = blended;
                first = first < 0 ? x : first;
                last = x;
            }
            firstX[y - near.y()] = first;
            lastX[y - near.y()] = last;
        });
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int r = 0; r < near.height(); r++) {
            if (lastX[r] >= 0) {
                minX = Math.min(minX, firstX[r]);
                maxX = Math.max(maxX, lastX[r]);
                minY = Math.min(minY, near.y() + r);
                maxY = near.y() + r;
            }
        }
        return maxX < 0 ? new Rect(0, 0, 0, 0) : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /**
     * The only canvas pixels a {@link #paste} of {@code replace} in {@code region} reads or writes (besides the
     * protected photo it continues, which no paste writes): those within the ring, the feather and the band of
     * the replaced pixels, inside the region (a heal window's strip is a sliver of its region); empty when it
     * replaces nothing. Pastes of disjoint reaches commute.
     *
     * @param canvas the canvas's bounds
     */
    Rect reach(Rect canvas, Rect region, PixelMask replace) {
        Rect visible = region.intersect(canvas);
        if (visible.isEmpty() || replace.count(visible) == 0) {
            return new Rect(0, 0, 0, 0);
        }
        return replace.bounds(visible).grow(Math.max(ring, Math.max(feather, band)) + 1, visible);
    }

    /**
     * Runs {@code work} for each of {@code from..to-1} (rows, or rows of cells), on the common pool when they cover at
     * least {@link #PARALLEL_PIXELS} {@code pixels}: each one's work must read and write only what no other one writes.
     */
    private static void each(int from, int to, long pixels, IntConsumer work) {
        IntStream all = IntStream.range(from, to);
        (pixels >= PARALLEL_PIXELS ? all.parallel() : all).forEach(work);
    }

    /** 1 on the mask, a smoothstep down to 0 at {@code feather} pixels away, 0 beyond. */
    private double weight(float distance) {
        return fade(distance, feather);
    }

    /** 1 at distance 0 or less, a smoothstep down to 0 at {@code width}, 0 beyond. */
    private static double fade(double distance, int width) {
        if (distance <= 0) {
            return 1;
        }
        if (distance >= width) {
            return 0;
        }
        double t = 1 - distance / width;
        return t * t * (3 - 2 * t);
    }

    /**
     * The photo's pixel at the mirror image of (x, y) across the photo's edge (per channel into
     * {@code out}; the first pixel outside takes the one next to the edge pixel, so the edge is not
     * doubled), and how much of it the pixel takes: a smoothstep from 1 at the edge to 0 a feather
     * (at most a band) away (0 inside the photo).
     */
    private double photoMirror(ArgbImage canvas, Rect photo, int x, int y, float[] out) {
        int qx = Math.max(photo.x(), Math.min(photo.right() - 1, x));
        int qy = Math.max(photo.y(), Math.min(photo.bottom() - 1, y));
        int width = Math.min(feather, band);
        if (Math.abs(x - qx) > width + 1 || Math.abs(y - qy) > width + 1) {
            return 0; // farther than the fade along one axis alone: no need of the slow hypot
        }
        double distance = Math.hypot(x - qx, y - qy);
        double share = distance == 0 ? 0 : fade(distance - 1, width);
        if (share <= 0) {
            return 0;
        }
        int p = canvas.get(Math.max(photo.x(), Math.min(photo.right() - 1, 2 * qx - x)),
                Math.max(photo.y(), Math.min(photo.bottom() - 1, 2 * qy - y)));
        for (int c = 0; c < 3; c++) {
            out[c] = (p >> (16 - 8 * c)) & 0xff;
        }
        return share;
    }

    /** A smooth per-channel offset over the visible region, on a coarse grid read bilinearly. */
    private static final class ColourCorrection {
        private final int columns;
        private final float[][] grid;
        // per pixel column (row) of the visible region: the grid columns (rows) it reads and the weight of
        // the second, the same for every row (column), so worked out once
        private final Axis across;
        private final Axis down;

        private ColourCorrection(int columns, float[][] grid, Axis across, Axis down) {
            this.columns = columns;
            this.grid = grid;
            this.across = across;
            this.down = down;
        }

        /** Where each of {@code length} pixels falls between two of {@code count} grid cells of {@code cell} pixels. */
        private record Axis(int[] first, int[] second, float[] weight) {
            Axis(int cell, int count, int length) {
                this(new int[length], new int[length], new float[length]);
                for (int p = 0; p < length; p++) {
                    float g = gridCoordinate(p, cell, count);
                    first[p] = (int) g;
                    second[p] = Math.min(count - 1, first[p] + 1);
                    weight[p] = g - first[p];
                }
            }
        }

        /**
         * Null when the ring holds no known pixel (nothing to match, for example a mask covering all).
         * The grid covers {@code visible}; only the cells under pixels of {@code near} with a positive
         * alpha are read, so only those the membrane reaches them through are relaxed.
         *
         * @param distance per pixel of {@code near}, its distance to the mask
         * @param alphas   per pixel of {@code near}, how much of the generated pixel it takes
         */
        static ColourCorrection fit(ArgbImage canvas, ArgbImage scaled, Rect region, Rect visible, Rect near,
                                    float[] distance, double[] alphas, PixelMask reference, int ring) {
            int cell = Math.max(4, (Math.max(visible.width(), visible.height()) + MAX_GRID - 1) / MAX_GRID);
            int columns = (visible.width() + cell - 1) / cell;
            int rows = (visible.height() + cell - 1) / cell;
            Axis across = new Axis(cell, columns, visible.width());
            Axis down = new Axis(cell, rows, visible.height());
            float[][] sums = new float[3][columns * rows];
            int[] counts = new int[columns * rows];
            boolean[] read = new boolean[columns * rows];
            // by rows of cells: a cell's sums add its pixels in the same order whatever the threads (marking a
            // cell read, which rows of two such bands may both do, only ever sets it)
            each((near.y() - visible.y()) / cell, (near.bottom() - 1 - visible.y()) / cell + 1,
                    (long) near.width() * near.height(), band -> {
                for (int y = Math.max(near.y(), visible.y() + band * cell);
                     y < Math.min(near.bottom(), visible.y() + (band + 1) * cell); y++) {
                    for (int x = near.x(); x < near.right(); x++) {
                        int n = (y - near.y()) * near.width() + (x - near.x());
                        if (alphas[n] > 0) {
                            int x0 = across.first()[x - visible.x()];
                            int x1 = across.second()[x - visible.x()];
                            int y0 = down.first()[y - visible.y()];
                            for (int gy = y0; gy <= down.second()[y - visible.y()]; gy++) {
                                read[gy * columns + x0] = true;
                                read[gy * columns + x1] = true;
                            }
                        }
                        float d = distance[n];
                        if (d <= 0 || d > ring || !reference.get(x, y)) {
                            continue;
                        }
                        int k = ((y - visible.y()) / cell) * columns + (x - visible.x()) / cell;
                        int o = canvas.get(x, y);
                        int g = scaled.get(x - region.x(), y - region.y());
                        for (int c = 0; c < 3; c++) {
                            int shift = 16 - 8 * c;
                            sums[c][k] += ((o >> shift) & 0xff) - ((g >> shift) & 0xff);
                        }
                        counts[k]++;
                    }
                }
            });
            if (Arrays.stream(counts).allMatch(count -> count == 0)) {
                return null;
            }
            float[][] grid = new float[3][columns * rows];
            for (int c = 0; c < 3; c++) {
                double mean = 0;
                long n = 0;
                for (int k = 0; k < counts.length; k++) {
                    if (counts[k] > 0) {
                        grid[c][k] = sums[c][k] / counts[k];
                        mean += sums[c][k];
                        n += counts[k];
                    }
                }
                float start = (float) (mean / n);
                for (int k = 0; k < counts.length; k++) {
                    if (counts[k] == 0) {
                        grid[c][k] = start;
                    }
                }
            }
            Membrane.relaxAll(grid, counts, columns, rows, read);
            return new ColourCorrection(columns, grid, across, down);
        }

        /** The offset at pixel (x, y) of the visible region, into {@code out}. */
        void at(int x, int y, float[] out) {
            int x0 = across.first()[x];
            int x1 = across.second()[x];
            float fx = across.weight()[x];
            int y0 = down.first()[y];
            int y1 = down.second()[y];
            float fy = down.weight()[y];
            for (int c = 0; c < 3; c++) {
                float[] g = grid[c];
                float top = g[y0 * columns + x0] * (1 - fx) + g[y0 * columns + x1] * fx;
                float bottom = g[y1 * columns + x0] * (1 - fx) + g[y1 * columns + x1] * fx;
                out[c] = top * (1 - fy) + bottom * fy;
            }
        }
    }

    /** Where pixel {@code p} (of the visible region) falls on a grid of {@code count} cells of {@code cell} pixels. */
    private static float gridCoordinate(int p, int cell, int count) {
        return Math.max(0, Math.min(count - 1, (p + 0.5f) / cell - 0.5f));
    }

    /**
     * Euclidean distance from every pixel of {@code area} to the nearest masked pixel inside
     * {@code area}; 0 on the mask. Felzenszwalb and Huttenlocher's two-pass exact transform.
     */
    static float[] distanceToMask(PixelMask mask, Rect area) {
        boolean[] painted = mask.sample(area);
        int w = area.width();
        int h = area.height();
        float inf = 1e20f;
        float[] grid = new float[w * h];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = painted[i] ? 0 : inf;
        }
        // every column, then every row, is transformed on its own: in runs of lines, each with its buffers
        runs(w, (long) w * h, (from, to) -> {
            Lines buffers = new Lines(h);
            for (int x = from; x < to; x++) {
                for (int y = 0; y < h; y++) {
                    buffers.line[y] = grid[y * w + x];
                }
                transform1d(buffers.line, h, buffers.result, buffers.v, buffers.z);
                for (int y = 0; y < h; y++) {
                    grid[y * w + x] = buffers.result[y];
                }
            }
        });
        runs(h, (long) w * h, (from, to) -> {
            Lines buffers = new Lines(w);
            for (int y = from; y < to; y++) {
                System.arraycopy(grid, y * w, buffers.line, 0, w);
                transform1d(buffers.line, w, buffers.result, buffers.v, buffers.z);
                for (int x = 0; x < w; x++) {
                    grid[y * w + x] = (float) Math.sqrt(buffers.result[x]);
                }
            }
        });
        return grid;
    }

    /** A line transform's buffers ({@link #transform1d}) for lines of up to {@code n} values. */
    private record Lines(float[] line, float[] result, int[] v, float[] z) {
        Lines(int n) {
            this(new float[n], new float[n], new int[n], new float[n + 1]);
        }
    }

    /** Lines handed out to one run of work, at least. */
    private static final int LINES_A_RUN = 32;

    /** Runs {@code work} over runs {@code [from, to)} of lines 0..count-1, on the common pool when they cover many {@code pixels}. */
    private static void runs(int count, long pixels, BiConsumer<Integer, Integer> work) {
        int runs = pixels >= PARALLEL_PIXELS ? (count + LINES_A_RUN - 1) / LINES_A_RUN : 1;
        each(0, runs, pixels, r -> work.accept((int) ((long) count * r / runs), (int) ((long) count * (r + 1) / runs)));
    }

    /** Squared distance transform of one line (lower envelope of parabolas). */
    private static void transform1d(float[] f, int n, float[] d, int[] v, float[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Float.NEGATIVE_INFINITY;
        z[1] = Float.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            float s;
            while (true) {
                int p = v[k];
                s = ((f[q] + (float) q * q) - (f[p] + (float) p * p)) / (2f * q - 2f * p);
                if (s <= z[k] && k > 0) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Float.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            int p = v[k];
            d[q] = (float) (q - p) * (q - p) + f[p];
        }
    }
}
