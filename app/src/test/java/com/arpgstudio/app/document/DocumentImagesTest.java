package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentImagesTest {

    @TempDir
    Path dir;

    /** The child of {@link #savedFilesGetTheModeOfANormalSave}: saves a PNG as the editor does. */
    public static void main(String[] args) throws IOException {
        DocumentImages.writePng(pattern(4, 3), Path.of(args[0]), java.util.List.of());
    }

    /** Saves {@code file} in a child JVM started under {@code umask}. */
    private static void saveUnderUmask(String umask, Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                java, System.getProperty("java.class.path"), DocumentImagesTest.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertEquals(0, child.exitValue(), output);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void savedFilesGetTheModeOfANormalSave() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix") && Files.isExecutable(Path.of("/bin/sh")));
        Path fresh = dir.resolve("fresh.png");
        saveUnderUmask("022", fresh);
        assertEquals("rw-r--r--", mode(fresh), "a new file under umask 022");
        Path shared = dir.resolve("shared.png");
        saveUnderUmask("007", shared);
        assertEquals("rw-rw----", mode(shared), "a new file under umask 007");
        Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-rw-r--"));
        saveUnderUmask("077", fresh);
        assertEquals("rw-rw-r--", mode(fresh), "a replaced file keeps its mode");
        assertArrayEquals(pattern(4, 3).pixels(), DocumentImages.read(fresh).image().pixels());
    }

    private static ArgbImage pattern(int w, int h) {
        ArgbImage r = ArgbImage.blank(w, h);
        for (int i = 0; i < w * h; i++) {
            r.pixels()[i] = 0xff000000 | (i * 7919) & 0xffffff;
        }
        return r;
    }

    @Test
    void pngKeepsPixelsAndTheEditRecord() throws IOException {
        ArgbImage image = pattern(37, 21);
        Path file = dir.resolve("out.png");
        String record = "{\"operation\":\"inpaint\",\"seed\":7,\"class\":\"n\\u00e9\"}";
        DocumentImages.writePng(image, file, java.util.List.of(record));
        DocumentImages.Loaded loaded = DocumentImages.read(file);
        assertArrayEquals(image.pixels(), loaded.image().pixels());
        assertEquals(java.util.List.of(record), loaded.editRecords());
        assertEquals(com.arpgstudio.inference.edit.ImageFormat.PNG, loaded.format());
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
            DocumentImages.Loaded loaded = DocumentImages.read(file);
            assertEquals(20, loaded.image().width());
            assertEquals(10, loaded.image().height());
            assertTrue(loaded.editRecords().isEmpty());
        }
    }

    @Test
    void unreadableFilesSayWhatIsWrong() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "hello");
        IOException e = assertThrows(IOException.class, () -> DocumentImages.read(text));
        assertTrue(e.getMessage().contains("not a PNG, JPEG, TIFF, WebP, BMP or GIF"), e.getMessage());

        Path truncated = dir.resolve("cut.png");
        DocumentImages.writePng(pattern(64, 64), truncated, java.util.List.of());
        byte[] bytes = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 60));
        IOException damaged = assertThrows(IOException.class, () -> DocumentImages.read(truncated));
        assertTrue(damaged.getMessage().startsWith("Cannot open cut.png"), damaged.getMessage());

        IOException missing = assertThrows(IOException.class, () -> DocumentImages.read(dir.resolve("nope.png")));
        assertTrue(missing.getMessage().contains("no such file"));
    }

    @Test
    void maskRoundTripsThroughPng() throws IOException {
        PixelMask mask = new PixelMask(30, 20);
        MaskPaint.disc(mask, 15, 10, 6, true);
        Path file = dir.resolve("mask.png");
        DocumentImages.writeMask(mask, file);
        PixelMask read = DocumentImages.readMask(file);
        assertArrayEquals(mask.coverageValues(), read.coverageValues());
    }
}
