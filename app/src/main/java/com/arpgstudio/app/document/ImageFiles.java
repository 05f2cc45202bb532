package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageEncoder;
import com.arpgstudio.inference.edit.ImageFormat;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading the formats {@link ImageDecoder} opens into a {@link Raster}, and writing PNGs atomically
 * through the engine's {@link ImageEncoder} with the edit record embedded as an iTXt chunk, so a
 * saved result says how it was made.
 */
public final class ImageFiles {

    /** The PNG text keyword under which the edit record (JSON) is stored. */
    public static final String RECORD_KEYWORD = "arpg-studio:edit-record";

    /** An opened image and the edit record found in it, if any. */
    public record Loaded(Raster image, String editRecordJson, String format) {}

    private ImageFiles() {}

    /**
     * Decodes through the inference module's {@link ImageDecoder} (the CLI's reader too: pixel cap
     * and memory check before decoding, clear messages for damaged files), then picks up the edit
     * record from the PNG text chunks.
     */
    public static Loaded read(Path file) throws IOException {
        ImageDecoder.Decoded decoded = ImageDecoder.read(file);
        ArgbImage image = decoded.image();
        String format = decoded.format().readerName();
        String record = decoded.pngText(RECORD_KEYWORD);
        return new Loaded(new Raster(image.width(), image.height(), image.pixels()), record, format);
    }

    /**
     * Writes a PNG through the engine's encoder (a temporary file moved into place when complete),
     * with the edit record as iTXt text when there is one.
     */
    public static void writePng(Raster raster, Path file, String editRecordJson) throws IOException {
        ImageEncoder.Options options = ImageEncoder.Options.defaults();
        ImageEncoder.write(new ArgbImage(raster.width(), raster.height(), raster.pixels()), file, ImageFormat.PNG,
                editRecordJson == null ? options : options.withPngText(RECORD_KEYWORD, editRecordJson));
    }

    /** Writes a mask as a black-and-white PNG (white = replace), atomically. */
    public static void writeMask(Mask mask, Path file) throws IOException {
        int[] pixels = new int[mask.width() * mask.height()];
        byte[] values = mask.values();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = values[i] == Mask.OFF ? 0xff000000 : 0xffffffff;
        }
        ImageEncoder.write(new ArgbImage(mask.width(), mask.height(), pixels), file, ImageFormat.PNG,
                ImageEncoder.Options.defaults());
    }

    /** Reads a mask: any pixel brighter than half grey (and not transparent) is "replace". */
    public static Mask readMask(Path file) throws IOException {
        Raster raster = read(file).image();
        byte[] values = new byte[raster.pixels().length];
        for (int i = 0; i < values.length; i++) {
            int p = raster.pixels()[i];
            int luma = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
            values[i] = (p >>> 24) >= 128 && luma >= 128 ? Mask.ON : Mask.OFF;
        }
        return new Mask(raster.width(), raster.height(), values);
    }
}
