package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.runtime.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reading PNG, JPEG, BMP and GIF (first frame) into a {@link Raster}, and writing PNGs atomically
 * with the edit record embedded as an iTXt chunk, so a saved result says how it was made.
 */
public final class ImageFiles {

    /** The PNG text keyword under which the edit record (JSON) is stored. */
    public static final String RECORD_KEYWORD = "arpg-studio:edit-record";
    private static final String PNG_FORMAT = ImageDecoder.PNG_METADATA;

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
        String format = decoded.format().toLowerCase(Locale.ROOT);
        String record = decoded.pngText(RECORD_KEYWORD);
        return new Loaded(new Raster(image.width(), image.height(), image.pixels()), record, format);
    }

    public static BufferedImage toBufferedImage(Raster raster) {
        BufferedImage image = new BufferedImage(raster.width(), raster.height(), BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, raster.width(), raster.height(), raster.pixels(), 0, raster.width());
        return image;
    }

    /** Writes a PNG through a temporary file in the same folder, moved into place when complete. */
    public static void writePng(Raster raster, Path file, String editRecordJson) throws IOException {
        writePngAtomically(toBufferedImage(raster), file, editRecordJson);
    }

    /** Writes a mask as a black-and-white PNG (white = replace), atomically. */
    public static void writeMask(Mask mask, Path file) throws IOException {
        BufferedImage image = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, mask.width(), mask.height(), mask.values().clone());
        writePngAtomically(image, file, null);
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

    private static void writePngAtomically(BufferedImage image, Path file, String text) throws IOException {
        AtomicFiles.write(file, temp -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(temp.toFile())) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
                if (text != null) {
                    addText(metadata, RECORD_KEYWORD, text);
                }
                addText(metadata, "Software", "ARPG Studio");
                writer.write(null, new IIOImage(image, null, metadata), param);
            } finally {
                writer.dispose();
            }
        });
    }

    private static void addText(IIOMetadata metadata, String keyword, String text) throws IIOInvalidTreeException {
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", keyword);
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", text);
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        itxt.appendChild(entry);
        IIOMetadataNode root = new IIOMetadataNode(PNG_FORMAT);
        root.appendChild(itxt);
        metadata.mergeTree(PNG_FORMAT, root);
    }
}
