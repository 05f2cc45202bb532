package com.arpgstudio.inference.edit;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats the app opens, told by content ({@link ImageStructure}), and those it saves.
 * An image is saved in its own format where the app writes that format, else as PNG.
 */
public enum ImageFormat {
    PNG("png", "PNG", true, List.of("png")),
    JPEG("jpeg", "JPEG", true, List.of("jpg", "jpeg", "jpe")),
    TIFF("tiff", "TIFF", true, List.of("tif", "tiff")),
    BMP("bmp", "BMP", true, List.of("bmp")),
    GIF("gif", "GIF", false, List.of("gif")),
    WEBP("webp", "WebP", false, List.of("webp"));

    /** What a JPEG is saved at unless asked otherwise (0..1, as ImageIO's compression quality). */
    public static final float DEFAULT_JPEG_QUALITY = 0.92f;

    private final String readerName;
    private final String displayName;
    private final boolean writable;
    private final List<String> extensions;

    ImageFormat(String readerName, String displayName, boolean writable, List<String> extensions) {
        this.readerName = readerName;
        this.displayName = displayName;
        this.writable = writable;
        this.extensions = extensions;
    }

    /** The format name the ImageIO decoder and encoder are registered under. */
    public String readerName() {
        return readerName;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether the app writes this format. */
    public boolean writable() {
        return writable;
    }

    /** File name extensions, the usual one first (without the dot). */
    public List<String> extensions() {
        return extensions;
    }

    /** Whether this format holds an alpha channel when the app writes it. */
    public boolean keepsAlpha() {
        return this == PNG || this == TIFF;
    }

    /** The format an image opened in this format is saved in: its own where the app writes it, else PNG. */
    public ImageFormat forSaving() {
        return writable ? this : PNG;
    }

    /** The writable format a file name's extension names, if any ("out.JPG" is JPEG). */
    public static Optional<ImageFormat> ofFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        for (ImageFormat format : values()) {
            if (format.writable && format.extensions.contains(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
