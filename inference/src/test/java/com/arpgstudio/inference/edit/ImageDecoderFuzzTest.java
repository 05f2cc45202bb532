package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import com.arpgstudio.inference.runtime.Cancellation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged images ({@link Mutations#png} and {@link Mutations#jpeg}: chunk lengths and types, IHDR
 * sizes and depths, text chunks, zlib headers, JPEG marker segments and EXIF blocks; TIFF and WebP
 * anywhere) through the one decoder of
 * the editor and the command line, then on as a re-opened document goes: the edit record in the
 * PNG's iTXt chunk is read and parsed, and the image serves as a mask. Each case decodes or is
 * refused with an ImageInputException (a record that is no longer one: an EditException), within
 * the CPU limit; never another exception, an OutOfMemoryError or a hang.
 */
class ImageDecoderFuzzTest {

    private static final String KEYWORD = "arpg-studio:edit-record";

    @TempDir
    Path dir;

    private record Sample(String name, byte[] bytes) {}

    @Test
    void damagedImagesDecodeOrAreRefused() throws Exception {
        EditResult edit = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY).run(EditRequest.inpaint(
                FakeModels.picture(48, 40), PixelMask.ofRect(48, 40, new Rect(8, 8, 16, 16)),
                SamplingSettings.DEFAULTS.withSteps(2).withClassId(1)), EditListener.NONE, Cancellation.none());
        List<Sample> samples = List.of(
                new Sample("rgb-with-record.png", withText(encode(image(BufferedImage.TYPE_INT_RGB), "png"),
                        KEYWORD, edit.record().toJson())),
                new Sample("argb.png", encode(image(BufferedImage.TYPE_INT_ARGB), "png")),
                new Sample("gray.png", encode(image(BufferedImage.TYPE_BYTE_GRAY), "png")),
                new Sample("gray16.png", encode(image(BufferedImage.TYPE_USHORT_GRAY), "png")),
                new Sample("palette.png", encode(image(BufferedImage.TYPE_BYTE_INDEXED), "png")),
                new Sample("rgb.jpg", encode(image(BufferedImage.TYPE_INT_RGB), "jpeg")),
                new Sample("gray.jpg", encode(image(BufferedImage.TYPE_BYTE_GRAY), "jpeg")),
                new Sample("rgb.tif", encode(image(BufferedImage.TYPE_INT_RGB), "tiff")),
                new Sample("gray16.tif", encode(image(BufferedImage.TYPE_USHORT_GRAY), "tiff")),
                new Sample("pixel.webp", java.util.Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")),
                new Sample("photo.jpg", PhotoFiles.jpegWithExif(image(BufferedImage.TYPE_INT_RGB), PhotoFiles.exif(6))));
        Path clean = Files.write(dir.resolve("clean.png"), samples.get(0).bytes());
        assertEquals(edit.record(), EditRecord.fromJson(ImageDecoder.read(clean).pngText(KEYWORD)),
                "the undamaged PNG carries its record");
        Random random = new Random(3);
        try (FuzzRunner fuzz = new FuzzRunner("ImageDecoder.read + PNG record + mask", 1000,
                ImageInputException.class, EditException.class)) {
            for (int i = 0; i < FuzzRunner.cases(700); i++) {
                Sample sample = samples.get(random.nextInt(samples.size()));
                Mutations.Mutant mutant = sample.name().endsWith(".png") ? Mutations.png(sample.bytes(), random)
                        : sample.name().endsWith(".jpg") ? Mutations.jpeg(sample.bytes(), random)
                        : Mutations.anywhere(sample.bytes(), random); // TIFF directories, WebP chunks
                Path file = dir.resolve(sample.name());
                Files.write(file, mutant.bytes());
                fuzz.run("case " + i + " (" + sample.name() + ": " + mutant.description() + ")", () -> reopen(file));
            }
        }
    }

    /**
     * Hostile shapes ({@link Mutations#hostileImage}: repeated scans, compressed chunks that
     * inflate to gigabytes, a PNG wrapped in a BMP) and special files in place of the image, within
     * the CPU limit and 1 GiB allocated a case (a progressive JPEG's passes, see below).
     */
    @Test
    void hostileImagesAreBoundedInTimeAndMemory() throws Exception {
        byte[] png = HostileImagesTest.png(48);
        byte[] jpeg = HostileImagesTest.progressiveJpeg(48);
        Random random = new Random(25);
        // Java's JPEG decoder renders a progressive JPEG's image once per scan: what it allocates in all
        // (not at once) grows with scans x pixels, which ImageStructure bounds
        try (FuzzRunner fuzz = new FuzzRunner("ImageDecoder.read hostile shapes", 1000, ImageInputException.class)
                .allocationLimit(1L << 30)) {
            for (int i = 0; i < FuzzRunner.cases(40); i++) {
                Path file = dir.resolve("hostile" + i);
                String description = Mutations.writeCase(file, random, 8, () -> Mutations.hostileImage(png, jpeg, random));
                fuzz.run("case " + i + " (" + description + ")", () -> reopen(file));
                Files.deleteIfExists(file);
            }
        }
    }

    /** What re-opening a file does: decode, pick up the edit record, and (as a mask) threshold the pixels. */
    private static PixelMask reopen(Path file) throws IOException {
        ImageDecoder.Decoded decoded = ImageDecoder.read(file);
        String record = decoded.pngText(KEYWORD);
        if (record != null) {
            EditRecord.fromJson(record);
        }
        return PixelMask.of(decoded.image());
    }

    private static BufferedImage image(int type) {
        BufferedImage image = new BufferedImage(48, 40, type);
        ArgbImage picture = FakeModels.picture(48, 40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, picture.get(x, y) & (x < 24 ? 0xffffffff : 0x80ffffff));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no " + format + " writer for image type " + image.getType());
        }
        return out.toByteArray();
    }

    /** The PNG with an uncompressed iTXt chunk (keyword, text) right after IHDR, as the editor exports it. */
    private static byte[] withText(byte[] png, String keyword, String text) {
        byte[] data = (keyword + "\0\0\0\0\0" + text).getBytes(StandardCharsets.UTF_8); // flag, method, language, translated
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put("iTXt".getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        int afterHeader = 8 + 25; // signature, IHDR (length, type, 13 bytes, CRC)
        return ByteBuffer.allocate(png.length + chunk.capacity()).put(png, 0, afterHeader).put(chunk.array())
                .put(png, afterHeader, png.length - afterHeader).array();
    }
}
