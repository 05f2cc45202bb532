package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of awkward or broken image file, generated here, opened through the one decoder. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    private static BufferedImage gradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40);
            }
        }
        return image;
    }

    private Path write(BufferedImage image, String format, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        assertTrue(ImageIO.write(image, format, file.toFile()), "no " + format + " writer for this image type");
        return file;
    }

    private static String refusal(Path file) {
        return assertThrows(ImageInputException.class, () -> ImageDecoder.read(file)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void emptyFileIsNamedAsEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.png"));
        assertMentions(refusal(file), "empty.png", "empty (0 bytes)");
    }

    @Test
    void missingFileAndFolderAreRefused() throws IOException {
        assertMentions(refusal(dir.resolve("gone.png")), "gone.png", "no such file");
        assertMentions(refusal(Files.createDirectory(dir.resolve("folder.png"))), "not a readable file");
    }

    @Test
    void nonImageIsRefusedAndExtensionDoesNotMatter() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "these are notes, not pixels");
        assertMentions(refusal(text), "notes.png", "not a PNG, JPEG, TIFF, WebP, BMP or GIF");

        Path pngCalledJpeg = write(gradient(16, 8), "png", "really-a-png.jpg");
        ImageDecoder.Decoded decoded = ImageDecoder.read(pngCalledJpeg);
        assertEquals(ImageFormat.PNG, decoded.format());
        assertEquals(gradient(16, 8).getRGB(5, 3), decoded.image().get(5, 3));
    }

    @Test
    void truncatedPngAndJpegAreRefusedAsTruncated() throws IOException {
        for (String format : new String[] {"png", "jpeg"}) {
            Path file = write(gradient(256, 256), format, "cut." + format);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            assertMentions(refusal(file), "cut." + format, "truncated");
        }
    }

    @Test
    void cmykJpegBecomesRgb() throws IOException {
        WritableRaster cmyk = WritableRaster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                cmyk.setPixel(x, y, new int[] {200, 20, 40, 10});
            }
        }
        Path file = dir.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        // The JDK converts the four channels; a uniform CMYK colour must stay one opaque colour.
        ArgbImage image = ImageDecoder.read(file).image();
        assertEquals(32, image.width());
        assertEquals(16, image.height());
        int reference = image.get(8, 8);
        for (int pixel : image.pixels()) {
            assertEquals(0xff, pixel >>> 24);
            assertClose(reference, pixel);
        }
    }

    /**
     * Writes a four-channel JPEG as given (no colour conversion) with an Adobe segment after the
     * start marker saying how to read the channels: transform 0 is CMYK, 2 is YCCK (the Y, Cb, Cr
     * of the inverted C, M, Y, and K).
     */
    private Path fourChannelJpeg(int[] channels, int adobeTransform, String fileName) throws IOException {
        WritableRaster raster = WritableRaster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                raster.setPixel(x, y, channels);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        // APP14: marker, length 14, "Adobe", version 100, flags 0 and 0, the transform
        byte[] adobe = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) adobeTransform};
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(jpeg, 0, 2);
        file.write(adobe);
        file.write(jpeg, 2, jpeg.length - 2);
        return Files.write(dir.resolve(fileName), file.toByteArray());
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A YCCK JPEG opens as the colour of the same CMYK stored as CMYK; cut short, both are refused as truncated. */
    @Test
    void ycckJpegOpensAsItsCmykAndDamagedOnesAreNamed() throws IOException {
        int[] cmyk = {200, 20, 40, 10};
        Path plain = fourChannelJpeg(cmyk, 0, "cmyk.jpg");
        // YCCK: the inverted C, M, Y taken as R, G, B into JPEG's YCbCr; K as it is.
        double r = 255 - cmyk[0], g = 255 - cmyk[1], b = 255 - cmyk[2];
        int[] ycck = {clamp(0.299 * r + 0.587 * g + 0.114 * b), clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
            clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b), cmyk[3]};
        Path ycckFile = fourChannelJpeg(ycck, 2, "ycck.jpg");
        ArgbImage reference = ImageDecoder.read(plain).image();
        ArgbImage decoded = ImageDecoder.read(ycckFile).image();
        assertEquals(32, decoded.width());
        for (int pixel : decoded.pixels()) {
            assertEquals(0xff, pixel >>> 24);
            assertClose(reference.get(8, 8), pixel);
        }
        for (Path file : new Path[] {plain, ycckFile}) {
            byte[] bytes = Files.readAllBytes(file);
            Path cut = Files.write(dir.resolve("cut-" + file.getFileName()), Arrays.copyOf(bytes, bytes.length * 2 / 3));
            assertMentions(refusal(cut), cut.getFileName().toString(), "JPEG", "truncated");
        }
    }

    @Test
    void twelveBitJpegIsRefusedClearly() throws IOException {
        byte[] bytes = Files.readAllBytes(write(gradient(16, 16), "jpeg", "deep.jpg"));
        int sof = frameHeader(bytes);
        bytes[sof + 4] = 12; // sample precision, after marker (2) and length (2)
        Path file = dir.resolve("deep.jpg");
        Files.write(file, bytes);
        assertMentions(refusal(file), "deep.jpg", "8 bits");
    }

    @Test
    void sixteenBitPngsBecomeEightBit() throws IOException {
        BufferedImage gray16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 0x8080, 0xfefe, 0xffff});
        ImageDecoder.Decoded gray = ImageDecoder.read(write(gray16, "png", "gray16.png"));
        assertEquals(0xff000000, gray.image().get(0, 0));
        assertEquals(0xff808080, gray.image().get(1, 0));
        assertEquals(0xfffefefe, gray.image().get(2, 0));
        assertEquals(0xffffffff, gray.image().get(3, 0));

        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {0xffff, 0x8080, 0, 0xffff});
        raster.setPixel(1, 0, new int[] {0x2020, 0xc0c0, 0xffff, 0x8080});
        BufferedImage rgba16 = new BufferedImage(model, raster, false, null);
        ImageDecoder.Decoded rgba = ImageDecoder.read(write(rgba16, "png", "rgba16.png"));
        assertClose(0xffff8000, rgba.image().get(0, 0));
        assertClose(0x8020c0ff, rgba.image().get(1, 0));
    }

    private static void assertClose(int expected, int actual) {
        for (int shift = 0; shift < 32; shift += 8) {
            int e = expected >>> shift & 0xff;
            int a = actual >>> shift & 0xff;
            assertTrue(Math.abs(e - a) <= 2, String.format("expected %08x, found %08x", expected, actual));
        }
    }

    @Test
    void grayscaleKeepsItsValues() throws IOException {
        BufferedImage gray = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setPixels(0, 0, 3, 1, new int[] {17, 100, 240});
        for (String format : new String[] {"png", "bmp"}) {
            ImageDecoder.Decoded decoded = ImageDecoder.read(write(gray, format, "gray." + format));
            assertEquals(0xff111111, decoded.image().get(0, 0), format);
            assertEquals(0xff646464, decoded.image().get(1, 0), format);
            assertEquals(0xfff0f0f0, decoded.image().get(2, 0), format);
        }
    }

    @Test
    void paletteAndAlphaImagesKeepTheirColours() throws IOException {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 255, 20};
        byte[] b = {0, 0, 30};
        byte[] a = {(byte) 255, (byte) 128, 0};
        BufferedImage palette = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 3, r, g, b, a));
        palette.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 1, 2});
        for (String format : new String[] {"png", "gif"}) {
            ImageDecoder.Decoded decoded = ImageDecoder.read(write(palette, format, "palette." + format));
            assertEquals(0xffff0000, decoded.image().get(0, 0), format);
        }
        ImageDecoder.Decoded png = ImageDecoder.read(dir.resolve("palette.png"));
        assertEquals(0x8000ff00, png.image().get(1, 0));
        assertEquals(0x000a141e, png.image().get(2, 0));

        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80123456);
        argb.setRGB(1, 0, 0x00000000);
        ImageDecoder.Decoded alpha = ImageDecoder.read(write(argb, "png", "alpha.png"));
        assertEquals(0x80123456, alpha.image().get(0, 0));
        assertEquals(0x00000000, alpha.image().get(1, 0));
    }

    @Test
    void hugeHeadersAreRefusedBeforeAnyPixelIsAllocated() throws IOException {
        Path png = dir.resolve("huge.png");
        Files.write(png, pngClaiming(100_000, 100_000));
        Path bmp = dir.resolve("huge.bmp");
        Files.write(bmp, bmpClaiming(100_000, 100_000));
        byte[] jpegBytes = Files.readAllBytes(write(gradient(16, 16), "jpeg", "huge.jpg"));
        int sof = frameHeader(jpegBytes);
        ByteBuffer.wrap(jpegBytes, sof + 5, 4).putShort((short) 65_000).putShort((short) 65_000);
        Path jpeg = dir.resolve("huge.jpg");
        Files.write(jpeg, jpegBytes);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (Path file : new Path[] {png, bmp, jpeg}) {
            long before = threads.getThreadAllocatedBytes(tid);
            String message = refusal(file);
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            if (file.equals(bmp)) { // the BMP reader itself refuses a header claiming more than the file holds
                assertMentions(message, "huge.bmp", "header claims more than the file holds");
            } else {
                String size = file.equals(jpeg) ? "65000x65000" : "100000x100000";
                assertMentions(message, file.getFileName().toString(), size, "megapixels");
            }
            assertTrue(allocated < 16 << 20, file + ": refusing the header allocated " + allocated + " bytes");
        }
    }

    @Test
    void pixelLimitIsAParameter() throws IOException {
        Path file = write(gradient(100, 100), "png", "small.png");
        assertEquals(100, ImageDecoder.read(file, 10_000).image().width());
        assertMentions(assertThrows(ImageInputException.class, () -> ImageDecoder.read(file, 9_999)).getMessage(),
                "100x100");
    }

    /** Offset of the JPEG frame header (SOF0 marker FF C0) in a baseline JPEG. */
    private static int frameHeader(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                return i;
            }
        }
        throw new AssertionError("no SOF0 marker in the written JPEG");
    }

    /** A PNG signature, an IHDR for an 8-bit RGB image of the given size, a tiny IDAT and IEND. */
    static byte[] pngClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A BITMAPINFOHEADER BMP header for a 24-bit image of the given size, with no pixel data. */
    private static byte[] bmpClaiming(int width, int height) {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24);
        bmp.putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }

    /** A PNG of one colour with an iCCP chunk holding {@code profile} (zlib-compressed), after IHDR. */
    private static byte[] pngWithProfile(int rgb, java.awt.color.ICC_Profile profile) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            image.setRGB(i % 8, i / 8, rgb);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] bytes = png.toByteArray();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(profile.getData());
        deflater.finish();
        byte[] compressed = new byte[profile.getData().length + 1024];
        int n = deflater.deflate(compressed);
        deflater.end();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write("linear\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        data.write(compressed, 0, n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, 33);
        chunk(out, "iCCP", data.toByteArray());
        out.write(bytes, 33, bytes.length - 33);
        return out.toByteArray();
    }

    @Test
    void anEmbeddedProfileIsConvertedToSrgbAndSaid() throws IOException {
        Path file = dir.resolve("linear.png");
        Files.write(file, pngWithProfile(0x808080, java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)));
        ImageDecoder.Decoded decoded = ImageDecoder.read(file);
        int green = decoded.image().get(4, 4) >> 8 & 0xff;
        assertTrue(green > 170, "linear 128 is sRGB 188, found " + green);
        assertTrue(decoded.notes().stream().anyMatch(n -> n.contains("converted from its colour profile")),
                decoded.notes().toString());
        Path srgb = dir.resolve("srgb.png");
        Files.write(srgb, pngWithProfile(0x808080, java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_sRGB)));
        ImageDecoder.Decoded plain = ImageDecoder.read(srgb);
        assertEquals(0xff808080, plain.image().get(4, 4), "an sRGB profile changes nothing");
        assertTrue(plain.notes().isEmpty(), plain.notes().toString());
    }

    @Test
    void tiffOf8And16BitsOpensAndSixteenBitsAreSaid() throws IOException {
        BufferedImage rgb = gradient(24, 16);
        ImageDecoder.Decoded eight = ImageDecoder.read(write(rgb, "tiff", "rgb.tif"));
        assertEquals(ImageFormat.TIFF, eight.format());
        assertEquals(rgb.getRGB(5, 7), eight.image().get(5, 7));
        assertTrue(eight.notes().isEmpty(), eight.notes().toString());
        BufferedImage gray16 = new BufferedImage(24, 16, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(3, 3, 0, 0x8080);
        ImageDecoder.Decoded sixteen = ImageDecoder.read(write(gray16, "tiff", "gray16.tif"));
        assertEquals(0xff808080, sixteen.image().get(3, 3));
        assertTrue(sixteen.notes().stream().anyMatch(n -> n.contains("16-bit image: edited in 8 bits")),
                sixteen.notes().toString());
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(24, 16);
        raster.setPixel(5, 7, new int[] {0xffff, 0x8080, 0x2020});
        ImageDecoder.Decoded rgb16 = ImageDecoder.read(writeWithJdkTiff(new BufferedImage(model, raster, false, null),
                "rgb16.tif"));
        assertClose(0xffff8020, rgb16.image().get(5, 7));
        assertTrue(rgb16.notes().stream().anyMatch(n -> n.contains("16-bit image: edited in 8 bits")),
                rgb16.notes().toString());
        for (String name : new String[] {"rgb.tif", "rgb16.tif"}) {
            byte[] bytes = Files.readAllBytes(dir.resolve(name));
            Path cut = Files.write(dir.resolve("cut-" + name), Arrays.copyOf(bytes, bytes.length / 3));
            assertMentions(refusal(cut), "cut-" + name, "TIFF data is damaged");
        }
    }

    /** Writes through the JDK's own TIFF writer, which takes 16-bit RGB (TwelveMonkeys' writes 16-bit grey only). */
    private Path writeWithJdkTiff(BufferedImage image, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        java.util.Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith("com.sun.imageio")) {
                try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                    writer.setOutput(out);
                    writer.write(image);
                } finally {
                    writer.dispose();
                }
                return file;
            }
        }
        throw new AssertionError("no JDK TIFF writer");
    }

    /** The smallest WebP files, lossless and lossy, one pixel each (the well-known feature-test images). */
    private static final String[] WEBP = {"UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==",
        "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA"};

    @Test
    void webpOpensAndADamagedOneIsRefused() throws IOException {
        for (int i = 0; i < WEBP.length; i++) {
            byte[] bytes = java.util.Base64.getDecoder().decode(WEBP[i]);
            Path file = Files.write(dir.resolve("pixel" + i + ".webp"), bytes);
            ImageDecoder.Decoded decoded = ImageDecoder.read(file);
            assertEquals(ImageFormat.WEBP, decoded.format());
            assertEquals(1, decoded.image().width());
            Path cut = Files.write(dir.resolve("cut" + i + ".webp"), Arrays.copyOf(bytes, bytes.length - 6));
            assertMentions(refusal(cut), "cut" + i + ".webp", "WebP");
        }
    }
}
