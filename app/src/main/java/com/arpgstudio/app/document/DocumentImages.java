package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageEncoder;
import com.arpgstudio.inference.edit.ImageFormat;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A document's image files, through the engine's codecs: an image read by {@link ImageDecoder} into
 * an {@link ArgbImage} and written by {@link ImageEncoder}, atomically, with the edit records
 * embedded in a PNG as iTXt chunks (so a saved result says how it was made) and a photo's EXIF
 * block where the format holds one; a mask as the engine's {@link PixelMask} reads and writes it.
 */
public final class DocumentImages {

    /** The PNG text keyword under which the latest edit record is stored: the JSON {@code arpg replay} takes. */
    public static final String RECORD_KEYWORD = "arpg-studio:edit-record";
    /** The PNG text keyword under which all the image's edit records are stored: a JSON array of their texts, oldest first. */
    public static final String HISTORY_KEYWORD = "arpg-studio:edit-history";

    /**
     * An opened image; the edit records found in it, oldest first (empty when none), as the file
     * holds them: each may be damaged, the caller checks; its format; what was done to it on opening
     * (turned upright, converted to sRGB, 16 bits taken to 8: for the status bar); its EXIF block to
     * save again (or null).
     */
    public record Loaded(ArgbImage image, List<String> editRecords, ImageFormat format, List<String> notes,
                         byte[] exif) {}

    /**
     * How to save: the edit records (kept in a PNG), the EXIF block (kept in a JPEG, PNG or TIFF; or null)
     * and the JPEG quality (0..1].
     */
    public record SaveOptions(List<String> editRecords, byte[] exif, float jpegQuality) {

        public SaveOptions {
            editRecords = List.copyOf(editRecords);
        }
    }

    private DocumentImages() {}

    /**
     * Decodes through the inference module's {@link ImageDecoder} (the CLI's reader too: pixel cap
     * and memory check before decoding, clear messages for damaged files), then picks up the edit
     * record from the PNG text chunks.
     */
    public static Loaded read(Path file) throws IOException {
        ImageDecoder.Decoded decoded = ImageDecoder.read(file);
        ArgbImage image = decoded.image();
        return new Loaded(image,
                records(decoded.pngText(HISTORY_KEYWORD), decoded.pngText(RECORD_KEYWORD)), decoded.format(),
                decoded.notes(), decoded.exif());
    }

    /** The history's records when it is a readable array ending with the latest record, else that record alone. */
    private static List<String> records(String history, String latest) {
        if (history != null) {
            try {
                JsonElement parsed = UserJson.parse(history);
                if (parsed.isJsonArray()) {
                    List<String> records = new ArrayList<>();
                    parsed.getAsJsonArray().forEach(record -> records.add(record.getAsString()));
                    if (!records.isEmpty() && (latest == null || latest.equals(records.get(records.size() - 1)))) {
                        return List.copyOf(records);
                    }
                }
            } catch (RuntimeException e) {
                // a damaged history: the latest record (kept on its own) still tells how the image was made
            }
        }
        return latest == null ? List.of() : List.of(latest);
    }

    /**
     * Writes a PNG through the engine's encoder (a temporary file moved into place when complete),
     * with the edit records as iTXt text: the latest alone (the JSON {@code arpg replay} takes) and
     * all of them, oldest first.
     */
    public static void writePng(ArgbImage image, Path file, List<String> editRecords) throws IOException {
        write(image, file, ImageFormat.PNG, new SaveOptions(editRecords, null, ImageFormat.DEFAULT_JPEG_QUALITY));
    }

    /**
     * Writes the image in {@code format} (a writable one) through the engine's encoder, atomically:
     * a PNG with the edit records as {@link #writePng} writes them, a JPEG at the quality asked, the
     * EXIF block where the format holds one.
     */
    public static void write(ArgbImage image, Path file, ImageFormat format, SaveOptions save) throws IOException {
        List<String> editRecords = save.editRecords();
        ImageEncoder.Options options = ImageEncoder.Options.defaults().withJpegQuality(save.jpegQuality())
                .withExif(save.exif());
        if (!editRecords.isEmpty()) {
            JsonArray history = new JsonArray();
            editRecords.forEach(history::add); // each as its exact text
            options = options.withPngText(RECORD_KEYWORD, editRecords.get(editRecords.size() - 1))
                    .withPngText(HISTORY_KEYWORD, history.toString());
        }
        ImageEncoder.write(image, file, format, options);
    }

    /**
     * Writes a mask as a PNG, atomically: each pixel's coverage as grey ({@link PixelMask#toImage}:
     * white = replace, black = keep, a soft edge in between).
     */
    public static void writeMask(PixelMask mask, Path file) throws IOException {
        ImageEncoder.write(mask.toImage(), file, ImageFormat.PNG, ImageEncoder.Options.defaults());
    }

    /** Reads a mask as the command line does ({@link PixelMask#of(ArgbImage)}: a mostly opaque, bright pixel is "replace"). */
    public static PixelMask readMask(Path file) throws IOException {
        return PixelMask.of(read(file).image());
    }
}
