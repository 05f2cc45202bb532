package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.runtime.AtomicFiles;
import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageMetadata;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Node;

/**
 * The one place images are written, for the editor and the command line alike: PNG, JPEG, TIFF or
 * BMP, atomically ({@link AtomicFiles}: a temporary file moved over a regular file only). JPEG is
 * written at {@link ImageFormat#DEFAULT_JPEG_QUALITY} unless asked otherwise, without alpha (as
 * BMP); PNG and TIFF keep alpha. An EXIF block (from {@link ImageDecoder.Decoded#exif()}) is
 * kept where the format holds one: a JPEG's APP1 segment, a PNG's eXIf chunk, a TIFF's own
 * directory (BMP has none). PNG text entries
 * (the edit record) are written as iTXt chunks.
 */
public final class ImageEncoder {

    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";
    /** Fields that describe a TIFF's pixels: the writer's own, never taken from an EXIF block. */
    private static final Set<Integer> TIFF_PIXEL_TAGS = Set.of(TIFF.TAG_IMAGE_WIDTH, TIFF.TAG_IMAGE_HEIGHT,
            TIFF.TAG_BITS_PER_SAMPLE, TIFF.TAG_COMPRESSION, TIFF.TAG_PHOTOMETRIC_INTERPRETATION,
            TIFF.TAG_STRIP_OFFSETS, TIFF.TAG_ORIENTATION, TIFF.TAG_SAMPLES_PER_PIXEL, TIFF.TAG_ROWS_PER_STRIP,
            TIFF.TAG_STRIP_BYTE_COUNTS, TIFF.TAG_PLANAR_CONFIGURATION, TIFF.TAG_PREDICTOR, TIFF.TAG_EXTRA_SAMPLES,
            TIFF.TAG_SAMPLE_FORMAT, TIFF.TAG_TILE_WIDTH, TIFF.TAG_TILE_HEIGTH, TIFF.TAG_TILE_OFFSETS,
            TIFF.TAG_TILE_BYTE_COUNTS, TIFF.TAG_COLOR_MAP, TIFF.TAG_JPEG_TABLES, TIFF.TAG_YCBCR_SUB_SAMPLING,
            TIFF.TAG_YCBCR_POSITIONING, TIFF.TAG_ICC_PROFILE, TIFF.TAG_SUB_IFD);

    /**
     * How to write: JPEG quality (0..1), the EXIF block to keep (or null), PNG text entries by keyword.
     */
    public record Options(float jpegQuality, byte[] exif, Map<String, String> pngText) {

        public Options {
            if (!(jpegQuality > 0 && jpegQuality <= 1)) {
                throw new IllegalArgumentException("JPEG quality must be in (0, 1], found " + jpegQuality);
            }
            pngText = Map.copyOf(pngText);
        }

        public static Options defaults() {
            return new Options(ImageFormat.DEFAULT_JPEG_QUALITY, null, Map.of());
        }

        public Options withJpegQuality(float quality) {
            return new Options(quality, exif, pngText);
        }

        public Options withExif(byte[] block) {
            return new Options(jpegQuality, block, pngText);
        }

        /** Adds one PNG text entry (iTXt, UTF-8), after those already set. */
        public Options withPngText(String keyword, String text) {
            Map<String, String> entries = new LinkedHashMap<>(pngText);
            entries.put(keyword, text);
            return new Options(jpegQuality, exif, entries);
        }
    }

    private ImageEncoder() {}

