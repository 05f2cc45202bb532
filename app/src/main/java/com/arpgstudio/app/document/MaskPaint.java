package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.util.Arrays;

/**
 * The editor's painting on the engine's {@link PixelMask}: brush discs and strokes (hard or with a
 * soft edge), rectangles, lasso polygons, and whole-mask operations. Each returns the rectangle it
 * touched, so the canvas redraws and the history stores only that.
 */
public final class MaskPaint {

    private MaskPaint() {}

    /** Paints (or erases) a hard filled disc; returns the touched rectangle. */
    public static Rect disc(PixelMask mask, double cx, double cy, double radius, boolean on) {
        return disc(mask, cx, cy, radius, on, 1);
    }

    /**
     * Paints (or erases) a disc whose coverage is full within {@code hardness * radius} of the
     * centre and falls linearly to none at the radius (hardness 1: a hard disc). Painting keeps the
     * higher coverage of the disc and the mask, erasing the lower of the mask and the disc's
     * complement, so overlapping dabs of one stroke make an even edge. Returns the touched rectangle.
     */
    public static Rect disc(PixelMask mask, double cx, double cy, double radius, boolean on, double hardness) {
        if (!(hardness >= 0 && hardness <= 1)) {
            throw new IllegalArgumentException("expected a hardness of 0..1, found " + hardness);
        }
        Rect box = Rect.ofCorners((int) Math.floor(cx - radius), (int) Math.floor(cy - radius),
                (int) Math.ceil(cx + radius) + 1, (int) Math.ceil(cy + radius) + 1).clip(mask.width(), mask.height());
        double solid = radius * hardness;
        double r2 = radius * radius;
        for (int y = box.y(); y < box.bottom(); y++) {
            double dy = y + 0.5 - cy;
            for (int x = box.x(); x < box.right(); x++) {
                double dx = x + 0.5 - cx;
                double d2 = dx * dx + dy * dy;
                if (d2 > r2) {
                    continue;
                }
                double d = Math.sqrt(d2);
                int coverage = d <= solid ? PixelMask.FULL
                        : (int) Math.round(PixelMask.FULL * (radius - d) / (radius - solid));
                int old = mask.coverage(x, y);
                mask.setCoverage(x, y, on ? Math.max(old, coverage) : Math.min(old, PixelMask.FULL - coverage));
            }
        }
        return box;
    }

    /** Paints hard discs every quarter radius along a segment, so fast strokes leave no gaps. */
    public static Rect segment(PixelMask mask, double x0, double y0, double x1, double y1, double radius, boolean on) {
        return segment(mask, x0, y0, x1, y1, radius, on, 1);
    }

    /** Paints discs of this hardness every quarter radius along a segment. */
    public static Rect segment(PixelMask mask, double x0, double y0, double x1, double y1, double radius, boolean on,
                               double hardness) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        int dabs = Math.max(1, (int) Math.ceil(length / Math.max(0.5, radius / 4)));
        Rect touched = Rect.EMPTY;
        for (int i = 0; i <= dabs; i++) {
            double t = (double) i / dabs;
            touched = touched.union(disc(mask, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, radius, on, hardness));
        }
        return touched;
    }

    /** Paints (or erases) the rectangle, clipped to the mask; returns the clipped rectangle. */
    public static Rect rectangle(PixelMask mask, Rect rect, boolean on) {
        Rect r = rect.clip(mask.width(), mask.height());
        mask.fill(r, on);
        return r;
    }

    /** Fills a polygon (even-odd rule, pixel centres) given in image coordinates. */
    public static Rect polygon(PixelMask mask, double[] xs, double[] ys, boolean on) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("expected as many x as y coordinates, found " + xs.length + " and " + ys.length);
        }
        if (xs.length < 3) {
            return Rect.EMPTY;
        }
        double minY = Arrays.stream(ys).min().orElseThrow();
        double maxY = Arrays.stream(ys).max().orElseThrow();
        int y0 = Math.max(0, (int) Math.floor(minY));
        int y1 = Math.min(mask.height() - 1, (int) Math.ceil(maxY));
        Rect touched = Rect.EMPTY;
        double[] crossings = new double[xs.length];
        for (int y = y0; y <= y1; y++) {
            double sy = y + 0.5;
            int n = 0;
            for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
                if ((ys[i] > sy) != (ys[j] > sy)) {
                    crossings[n++] = xs[i] + (sy - ys[i]) / (ys[j] - ys[i]) * (xs[j] - xs[i]);
                }
            }
            Arrays.sort(crossings, 0, n);
            for (int k = 0; k + 1 < n; k += 2) {
                int from = Math.max(0, (int) Math.ceil(crossings[k] - 0.5));
                int to = Math.min(mask.width(), (int) Math.ceil(crossings[k + 1] - 0.5));
                if (to > from) {
                    Rect span = new Rect(from, y, to - from, 1);
                    mask.fill(span, on);
                    touched = touched.union(span);
                }
            }
        }
        return touched;
    }

    /** Swaps kept and replaced pixels ({@link PixelMask#inverted}); a soft edge's coverage c becomes 255 - c. */
    public static Rect invert(PixelMask mask) {
        return replace(mask, mask.inverted());
    }

    /** Grows the mask by {@code pixels} (0..{@link PixelMask#MAX_GROW_PIXELS}): {@link PixelMask#grown}. */
    public static Rect grow(PixelMask mask, int pixels) {
        return replace(mask, mask.grown(pixels));
    }

    /** Shrinks the mask by {@code pixels} (0..{@link PixelMask#MAX_GROW_PIXELS}): {@link PixelMask#shrunk}. */
    public static Rect shrink(PixelMask mask, int pixels) {
        return replace(mask, mask.shrunk(pixels));
    }

    /** Unpaints every pixel; returns the whole canvas. */
    public static Rect clear(PixelMask mask) {
        mask.fill(mask.canvas(), false);
        return mask.canvas();
    }

    /** Makes {@code mask} hold {@code result}'s coverage (same size); returns the rectangle that changed. */
    public static Rect replace(PixelMask mask, PixelMask result) {
        Rect changed = mask.differenceBounds(result);
        mask.paste(result, 0, 0);
        return changed;
    }
}
