package com.arpgstudio.inference.edit;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Pixels as packed 0xAARRGGBB ints in raster order: the form edits work in, convertible to and
 * from {@link BufferedImage} without JavaFX. Instances are treated as values: operations return new
 * images except where a method says it writes in place.
 */
public record ArgbImage(int width, int height, int[] pixels) {

    public ArgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("expected a positive image size, found " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "expected " + width * height + " pixels for " + width + "x" + height + ", found " + pixels.length);
        }
    }

    public static ArgbImage blank(int width, int height) {
        return new ArgbImage(width, height, new int[Math.multiplyExact(width, height)]);
    }

    /** A copy of the image's pixels; any BufferedImage type is accepted. */
    public static ArgbImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new ArgbImage(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, pixels, 0, width);
        return image;
    }

    public Rect bounds() {
        return Rect.ofSize(width, height);
    }

    public int get(int x, int y) {
        return pixels[y * width + x];
    }

    /** Writes one pixel, in place. */
    public void set(int x, int y, int argb) {
        pixels[y * width + x] = argb;
    }

    public ArgbImage copy() {
        return new ArgbImage(width, height, pixels.clone());
    }

    /**
     * The pixels of {@code region}; parts of it outside the image repeat the nearest edge pixel, so a
     * window may hang over the border of a small image.
     */
    public ArgbImage crop(Rect region) {
        int[] out = new int[Math.multiplyExact(region.width(), region.height())];
        if (bounds().contains(region)) { // whole rows: an editor's undo step copies large regions
            for (int y = 0; y < region.height(); y++) {
                System.arraycopy(pixels, (region.y() + y) * width + region.x(), out, y * region.width(), region.width());
            }
            return new ArgbImage(region.width(), region.height(), out);
        }
        for (int y = 0; y < region.height(); y++) {
            int sy = Math.min(height - 1, Math.max(0, region.y() + y));
            for (int x = 0; x < region.width(); x++) {
                int sx = Math.min(width - 1, Math.max(0, region.x() + x));
                out[y * region.width() + x] = pixels[sy * width + sx];
            }
        }
        return new ArgbImage(region.width(), region.height(), out);
    }

    /** Writes {@code source} with its top-left corner at (x, y), in place; parts outside are dropped. */
    public void paste(ArgbImage source, int x, int y) {
        Rect target = new Rect(x, y, source.width, source.height).intersect(bounds());
        for (int ty = target.y(); ty < target.bottom(); ty++) {
            System.arraycopy(source.pixels, (ty - y) * source.width + (target.x() - x),
                    pixels, ty * width + target.x(), target.width());
        }
    }

    /**
     * Adds {@code source}'s variation in brightness around its own mean to the pixels under it, from
     * {@code (x, y)} (clipped to this image), the same to each channel: the texture of a patch over
     * this image's colours, alpha kept. A uniform patch changes nothing.
     */
    public void pasteTexture(ArgbImage source, int x, int y) {
        Rect target = new Rect(x, y, source.width, source.height).intersect(bounds());
        if (target.isEmpty()) {
            return;
        }
        long sum = 0;
        for (int p : source.pixels) {
            sum += luma(p);
        }
        int mean = (int) Math.round((double) sum / source.pixels.length);
        for (int ty = target.y(); ty < target.bottom(); ty++) {
            for (int tx = target.x(); tx < target.right(); tx++) {
                int delta = luma(source.pixels[(ty - y) * source.width + (tx - x)]) - mean;
                int at = ty * width + tx;
                int d = pixels[at];
                pixels[at] = (d & 0xff000000) | clampChannel(((d >> 16) & 0xff) + delta) << 16
                        | clampChannel(((d >> 8) & 0xff) + delta) << 8 | clampChannel((d & 0xff) + delta);
            }
        }
    }

    /** Rec. 601 brightness of an ARGB pixel, 0-255. */
    private static int luma(int argb) {
        return (77 * ((argb >> 16) & 0xff) + 150 * ((argb >> 8) & 0xff) + 29 * (argb & 0xff) + 128) >> 8;
    }

    private static int clampChannel(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /** The smallest rectangle holding every pixel that differs from {@code other} (same size), empty when none does. */
    public Rect differenceBounds(ArgbImage other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("expected a " + width + "x" + height + " image, found "
                    + other.width + "x" + other.height);
        }
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            if (Arrays.mismatch(pixels, row, row + width, other.pixels, row, row + width) < 0) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                if (pixels[row + x] != other.pixels[row + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
            minY = Math.min(minY, y);
            maxY = y;
        }
        return maxX < 0 ? Rect.EMPTY : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    public boolean samePixels(ArgbImage other) {
        return width == other.width && height == other.height && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArgbImage other && samePixels(other);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "ArgbImage[" + width + "x" + height + "]";
    }
}
