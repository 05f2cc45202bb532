package com.arpgstudio.inference.edit;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Which pixels of a canvas an edit replaces, and how much of each: a coverage from 0 (kept) to
 * {@link #FULL} (replaced). A pixel is painted when its coverage is above 0; a hard mask (every
 * coverage 0 or {@link #FULL}, as masks read from files are) holds only which pixels are painted,
 * a soft one (a soft brush's edge) also its coverages in between, which the {@link Compositor}
 * blends by. Read from an image, a pixel is painted when it is mostly opaque and bright
 * ({@code alpha >= 128} and its brightest channel {@code >= 128}): a white on black mask and a
 * painted layer over transparency both work; {@link #ofCoverage(ArgbImage)} reads grey levels as
 * coverage instead.
 *
 * <p>Grow, shrink ({@link #grown}, {@link #shrunk}: by a Euclidean distance) and invert make new
 * masks; {@link #minus}, {@link #and} and {@link #remove} take only which pixels the other mask
 * paints, whatever their coverage.
 */
public final class PixelMask {

    /** The coverage of a fully replaced pixel. */
    public static final int FULL = 255;
    /** The most pixels a mask grows or shrinks by at once. */
    public static final int MAX_GROW_PIXELS = 500;

    private final int width;
    private final int height;
    /** The painted pixels: those of coverage above 0. */
    private final BitSet bits;
    /** Every pixel's coverage, for a soft mask; null for a hard one (coverage FULL where painted). */
    private byte[] coverage;

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
            if ((p >>> 24) >= 128 && brightest(p) >= 128) {
                mask.bits.set(i);
            }
        }
        return mask;
    }

    /**
     * A mask whose coverage is each pixel's grey level times its opacity (white opaque = replaced,
     * black or transparent = kept): what {@link #toImage()} writes reads back the same.
     */
    public static PixelMask ofCoverage(ArgbImage image) {
        int[] px = image.pixels();
        byte[] values = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            values[i] = (byte) ((brightest(px[i]) * (px[i] >>> 24) + FULL / 2) / FULL);
        }
        return ofCoverage(image.width(), image.height(), values);
    }

    /** A mask of these coverages (one unsigned byte per pixel, raster order; copied). */
    public static PixelMask ofCoverage(int width, int height, byte[] values) {
        PixelMask mask = new PixelMask(width, height);
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("expected " + (long) width * height + " coverage values for " + width
                    + "x" + height + ", found " + values.length);
        }
        boolean soft = false;
        for (int i = 0; i < values.length; i++) {
            int v = values[i] & 0xff;
            if (v != 0) {
                mask.bits.set(i);
                soft |= v != FULL;
            }
        }
        mask.coverage = soft ? values.clone() : null;
        return mask;
    }

    /** A mask painting exactly {@code region} (clipped to the canvas). */
    public static PixelMask ofRect(int width, int height, Rect region) {
        PixelMask mask = new PixelMask(width, height);
        mask.fill(region, true);
        return mask;
    }

    private static int brightest(int argb) {
        return Math.max((argb >> 16) & 0xff, Math.max((argb >> 8) & 0xff, argb & 0xff));
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

    /** Whether the pixel is painted (its coverage is above 0). */
    public boolean get(int x, int y) {
        return bits.get(y * width + x);
    }

    /** The pixel's coverage, 0 (kept) to {@link #FULL} (replaced). */
    public int coverage(int x, int y) {
        int i = y * width + x;
        return coverage != null ? coverage[i] & 0xff : bits.get(i) ? FULL : 0;
    }

    /**
     * Whether the mask keeps a coverage per pixel (one between 0 and {@link #FULL} was set or read);
     * a hard mask paints each pixel fully or not at all.
     */
    public boolean isSoft() {
        return coverage != null;
    }

    /** Paints the pixel fully, or unpaints it. */
    public void set(int x, int y, boolean painted) {
        setCoverage(x, y, painted ? FULL : 0);
    }

    /** Sets the pixel's coverage (0..{@link #FULL}); the mask becomes soft where it takes a value in between. */
    public void setCoverage(int x, int y, int value) {
        if (value < 0 || value > FULL) {
            throw new IllegalArgumentException("expected a coverage in 0.." + FULL + ", found " + value);
        }
        int i = y * width + x;
        bits.set(i, value != 0);
        if (coverage == null && value != 0 && value != FULL) {
            coverage = coverageValues();
        }
        if (coverage != null) {
            coverage[i] = (byte) value;
        }
    }

    /** Sets every pixel of {@code region} (clipped) to {@code painted}: fully covered or not at all. */
    public void fill(Rect region, boolean painted) {
        Rect r = region.intersect(canvas());
        for (int y = r.y(); y < r.bottom(); y++) {
            bits.set(y * width + r.x(), y * width + r.right(), painted);
            if (coverage != null) {
                Arrays.fill(coverage, y * width + r.x(), y * width + r.right(), (byte) (painted ? FULL : 0));
            }
        }
    }

    /** Painted pixels (of any coverage above 0). */
    public long count() {
        return bits.cardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public PixelMask copy() {
        PixelMask copy = new PixelMask(width, height);
        copy.bits.or(bits);
        copy.coverage = coverage == null ? null : coverage.clone();
        return copy;
    }

    /** Painted pixels of this mask that {@code other} does not paint (their coverage kept), as a new mask. */
    public PixelMask minus(PixelMask other) {
        PixelMask result = copy();
        result.remove(other);
        return result;
    }

    /** Every pixel's coverage taken from {@link #FULL} (a hard mask: the unpainted pixels), as a new mask. */
    public PixelMask inverted() {
        if (coverage == null) {
            PixelMask result = copy();
            result.bits.flip(0, width * height);
            return result;
        }
        byte[] values = coverage.clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (FULL - (values[i] & 0xff));
        }
        return ofCoverage(width, height, values);
    }

    /** Painted pixels that {@code other} paints too (their coverage kept), as a new mask. */
    public PixelMask and(PixelMask other) {
        PixelMask result = copy();
        result.bits.and(other.bits);
        result.clearCoverageOutsideBits();
        return result;
    }

    /** Unpaints every pixel {@code other} paints, in place. */
    public void remove(PixelMask other) {
        bits.andNot(other.bits);
        clearCoverageOutsideBits();
    }

    /** Paints every pixel {@code other} paints, in place: the higher of the two coverages. */
    public void add(PixelMask other) {
        if (coverage == null && other.coverage == null) {
            bits.or(other.bits);
            return;
        }
        byte[] mine = coverageValues();
        for (int i = other.bits.nextSetBit(0); i >= 0; i = other.bits.nextSetBit(i + 1)) {
            int theirs = other.coverage == null ? FULL : other.coverage[i] & 0xff;
            mine[i] = (byte) Math.max(mine[i] & 0xff, theirs);
        }
        bits.or(other.bits);
        coverage = mine;
    }

    /** Zeroes the coverage of pixels no longer painted, so the two stay in step. */
    private void clearCoverageOutsideBits() {
        if (coverage != null) {
            for (int i = bits.nextClearBit(0); i < coverage.length; i = bits.nextClearBit(i + 1)) {
                coverage[i] = 0;
            }
        }
    }

    /** The painted pixels inside {@code region} only (their coverage kept), as a new mask. */
    public PixelMask within(Rect region) {
        PixelMask result = new PixelMask(width, height);
        Rect r = region.intersect(canvas());
        for (int y = r.y(); y < r.bottom(); y++) {
            BitSet row = bits.get(y * width + r.x(), y * width + r.right());
            for (int i = row.nextSetBit(0); i >= 0; i = row.nextSetBit(i + 1)) {
                result.bits.set(y * width + r.x() + i);
            }
        }
        if (coverage != null) {
            result.coverage = coverage.clone();
            result.clearCoverageOutsideBits();
        }
        return result;
    }

    /** The fully covered pixels only, as a hard mask (this mask itself when it is hard). */
    public PixelMask solid() {
        if (coverage == null) {
            return this;
        }
        PixelMask result = new PixelMask(width, height);
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            if ((coverage[i] & 0xff) == FULL) {
                result.bits.set(i);
            }
        }
        return result;
    }

    /**
     * The mask grown by {@code pixels}: every pixel within that Euclidean distance of a painted
     * pixel (between pixel centres) is painted, taking the highest coverage within it.
     */
    public PixelMask grown(int pixels) {
        requireGrowDistance(pixels);
        return MaskMorphology.dilate(this, pixels);
    }

    /**
     * The mask shrunk by {@code pixels}: a pixel stays painted only if every pixel of the canvas
     * within that distance is (the canvas edge does not shrink it), taking the lowest coverage
     * within it. The inverse of growing the inverted mask.
     */
    public PixelMask shrunk(int pixels) {
        requireGrowDistance(pixels);
        return MaskMorphology.dilate(inverted(), pixels).inverted();
    }

    private static void requireGrowDistance(int pixels) {
        if (pixels < 0 || pixels > MAX_GROW_PIXELS) {
            throw new IllegalArgumentException("expected a distance of 0.." + MAX_GROW_PIXELS + " pixels, found " + pixels);
        }
    }

    /** The smallest rectangle holding every painted pixel; empty for an empty mask. */
    public Rect bounds() {
        return boundsOf(bits);
    }

    /** The smallest rectangle holding every painted pixel inside {@code region} (clipped); empty when none is. */
    public Rect bounds(Rect region) {
        Rect r = region.intersect(canvas());
        int minX = Integer.MAX_VALUE;
        int minY = -1;
        int maxX = -1;
        int maxY = -1;
        for (int y = r.y(); y < r.bottom(); y++) {
            int first = bits.nextSetBit(y * width + r.x());
            if (first < 0 || first >= y * width + r.right()) {
                continue;
            }
            int last = bits.previousSetBit(y * width + r.right() - 1);
            minY = minY < 0 ? y : minY;
            maxY = y;
            minX = Math.min(minX, first - y * width);
            maxX = Math.max(maxX, last - y * width);
        }
        return maxX < 0 ? new Rect(0, 0, 0, 0) : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /**
     * The smallest rectangle holding every pixel whose coverage differs from {@code other}'s (a mask
     * of the same size), empty when none does: what an undo step of a mask edit keeps.
     */
    public Rect differenceBounds(PixelMask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("expected a " + width + "x" + height + " mask, found "
                    + other.width + "x" + other.height);
        }
        BitSet differing = (BitSet) bits.clone();
        differing.xor(other.bits);
        if (coverage != null || other.coverage != null) { // painted in both, at other coverages
            byte[] mine = coverageValues();
            byte[] theirs = other.coverageValues();
            for (int i = Arrays.mismatch(mine, theirs); i >= 0; ) {
                differing.set(i);
                int next = Arrays.mismatch(mine, i + 1, mine.length, theirs, i + 1, theirs.length);
                i = next < 0 ? -1 : i + 1 + next;
            }
        }
        return boundsOf(differing);
    }

    /** The pixels of {@code region} (inside the canvas) as a mask of the region's size, coverage kept. */
    public PixelMask crop(Rect region) {
        if (region.isEmpty() || !canvas().contains(region)) {
            throw new IllegalArgumentException("expected a region inside the " + width + "x" + height
                    + " mask, found " + region);
        }
        PixelMask out = new PixelMask(region.width(), region.height());
        for (int y = 0; y < region.height(); y++) {
            int from = (region.y() + y) * width + region.x();
            BitSet row = bits.get(from, from + region.width());
            for (int i = row.nextSetBit(0); i >= 0; i = row.nextSetBit(i + 1)) {
                out.bits.set(y * region.width() + i);
            }
        }
        if (coverage != null) {
            out.coverage = new byte[region.width() * region.height()];
            for (int y = 0; y < region.height(); y++) {
                System.arraycopy(coverage, (region.y() + y) * width + region.x(), out.coverage, y * region.width(),
                        region.width());
            }
        }
        return out;
    }

    /** Writes {@code source}'s coverage with its top-left corner at (x, y), in place; parts outside are dropped. */
    public void paste(PixelMask source, int x, int y) {
        Rect target = new Rect(x, y, source.width, source.height).intersect(canvas());
        if (source.coverage != null && coverage == null) {
            coverage = coverageValues();
        }
        for (int ty = target.y(); ty < target.bottom(); ty++) {
            int from = (ty - y) * source.width + (target.x() - x);
            int to = ty * width + target.x();
            for (int i = 0; i < target.width(); i++) {
                bits.set(to + i, source.bits.get(from + i));
            }
            if (coverage != null && source.coverage != null) {
                System.arraycopy(source.coverage, from, coverage, to, target.width());
            } else if (coverage != null) {
                for (int i = 0; i < target.width(); i++) {
                    coverage[to + i] = source.bits.get(from + i) ? (byte) FULL : 0;
                }
            }
        }
    }

    /** Heap bytes its pixels take: a bit each, and a byte each for a soft mask's coverage. */
    public long byteSize() {
        long pixels = (long) width * height;
        return pixels / 8 + (coverage == null ? 0 : pixels);
    }

    private Rect boundsOf(BitSet marked) {
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < height; y++) {
            int first = marked.nextSetBit(y * width);
            if (first < 0) {
                break;
            }
            if (first >= (y + 1) * width) {
                y = first / width - 1;
                continue;
            }
            int last = marked.previousSetBit((y + 1) * width - 1);
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

    /** Every pixel's coverage (one unsigned byte per pixel, raster order), as a new array. */
    public byte[] coverageValues() {
        if (coverage != null) {
            return coverage.clone();
        }
        byte[] values = new byte[width * height];
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            values[i] = (byte) FULL;
        }
        return values;
    }

    /** A mask image: each pixel's coverage as grey (painted pixels of a hard mask white, the others black), opaque. */
    public ArgbImage toImage() {
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = argb(i);
        }
        return new ArgbImage(width, height, px);
    }

    /** The pixel {@link #toImage} has at row-major {@code index}: opaque grey of the coverage. */
    int argb(int index) {
        int v = coverage != null ? coverage[index] & 0xff : bits.get(index) ? FULL : 0;
        return 0xff000000 | v * 0x010101;
    }
}
