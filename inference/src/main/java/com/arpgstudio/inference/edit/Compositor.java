package com.arpgstudio.inference.edit;

/**
 * Pastes a window's generated pixels back into the canvas so that no seam or tint shows:
 *
 * <ol>
 *   <li>the decoded window is scaled to its canvas region (when the window was shrunk);</li>
 *   <li>colour match: the VQ round trip shifts colours a little, so the generated pixels get the
 *       per-channel gain and offset that make the decoded ring of known pixels around the mask
 *       match the canvas there (gain kept within [0.8, 1.25] so a flat ring cannot blow up noise);</li>
 *   <li>feather: masked pixels are replaced, pixels within {@code feather} of the mask blend from
 *       generated to original with a smoothstep of their distance, every other pixel is not
 *       written at all and stays bit-identical.</li>
 * </ol>
 */
public final class Compositor {

    private static final double MIN_GAIN = 0.8;
    private static final double MAX_GAIN = 1.25;

    private final int feather;
    private final int ring;

    /**
     * @param feather canvas pixels over which generated pixels fade into the original
     * @param ring    canvas pixels around the mask whose colours the generated ones are matched to
     */
    public Compositor(int feather, int ring) {
        if (feather < 0 || ring < 1) {
            throw new IllegalArgumentException("expected feather >= 0 and ring >= 1, found " + feather + ", " + ring);
        }
        this.feather = feather;
        this.ring = ring;
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
        Rect visible = region.intersect(canvas.bounds());
        if (visible.isEmpty() || replace.count(visible) == 0) {
            return new Rect(0, 0, 0, 0);
        }
        ArgbImage scaled = generated.width() == region.width() && generated.height() == region.height()
                ? generated : Resampler.resize(generated, region.width(), region.height());
        float[] distance = distanceToMask(replace, visible);
        float[][] gainOffset = colourMatch(canvas, scaled, region, visible, distance, reference);

        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        int[] out = canvas.pixels();
        for (int y = visible.y(); y < visible.bottom(); y++) {
            for (int x = visible.x(); x < visible.right(); x++) {
                float d = distance[(y - visible.y()) * visible.width() + (x - visible.x())];
                double alpha = weight(d);
                if (alpha <= 0 || writable != null && !writable.get(x, y)) {
                    continue;
                }
                int i = y * canvas.width() + x;
                int old = out[i];
                int gen = scaled.get(x - region.x(), y - region.y());
                int blended = old & 0xff000000;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double g = ((gen >> shift) & 0xff) * gainOffset[0][c] + gainOffset[1][c];
                    double o = (old >> shift) & 0xff;
                    blended |= Resampler.clampByte((float) (alpha * g + (1 - alpha) * o)) << shift;
                }
                out[i] = blended;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
        }
        return maxX < 0 ? new Rect(0, 0, 0, 0) : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** 1 on the mask, a smoothstep down to 0 at {@code feather} pixels away, 0 beyond. */
    private double weight(float distance) {
        if (distance <= 0) {
            return 1;
        }
        if (distance >= feather) {
            return 0;
        }
        double t = 1 - distance / feather;
        return t * t * (3 - 2 * t);
    }

    /**
     * Per channel {gain[3], offset[3]} mapping generated colours onto the canvas's, fitted on the
     * known pixels within {@code ring} of the mask; identity when there are too few of them.
     */
    private float[][] colourMatch(ArgbImage canvas, ArgbImage scaled, Rect region, Rect visible, float[] distance,
                                  PixelMask reference) {
        float[][] identity = {{1, 1, 1}, {0, 0, 0}};
        if (reference == null) {
            return identity;
        }
        double[] sumC = new double[3];
        double[] sumG = new double[3];
        double[] sqC = new double[3];
        double[] sqG = new double[3];
        long n = 0;
        for (int y = visible.y(); y < visible.bottom(); y++) {
            for (int x = visible.x(); x < visible.right(); x++) {
                float d = distance[(y - visible.y()) * visible.width() + (x - visible.x())];
                if (d <= 0 || d > ring || !reference.get(x, y)) {
                    continue;
                }
                int c0 = canvas.get(x, y);
                int g0 = scaled.get(x - region.x(), y - region.y());
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double vc = (c0 >> shift) & 0xff;
                    double vg = (g0 >> shift) & 0xff;
                    sumC[c] += vc;
                    sumG[c] += vg;
                    sqC[c] += vc * vc;
                    sqG[c] += vg * vg;
                }
                n++;
            }
        }
        if (n < 16) {
            return identity;
        }
        float[][] result = new float[2][3];
        for (int c = 0; c < 3; c++) {
            double meanC = sumC[c] / n;
            double meanG = sumG[c] / n;
            double sdC = Math.sqrt(Math.max(0, sqC[c] / n - meanC * meanC));
            double sdG = Math.sqrt(Math.max(0, sqG[c] / n - meanG * meanG));
            double gain = sdG < 1 ? 1 : Math.max(MIN_GAIN, Math.min(MAX_GAIN, sdC / sdG));
            result[0][c] = (float) gain;
            result[1][c] = (float) (meanC - gain * meanG);
        }
        return result;
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
        float[] line = new float[Math.max(w, h)];
        float[] result = new float[Math.max(w, h)];
        int[] v = new int[Math.max(w, h)];
        float[] z = new float[Math.max(w, h) + 1];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                line[y] = grid[y * w + x];
            }
            transform1d(line, h, result, v, z);
            for (int y = 0; y < h; y++) {
                grid[y * w + x] = result[y];
            }
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(grid, y * w, line, 0, w);
            transform1d(line, w, result, v, z);
            for (int x = 0; x < w; x++) {
                grid[y * w + x] = (float) Math.sqrt(result[x]);
            }
        }
        return grid;
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
