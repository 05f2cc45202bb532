package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporting over an existing file on a full disk or a read-only file system fails with a message,
 * keeps the old file byte for byte and leaves no temporary file behind.
 */
class ExportFaultsTest {

    @TempDir
    Path dir;

    private static ArgbImage noise(int w, int h) {
        Random random = new Random(3);
        ArgbImage r = ArgbImage.blank(w, h);
        for (int i = 0; i < w * h; i++) {
            r.pixels()[i] = 0xff000000 | random.nextInt(1 << 24); // incompressible
        }
        return r;
    }

    @Test
    void fullDiskKeepsTheOriginalAndRemovesTheTemporaryFile() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small-disk"));
        try (TinyFileSystem disk = TinyFileSystem.mount(mount, 64)) {
            Path file = mount.resolve("picture.png");
            DocumentImages.writePng(noise(16, 16), file, java.util.List.of("{\"seed\":1}"));
            byte[] original = Files.readAllBytes(file);

            IOException e = assertThrows(IOException.class, () -> DocumentImages.writePng(noise(256, 256), file, java.util.List.of()));
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("space")
                    || String.valueOf(e.getCause()).toLowerCase().contains("space"), "says why: " + e);
            assertArrayEquals(original, Files.readAllBytes(file), "the original file is intact");
            assertEquals(List.of(file), listing(mount), "no temporary file is left");
        }
    }

    @Test
    void readOnlyTargetKeepsTheOriginal() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("read-only"));
        try (TinyFileSystem disk = TinyFileSystem.mount(mount, 256)) {
            Path file = mount.resolve("picture.png");
            DocumentImages.writePng(noise(16, 16), file, java.util.List.of());
            byte[] original = Files.readAllBytes(file);
            disk.remountReadOnly();

            IOException e = assertThrows(IOException.class, () -> DocumentImages.writePng(noise(32, 32), file, java.util.List.of()));
            assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
            assertArrayEquals(original, Files.readAllBytes(file));
            assertEquals(List.of(file), listing(mount));
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
