package com.arpgstudio.inference.edit;

/**
 * The EXIF orientation of a photo (tag 0x0112): how the stored pixels must be turned to be seen
 * upright. Applied once on open, so the editor and the command line work on upright pixels and
 * save them with no orientation tag.
 */
public enum Orientation {
    NORMAL(1, "as stored"),
    MIRRORED(2, "mirrored left to right"),
    ROTATED_180(3, "turned 180 degrees"),
    FLIPPED(4, "flipped top to bottom"),
    TRANSPOSED(5, "mirrored along its diagonal"),
    ROTATED_90(6, "turned 90 degrees clockwise"),
    TRANSVERSE(7, "mirrored along its other diagonal"),
    ROTATED_270(8, "turned 90 degrees counter-clockwise");

    private final int exifValue;
    private final String description;

    Orientation(int exifValue, String description) {
        this.exifValue = exifValue;
        this.description = description;
    }

    public int exifValue() {
        return exifValue;
    }

    public String description() {
        return description;
    }

    /** The orientation an EXIF value names; values outside 1..8 count as {@link #NORMAL}, as viewers treat them. */
    public static Orientation ofExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    /** Whether the upright image's width is the stored image's height. */
    public boolean swapsSides() {
        return exifValue >= 5;
    }

    /** The upright image: each upright pixel (x, y) taken from where this orientation stored it. */
    public ArgbImage apply(ArgbImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int uprightWidth = swapsSides() ? h : w;
        int uprightHeight = swapsSides() ? w : h;
        int[] source = stored.pixels();
        int[] out = new int[source.length];
        for (int y = 0; y < uprightHeight; y++) {
            for (int x = 0; x < uprightWidth; x++) {
                int sx;
                int sy;
                switch (this) {
                    case MIRRORED -> { sx = w - 1 - x; sy = y; }
                    case ROTATED_180 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case FLIPPED -> { sx = x; sy = h - 1 - y; }
                    case TRANSPOSED -> { sx = y; sy = x; }
                    case ROTATED_90 -> { sx = y; sy = h - 1 - x; }
                    case TRANSVERSE -> { sx = w - 1 - y; sy = h - 1 - x; }
                    case ROTATED_270 -> { sx = w - 1 - y; sy = x; }
                    default -> throw new AssertionError(this);
                }
                out[y * uprightWidth + x] = source[sy * w + sx];
            }
        }
        return new ArgbImage(uprightWidth, uprightHeight, out);
    }
}
