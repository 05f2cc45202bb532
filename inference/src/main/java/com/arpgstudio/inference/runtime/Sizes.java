package com.arpgstudio.inference.runtime;

import java.util.Locale;

/** Byte counts as people read them: decimal units, as disks and download pages state them. */
public final class Sizes {

    private Sizes() {}

    /** "512 bytes", "12.3 kB", "450.2 MB", "1.28 GB"; "unknown size" for a negative count. */
    public static String describe(long bytes) {
        if (bytes < 0) {
            return "unknown size";
        }
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
