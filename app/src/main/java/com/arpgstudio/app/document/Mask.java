package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.util.Arrays;

/**
 * Which pixels a fill replaces: one unsigned byte per pixel, the coverage of the engine's
 * {@link PixelMask} (0 = keep, 255 = replace, in between: a soft edge that takes that share of
 * the fill). Painting operations return the rectangle they touched so the canvas redraws and the
 * history stores only that.
 */
public final class Mask {

    public static final byte ON = (byte) 255;
    public static final byte OFF = 0;

    private final int width;
    private final int height;
    private final byte[] values;

    public Mask(int width, int height) {
        this(width, height, new byte[Math.multiplyExact(width, height)]);
    }

    public Mask(int width, int height, byte[] values) {
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("expected " + (long) width * height + " mask values for "
                    + width + "x" + height + ", found " + values.length);
        }
        this.width = width;
        this.height = height;
        this.values = values;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public byte[] values() {
        return values;
    }

    public boolean isOn(int x, int y) {
        return values[y * width + x] != OFF;
    }

    public Mask copy() {
        return new Mask(width, height, values.clone());
    }

    /** Paints (or erases) a hard filled disc; returns the touched rectangle. */
    public Rect paintDisc(double cx, double cy, double radius, boolean on) {
        return paintDisc(cx, cy, radius, on, 1);
    }