    /** Writes the image to {@code file} in {@code format} (a writable one), atomically. */
    public static void write(ArgbImage image, Path file, ImageFormat format, Options options) throws IOException {
        if (!format.writable()) {
            throw new IllegalArgumentException(format.displayName() + " is not written by this app; use "
                    + format.forSaving().displayName());
        }
        BufferedImage pixels = format.keepsAlpha() ? image.toBufferedImage() : opaque(image);
        AtomicFiles.writeUserFile(file, temp -> {
            ImageWriter writer = writer(format);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(temp.toFile())) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                configure(format, param, options);
                IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(pixels), param);
                switch (format) {
                    case PNG -> pngMetadata(metadata, options);
                    case JPEG -> jpegMetadata(metadata, options.exif());
                    case TIFF -> metadata = tiffMetadata(metadata, options.exif());
                    default -> { }
                }
                writer.write(null, new IIOImage(pixels, null, metadata), param);
            } finally {
                writer.dispose();
            }
        });
    }

    private static ImageWriter writer(ImageFormat format) throws IOException {
        ImageIO.scanForPlugins();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.readerName());
        if (!writers.hasNext()) {
            throw new IOException("no " + format.displayName() + " encoder is available");
        }
        return writers.next();
    }

    private static void configure(ImageFormat format, ImageWriteParam param, Options options) {
        if (format == ImageFormat.JPEG) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(options.jpegQuality());
        } else if (format == ImageFormat.TIFF && param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            String[] types = param.getCompressionTypes();
            if (types != null && java.util.Arrays.asList(types).contains("LZW")) {
                param.setCompressionType("LZW");
            } else {
                param.setCompressionMode(ImageWriteParam.MODE_DEFAULT);
            }
        }
    }

    private static BufferedImage opaque(ArgbImage image) {
        BufferedImage rgb = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
        return rgb;
    }

    private static void pngMetadata(IIOMetadata metadata, Options options) throws IOException {
        IIOMetadataNode root = new IIOMetadataNode(ImageDecoder.PNG_METADATA);
        IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
        Map<String, String> entries = new LinkedHashMap<>(options.pngText());
        entries.putIfAbsent("Software", "ARPG Studio");
        entries.forEach((keyword, text) -> {
            IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
            entry.setAttribute("keyword", keyword);
            entry.setAttribute("compressionFlag", "FALSE");
            entry.setAttribute("compressionMethod", "0");
            entry.setAttribute("languageTag", "");
            entry.setAttribute("translatedKeyword", "");
            entry.setAttribute("text", text);
            itxt.appendChild(entry);
        });
        root.appendChild(itxt);
        if (options.exif() != null) {
            IIOMetadataNode chunks = new IIOMetadataNode("UnknownChunks");
            IIOMetadataNode chunk = new IIOMetadataNode("UnknownChunk");
            chunk.setAttribute("type", "eXIf");
            chunk.setUserObject(options.exif());
            chunks.appendChild(chunk);
            root.appendChild(chunks);
        }
        metadata.mergeTree(ImageDecoder.PNG_METADATA, root);
    }

    /**
     * A TIFF keeps EXIF as fields of its own first directory (camera, date...) with the EXIF and GPS
     * directories under it: the block's IFD0 entries are handed to TwelveMonkeys' writer, which
     * writes them beside the fields that describe the pixels (those it sets itself; the block's
     * own, such as a size, are left out).
     */
    private static IIOMetadata tiffMetadata(IIOMetadata defaults, byte[] exif) throws IOException {
        if (exif == null) {
            return defaults;
        }
        Directory read = new TIFFReader().read(new MemoryCacheImageInputStream(new ByteArrayInputStream(exif)));
        Directory first = read instanceof CompoundDirectory compound ? compound.getDirectory(0) : read;
        List<Entry> kept = new ArrayList<>();
        for (Entry entry : first) {
            if (!(entry.getIdentifier() instanceof Integer tag && TIFF_PIXEL_TAGS.contains(tag))) {
                kept.add(entry);
            }
        }
        return new TIFFImageMetadata(kept);
    }

    /** Adds APP1 "Exif\0\0" + the block to the marker sequence, after the JFIF segment. */
    private static void jpegMetadata(IIOMetadata metadata, byte[] exif) throws IOException {
        if (exif == null || exif.length > 0xffff - 2 - 6) { // one segment holds 64 KB; a larger block is left out
            return;
        }
        Node root = metadata.getAsTree(JPEG_METADATA);
        Node sequence = null;
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeName().equals("markerSequence")) {
                sequence = child;
            }
        }
        if (sequence == null) {
            return;
        }
        byte[] segment = new byte[6 + exif.length];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, segment, 0, 6);
        System.arraycopy(exif, 0, segment, 6, exif.length);
        IIOMetadataNode app1 = new IIOMetadataNode("unknown");
        app1.setAttribute("MarkerTag", "225");
        app1.setUserObject(segment);
        sequence.insertBefore(app1, sequence.getFirstChild());
        metadata.setFromTree(JPEG_METADATA, root);
    }
}
