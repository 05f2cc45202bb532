package com.arpgstudio.inference.edit;

/**
 * Image quality numbers used to check edits: PSNR, high-frequency energy, the visibility of a seam,
 * how detailed a fill is against its surroundings.
 */
public final class ImageMetrics {

    private ImageMetrics() {}

    /** Peak signal-to-noise ratio over the RGB channels, in dB (infinite for identical images). */
    public static double psnr(ArgbImage a, ArgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("expected images of one size, found " + a + " and " + b);
        }
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            int p = a.pixels()[i];
            int q = b.pixels()[i];
            for (int shift = 0; shift <= 16; shift += 8) {
                double d = ((p >> shift) & 0xff) - ((q >> shift) & 0xff);
                sum += d * d;
            }
        }
        double mse = sum / (3.0 * a.pixels().length);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean squared 4-neighbour Laplacian of the luminance: how much fine detail an image holds. */
    public static double highFrequencyEnergy(ArgbImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 3 || h < 3) {
            return 0;
        }
        float[] luma = new float[w * h];
        for (int i = 0; i < luma.length; i++) {
            int p = image.pixels()[i];
            luma[i] = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
        }
        double sum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                double lap = 4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w];
                sum += lap * lap;
            }
        }
        return sum / ((double) (w - 2) * (h - 2));
    }

    /** The ring a fill's sharpness is compared with: pixels 8 to 40 px from the mask. */
    public static final int SHARPNESS_RING_NEAR = 8;
    public static final int SHARPNESS_RING_FAR = 40;

    /**
     * How detailed a fill is against the photo around it: the mean absolute 4-neighbour Laplacian
     * of the luminance over the mask's painted pixels, divided by the same over the ring of pixels
     * {@value #SHARPNESS_RING_NEAR} to {@value #SHARPNESS_RING_FAR} px from the mask (Euclidean
     * distance; the feather band in between belongs to neither). 1.0 is as detailed as the
     * surroundings; a fill generated shrunk and scaled back up scores about one over its shrink
     * factor, a photo's own pixels 1-2. Pixels on the image's border, where the Laplacian has no
     * neighbours, are left out. NaN when the ring holds no detail (a flat or absent surrounding).
     */
    public static double sharpnessRatio(ArgbImage image, PixelMask mask) {
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException("expected a mask of the image's size " + image.width() + "x"
                    + image.height() + ", found " + mask.width() + "x" + mask.height());
        }
        PixelMask ring = mask.grown(SHARPNESS_RING_FAR).minus(mask.grown(SHARPNESS_RING_NEAR - 1));
        double inside = meanAbsoluteLaplacian(image, mask);
        double around = meanAbsoluteLaplacian(image, ring);
        return around > 0 && !Double.isNaN(inside) ? inside / around : Double.NaN;
    }

    /** Mean absolute 4-neighbour Laplacian of the luminance over the painted pixels not on the border; NaN for none. */
    static double meanAbsoluteLaplacian(ArgbImage image, PixelMask where) {
        int w = image.width();
        int h = image.height();
        double sum = 0;
        long count = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                if (where.get(x, y)) {
                    double lap = 4 * luma(image.get(x, y)) - luma(image.get(x - 1, y)) - luma(image.get(x + 1, y))
                            - luma(image.get(x, y - 1)) - luma(image.get(x, y + 1));
                    sum += Math.abs(lap);
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double luma(int argb) {
        return 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
    }

    /** Lines beside a seam its step is compared with: 2 to 16 pixels away, on both sides. */
    private static final int NEAREST_BESIDE = 2;
    private static final int FARTHEST_BESIDE = 16;

    /**
     * How visible a vertical seam is: the mean absolute colour step (RGB, over rows
     * {@code [y0, y1)}) between columns {@code x - 1} and {@code x}, divided by the mean of the same
     * step at the column boundaries 2 to 16 pixels to either side (those inside the image). 1.0 is
     * invisible, as a natural photo's columns are (1.0-1.3); a hard edge where a fill meets the
     * photo scores several times that.
     */
    public static double columnSeam(ArgbImage image, int x, int y0, int y1) {
        return seam(image, x, y0, y1, true);
    }

    /** {@link #columnSeam} for a horizontal seam between rows {@code y - 1} and {@code y}, over columns {@code [x0, x1)}. */
    public static double rowSeam(ArgbImage image, int y, int x0, int x1) {
        return seam(image, y, x0, x1, false);
    }

    private static double seam(ArgbImage image, int at, int from, int to, boolean vertical) {
        int across = vertical ? image.width() : image.height();
        int along = vertical ? image.height() : image.width();
        if (at < 1 || at >= across || from < 0 || to > along || from >= to) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "seam at %d over [%d, %d): expected a line inside the %dx%d image", at, from, to, image.width(),
                    image.height()));
        }
        double beside = 0;
        int lines = 0;
        for (int k = NEAREST_BESIDE; k <= FARTHEST_BESIDE; k++) {
            for (int line : new int[] {at - k, at + k}) {
                if (line >= 1 && line < across) {
                    beside += step(image, line, from, to, vertical);
                    lines++;
                }
            }
        }
        if (lines == 0) {
            throw new IllegalArgumentException("seam at " + at + ": the image has no lines beside it to compare with");
        }
        double mean = beside / lines;
        return mean == 0 ? (step(image, at, from, to, vertical) == 0 ? 1.0 : Double.POSITIVE_INFINITY)
                : step(image, at, from, to, vertical) / mean;
    }

    /** Mean absolute RGB difference between line {@code at - 1} and line {@code at}, over {@code [from, to)}. */
    private static double step(ArgbImage image, int at, int from, int to, boolean vertical) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            int p = vertical ? image.get(at - 1, i) : image.get(i, at - 1);
            int q = vertical ? image.get(at, i) : image.get(i, at);
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
            }
        }
        return sum / (3.0 * (to - from));
    }

    /**
     * The worst seam along the lines where windows' targets meet inside {@code area}: every
     * column holding a target's left edge and every row holding a target's top edge, measured over
     * the longest stretch of that line with both sides in the area (stretches shorter than
     * {@value #MIN_EDGE} pixels left out); 0 when there is none. Targets of a tiling line up, so a
     * line covers the edges of a whole row or column of tiles.
     */
    public static double worstWindowEdge(ArgbImage result, PixelMask area, WindowPlan plan) {
        java.util.Set<Integer> columns = new java.util.TreeSet<>();
        java.util.Set<Integer> rows = new java.util.TreeSet<>();
        for (Window window : plan.windows()) {
            columns.add(window.target().x());
            rows.add(window.target().y());
        }
        double worst = 0;
        for (int x : columns) {
            if (x > 0 && x < result.width()) {
                int[] span = run(area, x - 1, x, 0, result.height(), true);
                if (span[1] - span[0] >= MIN_EDGE) {
                    worst = Math.max(worst, ImageMetrics.columnSeam(result, x, span[0], span[1]));
                }
            }
        }
        for (int y : rows) {
            if (y > 0 && y < result.height()) {
                int[] span = run(area, y - 1, y, 0, result.width(), false);
                if (span[1] - span[0] >= MIN_EDGE) {
                    worst = Math.max(worst, ImageMetrics.rowSeam(result, y, span[0], span[1]));
                }
            }
        }
        return worst;
    }

    /**
     * The worst seam along the four sides of a rectangular fill: {@link #columnSeam} at its left and
     * right edges over its rows, {@link #rowSeam} at its top and bottom edges over its columns
     * (sides on the image's border left out; 0 when none is left).
     */
    public static double worstRectangleEdge(ArgbImage image, Rect fill) {
        Rect r = fill.intersect(image.bounds());
        double worst = 0;
        for (int x : new int[] {r.x(), r.right()}) {
            if (x > 0 && x < image.width()) {
                worst = Math.max(worst, columnSeam(image, x, r.y(), r.bottom()));
            }
        }
        for (int y : new int[] {r.y(), r.bottom()}) {
            if (y > 0 && y < image.height()) {
                worst = Math.max(worst, rowSeam(image, y, r.x(), r.right()));
            }
        }
        return worst;
    }

    /** Edges shorter than this say little (their step is a handful of pixels). */
    private static final int MIN_EDGE = 16;

    /** The longest run of positions in {@code [from, to)} where both lines {@code a} and {@code b} are in the area. */
    private static int[] run(PixelMask area, int a, int b, int from, int to, boolean vertical) {
        int[] best = {from, from};
        int start = -1;
        for (int i = from; i <= to; i++) {
            boolean inside = i < to && (vertical ? area.get(a, i) && area.get(b, i) : area.get(i, a) && area.get(i, b));
            if (inside && start < 0) {
                start = i;
            } else if (!inside && start >= 0) {
                if (i - start > best[1] - best[0]) {
                    best = new int[] {start, i};
                }
                start = -1;
            }
        }
        return best;
    }
}
