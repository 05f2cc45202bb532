package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZIP64 records and tensors stored beyond the 2 GiB and 4 GiB marks (in sparse files). */
class ZipArchiveTest {

    @TempDir
    Path dir;

    private static byte[] floats(float... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    private static byte[] statePickle() {
        return new PickleWriter().proto(2).emptyDict().mark().str("w").tensor("FloatStorage", "0", 3)
                .setitems().stop().bytes();
    }

    @Test
    void readsZip64Records() throws IOException {
        Path file = dir.resolve("zip64.pt");
        TestZip.checkpoint("archive", statePickle(), "little").add("archive/data/0", floats(1, 2, 3)).zip64(true).write(file);
        ZipArchive archive = ZipArchive.open(file);
        assertEquals(4, archive.entries().size());
        assertEquals(12, archive.entries().get("archive/data/0").size());
        assertArrayEquals(new float[] {1, 2, 3}, StateDict.open(file).get("w").toFloats());
    }

    /**
     * Whether a file with a 5 GiB hole can be written here. Where the file system cannot keep it
     * sparse it would be filled with zeros, so enough free space is required as well.
     */
    private static boolean sparseFilesWork(Path dir) {
        Path probe = dir.resolve("probe");
        try {
            if (Files.getFileStore(dir).getUsableSpace() < (6L << 30)) {
                System.out.println("skipping: less than 6 GiB free in " + dir + " for a sparse test file");
                return false;
            }
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SPARSE)) {
                channel.write(ByteBuffer.wrap(new byte[] {1}), 5L << 30);
            }
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            System.out.println("skipping: cannot write a file with a 5 GiB hole in " + dir + ": " + e);
            return false;
        }
    }

    @Test
    void tensorBeyondFourGibInASparseZip() throws IOException {
        assumeTrue(sparseFilesWork(dir), "sparse files unsupported on this file system");
        Path file = dir.resolve("sparse.pt");
        long farAway = (4L << 30) + 12345; // local header offset needs ZIP64 too
        TestZip.checkpoint("archive", statePickle(), "little").addAt(farAway, "archive/data/0", floats(4, 5, 6)).write(file);
        assertTrue(Files.size(file) > farAway);
        assertArrayEquals(new float[] {4, 5, 6}, StateDict.open(file).get("w").toFloats());
    }

    @Test
    void tensorBeyondTwoGibInASparseSafetensorsFile() throws IOException {
        assumeTrue(sparseFilesWork(dir), "sparse files unsupported on this file system");
        long padding = (2L << 30) + 64; // a U8 tensor of zeros that stays a hole
        String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + padding + "],\"data_offsets\":[0," + padding + "]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + padding + "," + (padding + 8) + "]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("sparse.safetensors");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json);
            channel.write(head.flip(), 0);
            channel.write(ByteBuffer.wrap(floats(7, 8)), 8 + json.length + padding);
        }
        StateDict sd = StateDict.open(file);
        assertArrayEquals(new float[] {7, 8}, sd.get("w").toFloats());
        assertEquals(padding, sd.get("pad").numel());
    }

    private static void assertTrue(boolean condition) {
        org.junit.jupiter.api.Assertions.assertTrue(condition);
    }
}