    /**
     * Paints (or erases) a disc whose coverage is full within {@code hardness * radius} of the
     * centre and falls linearly to none at the radius (hardness 1: a hard disc). Painting keeps the
     * higher coverage of the disc and the mask, erasing the lower of the mask and the disc's
     * complement, so overlapping dabs of one stroke make an even edge. Returns the touched rectangle.
     */
    public Rect paintDisc(double cx, double cy, double radius, boolean on, double hardness) {
        if (!(hardness >= 0 && hardness <= 1)) {
            throw new IllegalArgumentException("expected a hardness of 0..1, found " + hardness);
        }
        Rect box = Rect.ofCorners((int) Math.floor(cx - radius), (int) Math.floor(cy - radius),
                (int) Math.ceil(cx + radius) + 1, (int) Math.ceil(cy + radius) + 1).clip(width, height);
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
                int i = y * width + x;
                int old = values[i] & 0xff;
                values[i] = (byte) (on ? Math.max(old, coverage) : Math.min(old, PixelMask.FULL - coverage));
            }
        }
        return box;
    }

    /** Paints hard discs every quarter radius along a segment, so fast strokes leave no gaps. */
    public Rect paintSegment(double x0, double y0, double x1, double y1, double radius, boolean on) {
        return paintSegment(x0, y0, x1, y1, radius, on, 1);
    }

    /** Paints discs of this hardness every quarter radius along a segment. */
    public Rect paintSegment(double x0, double y0, double x1, double y1, double radius, boolean on, double hardness) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        int dabs = Math.max(1, (int) Math.ceil(length / Math.max(0.5, radius / 4)));
        Rect touched = Rect.EMPTY;
        for (int i = 0; i <= dabs; i++) {
            double t = (double) i / dabs;
            touched = touched.union(paintDisc(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, radius, on, hardness));
        }
        return touched;
    }

    public Rect fillRect(Rect rect, boolean on) {
        Rect r = rect.clip(width, height);
        for (int y = r.y(); y < r.bottom(); y++) {
            Arrays.fill(values, y * width + r.x(), y * width + r.right(), on ? ON : OFF);
        }
        return r;
    }

    /** Fills a polygon (even-odd rule, pixel centres) given in image coordinates. */
    public Rect fillPolygon(double[] xs, double[] ys, boolean on) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("expected as many x as y coordinates, found " + xs.length + " and " + ys.length);
        }
        if (xs.length < 3) {
            return Rect.EMPTY;
        }
        double minY = Arrays.stream(ys).min().orElseThrow();
        double maxY = Arrays.stream(ys).max().orElseThrow();
        int y0 = Math.max(0, (int) Math.floor(minY));
        int y1 = Math.min(height - 1, (int) Math.ceil(maxY));
        byte value = on ? ON : OFF;
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
                int to = Math.min(width, (int) Math.ceil(crossings[k + 1] - 0.5));
                if (to > from) {
                    Arrays.fill(values, y * width + from, y * width + to, value);
                    touched = touched.union(new Rect(from, y, to - from, 1));
                }
            }
        }
        return touched;
    }

    /** Swaps kept and replaced pixels; a soft edge's coverage c becomes 255 - c. */
    public Rect invert() {
        return replaceWith(toPixelMask().inverted());
    }

    /** Grows the mask by {@code pixels} (0..{@link PixelMask#MAX_GROW_PIXELS}): {@link PixelMask#grown}. */
    public Rect grow(int pixels) {
        return replaceWith(toPixelMask().grown(pixels));
    }

    /** Shrinks the mask by {@code pixels} (0..{@link PixelMask#MAX_GROW_PIXELS}): {@link PixelMask#shrunk}. */
    public Rect shrink(int pixels) {
        return replaceWith(toPixelMask().shrunk(pixels));
    }

    /** The engine's mask of these coverages. */
    public PixelMask toPixelMask() {
        return PixelMask.ofCoverage(width, height, values);
    }

    private Rect replaceWith(PixelMask mask) {
        byte[] result = mask.coverageValues();
        Rect changed = boundsOfDifference(result, width);
        System.arraycopy(result, 0, values, 0, values.length);
        return changed;
    }

    public Rect clear() {
        Arrays.fill(values, OFF);
        return new Rect(0, 0, width, height);
    }

    public boolean isEmpty() {
        byte[] none = new byte[width];
        for (int row = 0; row < values.length; row += width) {
            if (Arrays.mismatch(values, row, row + width, none, 0, width) >= 0) {
                return false;
            }
        }
        return true;
    }

    public long count() {
        long n = 0;
        for (byte v : values) {
            if (v != OFF) {
                n++;
            }
        }
        return n;
    }

    public byte[] copyRegion(Rect r) {
        byte[] out = new byte[Math.toIntExact(r.area())];
        for (int row = 0; row < r.height(); row++) {
            System.arraycopy(values, (r.y() + row) * width + r.x(), out, row * r.width(), r.width());
        }
        return out;
    }

    public void writeRegion(Rect r, byte[] region) {
        for (int row = 0; row < r.height(); row++) {
            System.arraycopy(region, row * r.width(), values, (r.y() + row) * width + r.x(), r.width());
        }
    }

    /** The smallest rectangle holding every pixel that differs from {@code other} (same size). */
    public Rect differenceBounds(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("expected a " + width + "x" + height + " mask, found "
                    + other.width + "x" + other.height);
        }
        return boundsOfDifference(other.values, width);
    }

    /** The smallest rectangle holding every selected pixel (empty when none is). */
    public Rect bounds() {
        return boundsOfDifference(new byte[width], 0);
    }

    /**
     * Compares row y with {@code other} from {@code y * otherRowStep} (0: one row for every row).
     * Rows are compared with {@link Arrays#mismatch} (vectorised), also when looking for a row's last
     * difference, so a large mask costs little even before the JIT compiles this loop.
     */
    private Rect boundsOfDifference(byte[] other, int otherRowStep) {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int otherRow = y * otherRowStep;
            int first = Arrays.mismatch(values, row, row + width, other, otherRow, otherRow + width);
            if (first < 0) {
                continue;
            }
            minX = Math.min(minX, first);
            maxX = Math.max(maxX, lastDifference(other, row, otherRow, Math.max(first, maxX + 1)));
            minY = Math.min(minY, y);
            maxY = y;
        }
        return maxX < 0 ? Rect.EMPTY : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** The last x in [from, width) where the rows differ, else {@code from - 1}; searched in chunks from the end. */
    private int lastDifference(byte[] other, int row, int otherRow, int from) {
        int chunk = 64;
        for (int end = width; end > from; end -= chunk) {
            int start = Math.max(from, end - chunk);
            if (Arrays.mismatch(values, row + start, row + end, other, otherRow + start, otherRow + end) >= 0) {
                for (int x = end - 1; x >= start; x--) {
                    if (values[row + x] != other[otherRow + x]) {
                        return x;
                    }
                }
            }
        }
        return from - 1;
    }
}
