package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.runtime.Texts;
import com.arpgstudio.inference.runtime.UserFileException;
import com.arpgstudio.inference.runtime.UserFiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import org.w3c.dom.Node;

/**
 * The one place user images are decoded, for the editor and the command line alike. Only a regular
 * file of at most {@link #MAX_FILE_BYTES} is opened; its format is told by content and only the
 * formats the app supports are decoded, after {@link ImageStructure} has bounded the work the file
 * can ask for (scans, compressed metadata, chunk counts). The size in the header is checked against
 * a pixel limit, and the memory the decoder will allocate for that size and pixel type against
 * what is free, before any pixel is allocated, so a header claiming 100000x100000 pixels is refused
 * at once; grayscale, palette, alpha, 16-bit, CMYK and YCCK images become 8-bit ARGB; damaged,
 * truncated, empty and 12-bit files are refused with a message that says which of these it is.
 */
public final class ImageDecoder {

    /** 8192 x 8192: far above what the editor works on, well below what a header can claim. */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192L;
    /** An uncompressed 16-bit RGBA image of {@link #DEFAULT_MAX_PIXELS}, twice over: no real file is larger. */
    static final long MAX_FILE_BYTES = 1L << 30;

    /**
     * A decoded image, upright and in 8-bit sRGB, with what the editor and the command line need
     * to tell the user and to save it again.
     *
     * @param image    the pixels, turned by the EXIF orientation and converted from the embedded
     *                 colour profile to sRGB
     * @param format   the file's format (its content, not its name); save in {@link ImageFormat#forSaving()}
     * @param metadata the decoder's metadata of a PNG (its text chunks, where the edit record lives); null for other formats
     * @param notes    what was done on opening, for a status line: turned upright, converted from a
     *                 colour profile, 16 bits a channel edited in 8 (empty when nothing was)
     * @param exif     the EXIF block to write into a saved copy (no orientation, no thumbnail), or null
     */
    public record Decoded(ArgbImage image, ImageFormat format, IIOMetadata metadata, List<String> notes, byte[] exif) {

        public Decoded {
            notes = List.copyOf(notes);
        }

