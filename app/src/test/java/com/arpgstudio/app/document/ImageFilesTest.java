package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    private static Raster pattern(int w, int h) {
        Raster r = new Raster(w, h);
        for (int i = 0; i < w * h; i++) {
            r.pixels()[i] = 0xff000000 | (i * 7919) & 0xffffff;
        }
        return r;
    }

    @Test
    void pngKeepsPixelsAndTheEditRecord() throws IOException {
        Raster image = pattern(37, 21);
        Path file = dir.resolve("out.png");
        String record = "{\"operation\":\"inpaint\",\"seed\":7,\"class\":\"n\\u00e9\"}";
        ImageFiles.writePng(image, file, record);
        ImageFiles.Loaded loaded = ImageFiles.read(file);
        assertArrayEquals(image.pixels(), loaded.image().pixels());
        assertEquals(record, loaded.editRecordJson());
        assertEquals("png", loaded.format());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void readsJpegBmpAndGif() throws IOException {
        BufferedImage rgb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(3, 4, 0xffffff);
        for (String format : new String[] {"jpg", "bmp", "gif"}) {
            Path file = dir.resolve("in." + format);
            assertTrue(ImageIO.write(rgb, format, file.toFile()), format);
            ImageFiles.Loaded loaded = ImageFiles.read(file);
            assertEquals(20, loaded.image().width());
            assertEquals(10, loaded.image().height());
            assertNull(loaded.editRecordJson());
        }
    }

    @Test
    void unreadableFilesSayWhatIsWrong() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "hello");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(text));
        assertTrue(e.getMessage().contains("not a PNG, JPEG, TIFF, WebP, BMP or GIF"), e.getMessage());

        Path truncated = dir.resolve("cut.png");
        ImageFiles.writePng(pattern(64, 64), truncated, null);
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 60));
        IOException damaged = assertThrows(IOException.class, () -> ImageFiles.read(truncated));
        assertTrue(damaged.getMessage().startsWith("Cannot open cut.png"), damaged.getMessage());

        IOException missing = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("nope.png")));
        assertTrue(missing.getMessage().contains("no such file"));
    }

    @Test
    void maskRoundTripsThroughPng() throws IOException {
        Mask mask = new Mask(30, 20);
        mask.paintDisc(15, 10, 6, true);
        Path file = dir.resolve("mask.png");
        ImageFiles.writeMask(mask, file);
        Mask read = ImageFiles.readMask(file);
        assertArrayEquals(mask.values(), read.values());
    }
}
