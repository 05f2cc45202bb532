package com.arpgstudio.inference.edit;

import java.awt.image.BufferedImage;
import java.util.BitSet;

/**
 * Which pixels of a canvas an edit replaces. Read from an image, a pixel is painted when it is
 * mostly opaque and bright ({@code alpha >= 128} and its brightest channel {@code >= 128}): a white
 * on black mask and a painted layer over transparency both work.
 */
public final class PixelMask {

    private final int width;
    private final int height;
    private final BitSet bits;

    public PixelMask(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("expected a positive mask size, found " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.bits = new BitSet(Math.multiplyExact(width, height));
    }

    public static PixelMask of(BufferedImage image) {
        return of(ArgbImage.of(image));
    }

    public static PixelMask of(ArgbImage image) {
        PixelMask mask = new PixelMask(image.width(), image.height());
        int[] px = image.pixels();
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int brightest = Math.max((p >> 16) & 0xff, Math.max((p >> 8) & 0xff, p & 0xff));
            if ((p >>> 24) >= 128 && brightest >= 128) {
                mask.bits.set(i);
            }
        }
        return mask;
    }

    /** A mask painting exactly {@code region} (clipped to the canvas). */
    public static PixelMask ofRect(int width, int height, Rect region) {
        PixelMask mask = new PixelMask(width, height);
        mask.fill(region, true);
        return mask;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Rect canvas() {
        return Rect.ofSize(width, height);
    }

    public boolean get(int x, int y) {
        return bits.get(y * width + x);
    }

    public void set(int x, int y, boolean painted) {
        bits.set(y * width + x, painted);
    }

    /** Sets every pixel of {@code region} (clipped) to {@code painted}. */
    public void fill(Rect region, boolean painted) {
        Rect r = region.intersect(canvas());
        for (int y = r.y(); y < r.bottom(); y++) {
            bits.set(y * width + r.x(), y * width + r.right(), painted);
        }
    }

    public long count() {
        return bits.cardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public PixelMask copy() {
        PixelMask copy = new PixelMask(width, height);
        copy.bits.or(bits);
        return copy;
    }

    /** Painted pixels of this mask that {@code other} does not paint, as a new mask. */
    public PixelMask minus(PixelMask other) {
        PixelMask result = copy();
        result.bits.andNot(other.bits);
        return result;
    }

    /** The unpainted pixels, as a new mask. */
    public PixelMask inverted() {
        PixelMask result = copy();
        result.bits.flip(0, width * height);
        return result;
    }

    /** Painted pixels that {@code other} paints too, as a new mask. */
    public PixelMask and(PixelMask other) {
        PixelMask result = copy();
        result.bits.and(other.bits);
        return result;
    }

    /** Unpaints every pixel {@code other} paints, in place. */
    public void remove(PixelMask other) {
        bits.andNot(other.bits);
    }

    /** Paints every pixel {@code other} paints, in place. */
    public void add(PixelMask other) {
        bits.or(other.bits);
    }

    /** The painted pixels inside {@code region} only, as a new mask. */
    public PixelMask within(Rect region) {
        PixelMask result = new PixelMask(width, height);
        Rect r = region.intersect(canvas());
        for (int y = r.y(); y < r.bottom(); y++) {
            BitSet row = bits.get(y * width + r.x(), y * width + r.right());
            for (int i = row.nextSetBit(0); i >= 0; i = row.nextSetBit(i + 1)) {
                result.bits.set(y * width + r.x() + i);
            }
        }
        return result;
    }

    /** The smallest rectangle holding every painted pixel; empty for an empty mask. */
    public Rect bounds() {
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < height; y++) {
            int first = bits.nextSetBit(y * width);
            if (first < 0) {
                break;
            }
            if (first >= (y + 1) * width) {
                y = first / width - 1;
                continue;
            }
            int last = bits.previousSetBit((y + 1) * width - 1);
            minY = Math.min(minY, y);
            maxY = y;
            minX = Math.min(minX, first - y * width);
            maxX = Math.max(maxX, last - y * width);
        }
        return maxX < 0 ? new Rect(0, 0, 0, 0) : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Painted pixels inside {@code region} (clipped). */
    public long count(Rect region) {
        Rect r = region.intersect(canvas());
        long n = 0;
        for (int y = r.y(); y < r.bottom(); y++) {
            n += bits.get(y * width + r.x(), y * width + r.right()).cardinality();
        }
        return n;
    }

    /**
     * Per pixel of {@code region} (raster order within it), whether it is painted; pixels of the
     * region outside the canvas count as unpainted.
     */
    public boolean[] sample(Rect region) {
        boolean[] out = new boolean[Math.multiplyExact(region.width(), region.height())];
        Rect r = region.intersect(canvas());
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) {
                out[(y - region.y()) * region.width() + (x - region.x())] = bits.get(y * width + x);
            }
        }
        return out;
    }

    /** A mask image: painted pixels white, the others black, all opaque. */
    public ArgbImage toImage() {
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = bits.get(i) ? 0xffffffff : 0xff000000;
        }
        return new ArgbImage(width, height, px);
    }
}