        /** The text of the first PNG iTXt or tEXt entry with this keyword, or null (also for other formats). */
        public String pngText(String keyword) {
            if (metadata == null || !List.of(metadata.getMetadataFormatNames()).contains(PNG_METADATA)) {
                return null;
            }
            Node root = metadata.getAsTree(PNG_METADATA);
            for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                String chunkName = chunk.getNodeName();
                if (!chunkName.equals("iTXt") && !chunkName.equals("tEXt")) {
                    continue;
                }
                for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    IIOMetadataNode node = (IIOMetadataNode) entry;
                    if (keyword.equals(node.getAttribute("keyword"))) {
                        return chunkName.equals("iTXt") ? node.getAttribute("text") : node.getAttribute("value");
                    }
                }
            }
            return null;
        }
    }

    /** The native metadata format of Java's PNG reader, which holds the text chunks. */
    public static final String PNG_METADATA = "javax_imageio_png_1.0";

    private ImageDecoder() {}

    public static Decoded read(Path file) throws ImageInputException {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    public static Decoded read(Path file, long maxPixels) throws ImageInputException {
        String name = Texts.escaped(file.getFileName());
        String what = "Cannot open " + name + ": ";
        try {
            long size = UserFiles.requireRegular(file, "image").size();
            if (size > MAX_FILE_BYTES) {
                throw new ImageInputException(what + "the file is " + size / (1 << 20) + " MiB, more than the "
                        + (MAX_FILE_BYTES >> 20) + " MiB an image of " + megapixels(DEFAULT_MAX_PIXELS)
                        + " megapixels can take");
            }
            if (!Files.isReadable(file)) {
                throw new ImageInputException(what + "not a readable file");
            }
        } catch (NoSuchFileException e) {
            throw new ImageInputException(what + "no such file");
        } catch (UserFileException e) {
            throw new ImageInputException(what + "not a readable file: " + Texts.escaped(e.getMessage()));
        } catch (ImageInputException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageInputException(what + "not a readable file (" + Texts.escaped(e.getMessage()) + ")", e);
        }
        try (ImageInputStream stream = new FileImageInputStream(file.toFile())) {
            return read(stream, what, maxPixels);
        } catch (ImageInputException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageInputException(what + Texts.escaped(e.getMessage()), e);
        }
    }

    /**
     * Decodes an image that arrives as a stream (an upload): read whole, up to {@link #MAX_FILE_BYTES},
     * then checked and decoded as a file is; {@code name} is for messages.
     */
    public static Decoded read(InputStream in, String name, long maxPixels) throws ImageInputException {
        String what = "Cannot open " + Texts.escaped(name) + ": ";
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_FILE_BYTES + 1));
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ImageInputException(what + "more than the " + (MAX_FILE_BYTES >> 20) + " MiB an image may take");
            }
            try (ImageInputStream stream = new BytesImageInputStream(bytes)) {
                return read(stream, what, maxPixels);
            }
        } catch (ImageInputException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageInputException(what + Texts.escaped(e.getMessage()), e);
        }
    }

    /** An image input stream over bytes in memory that knows its length (the structure walk needs it). */
    private static final class BytesImageInputStream extends ImageInputStreamImpl {
        private final byte[] bytes;

        BytesImageInputStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            bitOffset = 0;
            return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            bitOffset = 0;
            if (streamPos >= bytes.length) {
                return len == 0 ? 0 : -1;
            }
            int n = (int) Math.min(len, bytes.length - streamPos);
            System.arraycopy(bytes, (int) streamPos, b, off, n);
            streamPos += n;
            return n;
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }

    private static Decoded read(ImageInputStream stream, String what, long maxPixels) throws IOException {
        if (stream.read() < 0) {
            throw new ImageInputException(what + "the file is empty (0 bytes)");
        }
        ImageStructure.Summary structure = ImageStructure.check(stream, what);
        ImageIO.scanForPlugins(); // TIFF and WebP come from TwelveMonkeys' plug-ins, found on the class path
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(structure.format().readerName());
        if (!readers.hasNext()) {
            throw new ImageInputException(what + "no " + structure.format().displayName() + " decoder is available");
        }
        ImageReader reader;
        try {
            reader = readers.next();
        } catch (LinkageError e) { // the Java runtime's JPEG reader links the system's libjpeg.so.62
            throw new ImageInputException(what + "the " + structure.format().displayName()
                    + " decoder cannot start: " + Texts.escaped(String.valueOf(e.getMessage())), e);
        }
        try {
            reader.setInput(stream, true, structure.format() != ImageFormat.PNG); // PNG text holds the edit record
            return decode(reader, stream, structure, what, maxPixels);
        } finally {
            reader.dispose();
        }
    }

    private static Decoded decode(ImageReader reader, ImageInputStream stream, ImageStructure.Summary structure,
                                  String what, long maxPixels) throws IOException {
        ImageFormat format = structure.format();
        int width;
        int height;
        ImageTypeSpecifier type;
        try {
            width = reader.getWidth(0); // reads the header only
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageInputException(what + explain(format, e, stream), e);
        }
        if (width <= 0 || height <= 0) {
            throw new ImageInputException(what + "the header gives a size of " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageTooLargeException(what + "the image is " + width + "x" + height + " pixels ("
                    + megapixels(pixels) + " megapixels), more than the " + megapixels(maxPixels)
                    + " megapixels this editor opens");
        }
        if (structure.scans() * pixels > ImageStructure.MAX_SCAN_PIXELS) {
            throw new ImageInputException(what + "the JPEG has " + structure.scans() + " scans of " + megapixels(pixels)
                    + " megapixels, more decoding work than " + megapixels(ImageStructure.MAX_SCAN_PIXELS)
                    + " megapixels over all scans allow");
        }
        try {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        } catch (IOException | RuntimeException e) {
            throw new ImageInputException(what + explain(format, e, stream), e);
        }
        long needed = pixels * decodedBytesPerPixel(type, structure);
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (needed > available) {
            throw new ImageTooLargeException(what + "the image is " + width + "x" + height + " pixels and needs about "
                    + needed / (1 << 20) + " MiB to open, but only " + available / (1 << 20) + " MiB are free");
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, warning) -> warnings.add(warning));
        BufferedImage image;
        IIOMetadata metadata;
        try {
            image = reader.read(0);
            metadata = reader.getImageMetadata(0);
        } catch (OutOfMemoryError e) {
            throw new ImageInputException(what + "not enough memory to decode " + width + "x" + height + " pixels");
        } catch (IOException | RuntimeException e) {
            throw new ImageInputException(what + explain(format, e, stream), e);
        }
        for (String warning : warnings) {
            if (warning.toLowerCase(Locale.ROOT).contains("premature end") || isTruncated(format, stream)) {
                throw new ImageInputException(what + "the " + format.displayName() + " file is truncated ("
                        + Texts.escaped(warning) + ")");
            }
        }
        List<String> notes = new ArrayList<>();
        int bits = maxSampleBits(image);
        if (bits > 8) {
            notes.add("a " + bits + "-bit image: edited in 8 bits a channel (saving writes 8 bits)");
        }
        ArgbImage upright = toSrgb(image, structure.icc(), notes);
        if (structure.format() == ImageFormat.JPEG) { // a JPEG has no alpha: a fourth channel is ink or a key, never opacity
            int[] argb = upright.pixels();
            for (int i = 0; i < argb.length; i++) {
                argb[i] |= 0xff000000;
            }
        }
        ExifData exif = ExifData.parse(structure.exif());
        Orientation orientation = exif != null ? exif.orientation()
                : Orientation.ofExif(structure.tiffOrientation());
        if (orientation != Orientation.NORMAL) {
            upright = orientation.apply(upright);
            notes.add("turned upright (EXIF orientation " + orientation.exifValue() + ": " + orientation.description() + ")");
        }
        byte[] kept = null;
        if (exif != null) {
            try {
                kept = exif.withoutOrientationAndThumbnail();
            } catch (IOException | RuntimeException e) {
                notes.add("its EXIF data cannot be kept (" + Texts.escaped(e.getMessage()) + ")");
            }
        } else if (structure.exif() != null) {
            notes.add("its EXIF data is damaged and was left out");
        }
        return new Decoded(upright, structure.format(), structure.format() == ImageFormat.PNG ? metadata : null,
                notes, kept);
    }

    /** The most bits any band of the decoded image holds (16 for a 16-bit PNG or TIFF). */
    private static int maxSampleBits(BufferedImage image) {
        int bits = 0;
        for (int size : image.getSampleModel().getSampleSize()) {
            bits = Math.max(bits, size);
        }
        return image.getColorModel() instanceof IndexColorModel ? 8 : bits;
    }

    /**
     * 8-bit sRGB ARGB pixels. Where the decoder gave the image its embedded profile's colour space,
     * Java's colour management converts it; where it did not (a PNG's iCCP, a WebP's ICCP), an RGB
     * profile other than sRGB is applied here. Either is noted with the profile's name.
     */
    private static ArgbImage toSrgb(BufferedImage image, byte[] embedded, List<String> notes) {
        ColorSpace space = image.getColorModel().getColorSpace();
        if (space instanceof ICC_ColorSpace applied && !space.isCS_sRGB() && space.getType() != ColorSpace.TYPE_GRAY) {
            notes.add("converted from its colour profile (" + ColorProfiles.describe(applied.getProfile()) + ") to sRGB");
            return toArgb(image);
        }
        ArgbImage pixels = toArgb(image);
        if (embedded == null || !space.isCS_sRGB()) {
            return pixels;
        }
        return ColorProfiles.toSrgb(pixels, embedded, notes);
    }

    /**
     * Heap bytes per pixel that decoding takes at its peak: the decoder's own image, as its type says
     * (every band of every pixel: a TIFF of 100 float bands takes 400 bytes a pixel), the ARGB copy,
     * and for a progressive JPEG the coefficients it keeps for every component until the last scan.
     */
    static long decodedBytesPerPixel(ImageTypeSpecifier type, ImageStructure.Summary structure) {
        long decoded = 8; // 16-bit RGBA, when the decoder does not say
        if (type != null) {
            SampleModel model = type.getSampleModel(1, 1);
            decoded = (long) model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType()) / 8;
        }
        long coefficients = structure.progressive() ? 2L * Math.max(1, structure.components()) : 0;
        return Math.max(1, decoded) + 4 + coefficients;
    }

    private static String explain(ImageFormat format, Exception e, ImageInputStream stream) {
        String message = Texts.escaped(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        String name = format.displayName();
        if (isTruncated(format, stream)) {
            return "the " + name + " file is truncated (it ends before its end marker; " + message + ")";
        }
        if (lower.contains("unsupported image type")) {
            return "the " + name + " uses a colour encoding this reader does not support (" + message
                    + "); save it as RGB";
        }
        if (lower.contains("precision")) {
            return "the " + name + " uses more than 8 bits a sample (" + message + "); save it as 8-bit";
        }
        return "the " + name + " data is damaged, or its header claims more than the file holds (" + message + ")";
    }

    /**
     * Whether a PNG lacks its closing IEND chunk or a JPEG its end-of-image marker: the file was cut
     * short. Only answerable where the stream's length is known (files, not pipes).
     */
    private static boolean isTruncated(ImageFormat format, ImageInputStream stream) {
        byte[] trailer = switch (format) {
            case PNG -> new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};
            case JPEG -> new byte[] {(byte) 0xff, (byte) 0xd9};
            default -> null;
        };
        try {
            long length = stream.length();
            if (trailer == null || length < 0) {
                return false;
            }
            if (length < trailer.length) {
                return true;
            }
            byte[] end = new byte[trailer.length];
            stream.seek(length - trailer.length);
            stream.readFully(end);
            return !java.util.Arrays.equals(end, trailer);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * 8-bit ARGB of any decoded image. Gray images are taken sample by sample: Java's gray colour
     * space is linear, so converting through it would brighten every mid-tone.
     */
    static ArgbImage toArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = new int[Math.multiplyExact(w, h)];
        boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(image.getColorModel() instanceof IndexColorModel);
        if (!gray) {
            image.getRGB(0, 0, w, h, argb, 0, w);
            return new ArgbImage(w, h, argb);
        }
        WritableRaster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << raster.getSampleModel().getSampleSize(b)) - 1;
        }
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int v = scale(row[x * bands], max[0]);
                int a = bands > 1 ? scale(row[x * bands + 1], max[1]) : 255;
                argb[y * w + x] = a << 24 | v << 16 | v << 8 | v;
            }
        }
        return new ArgbImage(w, h, argb);
    }

    private static int scale(int sample, int max) {
        return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
    }

    private static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.1f", pixels / 1e6);
    }
}
