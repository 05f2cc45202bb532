package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.Rect;
import java.util.Arrays;

/**
 * A mutable image as packed ARGB ints, row-major. The editor's one pixel format: ImageIO's
 * TYPE_INT_ARGB and JavaFX's {@code PixelFormat.getIntArgbInstance()} both read it without conversion.
 */
public final class Raster {

    private final int width;
    private final int height;
    private final int[] argb;

    public Raster(int width, int height) {
        this(width, height, new int[checkedArea(width, height)]);
    }

    public Raster(int width, int height, int[] argb) {
        if (argb.length != checkedArea(width, height)) {
            throw new IllegalArgumentException("expected " + width * height + " pixels for " + width + "x" + height
                    + ", found " + argb.length);
        }
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    private static int checkedArea(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("expected a positive image size, found " + width + "x" + height);
        }
        long area = (long) width * height;
        if (area > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large: " + width + "x" + height);
        }
        return (int) area;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing pixels (shared, not copied). */
    public int[] pixels() {
        return argb;
    }

    public Rect bounds() {
        return new Rect(0, 0, width, height);
    }

    public int get(int x, int y) {
        return argb[y * width + x];
    }

    public void set(int x, int y, int value) {
        argb[y * width + x] = value;
    }

    public Raster copy() {
        return new Raster(width, height, argb.clone());
    }

    public int[] copyRegion(Rect r) {
        int[] out = new int[Math.toIntExact(r.area())];
        for (int row = 0; row < r.height(); row++) {
            System.arraycopy(argb, (r.y() + row) * width + r.x(), out, row * r.width(), r.width());
        }
        return out;
    }

    public void writeRegion(Rect r, int[] pixels) {
        for (int row = 0; row < r.height(); row++) {
            System.arraycopy(pixels, row * r.width(), argb, (r.y() + row) * width + r.x(), r.width());
        }
    }

    /** The smallest rectangle holding every pixel that differs from {@code other} (same size). */
    public Rect differenceBounds(Raster other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("expected a " + width + "x" + height + " image, found "
                    + other.width + "x" + other.height);
        }
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            if (Arrays.mismatch(argb, row, row + width, other.argb, row, row + width) < 0) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                if (argb[row + x] != other.argb[row + x]) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
            minY = Math.min(minY, y);
            maxY = y;
        }
        return maxX < 0 ? Rect.EMPTY : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    public long byteSize() {
        return 4L * argb.length;
    }
}
