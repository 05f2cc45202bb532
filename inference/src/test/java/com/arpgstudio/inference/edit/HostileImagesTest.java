package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images built to cost decoding time or memory, through the one decoder: each is decoded or
 * refused within a CPU-time bound (measured as the fuzz runner does) and an allocation bound, with
 * a message that says why; formats the app does not list are not decoded at all.
 */
class HostileImagesTest {

    private static final long CPU_LIMIT_MS = 2000;

    @TempDir
    Path dir;

    /** A small progressive JPEG from Java's own writer (10 scans). */
    static byte[] progressiveJpeg(int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, x * 255 / size << 16 | y * 255 / size << 8 | 0x40);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] png(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB), "png", out);
        return out.toByteArray();
    }

    private FuzzRunner.Cost decode(Mutations.Mutant mutant, String name) throws IOException {
        Path file = Files.write(dir.resolve(name), mutant.bytes());
        return FuzzRunner.measure(() -> ImageDecoder.read(file));
    }

    private static void assertRefused(FuzzRunner.Cost cost, String... words) {
        assertInstanceOf(ImageInputException.class, cost.thrown(), String.valueOf(cost.thrown()));
        for (String word : words) {
            assertTrue(cost.thrown().getMessage().contains(word), "expected '" + word + "' in: " + cost.thrown().getMessage());
        }
    }

    private static void assertWithin(FuzzRunner.Cost cost, long allocatedMiB) {
        assertTrue(cost.cpuMillis() < CPU_LIMIT_MS, cost.cpuMillis() + " ms of CPU");
        assertTrue(cost.allocatedBytes() < allocatedMiB << 20, (cost.allocatedBytes() >> 20) + " MiB allocated");
    }

    @Test
    void aThousandScansAreRefusedBeforeDecoding() throws IOException {
        // 8192 x 8192, one scan repeated a thousand times: a few hundred KB that decoded for minutes
        FuzzRunner.Cost cost = decode(Mutations.repeatedScans(progressiveJpeg(64), 1000, 8192, 8192), "scans.jpg");
        assertRefused(cost, "scans.jpg", "more than " + ImageStructure.MAX_SCANS + " scans");
        assertWithin(cost, 64);
    }

    @Test
    void scansTimesPixelsAreBounded() throws IOException {
        // 30 scans of 67 megapixels: under the scan count, over the decoding work
        FuzzRunner.Cost cost = decode(Mutations.repeatedScans(progressiveJpeg(64), 20, 8192, 8192), "work.jpg");
        assertRefused(cost, "30 scans", "decoding work");
        assertWithin(cost, 64);
    }

    @Test
    void aSmallImageMayHaveManyScans() throws IOException {
        FuzzRunner.Cost cost = decode(Mutations.repeatedScans(progressiveJpeg(64), 50, 64, 64), "many.jpg");
        assertEquals(null, cost.thrown());
        assertEquals(64, ((ImageDecoder.Decoded) cost.result()).image().width());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zTXt", "iTXt", "iCCP"})
    void compressedChunksAreInflatedOnlyUpToTheMetadataBudget(String type) throws IOException {
        // 256 MiB of text from a chunk of about 250 KB, on an 8 x 8 image
        FuzzRunner.Cost cost = decode(Mutations.compressedChunk(png(8), type, 256L << 20), "text.png");
        assertRefused(cost, "text.png", "MiB of metadata", type);
        assertWithin(cost, 64);
    }

    @Test
    void formatsTheAppDoesNotListAreNotDecoded() throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "wbmp", out));
        Path file = Files.write(dir.resolve("image.wbmp"), out.toByteArray());
        assertRefused(FuzzRunner.measure(() -> ImageDecoder.read(file)), "not a PNG, JPEG, TIFF, WebP, BMP or GIF image");
    }

    @Test
    void aBmpWrappingAPngIsRefused() throws IOException {
        assertRefused(decode(Mutations.wrappedInBmp(png(8)), "wrapped.bmp"), "wraps a PNG");
    }

    @Test
    void memoryIsEstimatedFromEveryBandTheDecoderAllocates() {
        ImageStructure.Summary png = new ImageStructure.Summary(ImageFormat.PNG, false, 0, 0, null, null, 0);
        ImageTypeSpecifier floats = ImageTypeSpecifier.createBanded(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0}, DataBuffer.TYPE_FLOAT, true, false);
        assertEquals(4 * 4 + 4, ImageDecoder.decodedBytesPerPixel(floats, png)); // four float bands and the ARGB copy
        ImageTypeSpecifier packed = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB);
        assertEquals(4 + 4, ImageDecoder.decodedBytesPerPixel(packed, png));
        ImageStructure.Summary progressive = new ImageStructure.Summary(ImageFormat.JPEG, true, 3, 10, null, null, 0);
        ImageTypeSpecifier rgb = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR);
        assertEquals(3 + 4 + 2 * 3, ImageDecoder.decodedBytesPerPixel(rgb, progressive)); // and its coefficients
    }

    @Test
    void specialFilesAreRefusedInWords() throws IOException {
        for (Mutations.Special special : Mutations.Special.values()) {
            Path file = Mutations.special(dir.resolve("special-" + special + ".png"), special);
            FuzzRunner.Cost cost = FuzzRunner.measure(() -> ImageDecoder.read(file));
            assertInstanceOf(ImageInputException.class, cost.thrown(), special.toString());
            assertWithin(cost, 16);
        }
    }
}
