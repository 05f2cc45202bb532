package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Header validation of the safetensors reader: tiling, duplicates, caps, overflow. */
class SafetensorsReaderTest {

    @TempDir
    Path dir;

    static byte[] safetensors(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (int i = 0; i < dataBytes / 4; i++) {
            out.putFloat(i);
        }
        return out.array();
    }

    private Path file(String header, int dataBytes) throws IOException {
        Path file = dir.resolve("t" + System.nanoTime() + ".safetensors");
        Files.write(file, safetensors(header, dataBytes));
        return file;
    }

    private void assertRejected(String header, int dataBytes, String expectedText) throws IOException {
        Path file = file(header, dataBytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(file));
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
    }

    @Test
    void readsTensorsInAnyOffsetOrder() throws IOException {
        Path file = file("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[16,16]}}  ", 16);
        StateDict sd = SafetensorsReader.read(file);
        assertArrayEquals(new float[] {0, 1}, sd.get("a").toFloats());
        assertArrayEquals(new float[] {2, 3}, sd.get("b").toFloats());
        assertArrayEquals(new float[] {}, sd.get("z").toFloats());
    }

    @Test
    void duplicateNamesAreRejected() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "'a' twice");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "twice");
    }

    @Test
    void gapsOverlapsAndUncoveredBytesAreRejected() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "start at byte 0");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "start at byte 8");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "cover 4 bytes");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "runs past");
    }

    @Test
    void sizesAndOffsetsAreChecked() throws IOException {
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "expected 12 bytes");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8, "overflows");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8, "negative");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", 8, "not valid JSON");
        assertRejected("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, "unsupported dtype");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "data_offsets");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} x", 8, "not valid JSON");
        assertRejected("[1,2]", 8, "expected a JSON object");
    }

    @Test
    void headerLengthIsCapped() throws IOException {
        Path file = dir.resolve("huge.safetensors");
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).put("{}      ".getBytes(StandardCharsets.US_ASCII));
        Files.write(file, head.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(file));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
    }

    @Test
    void readsEveryDtypeAndWidensHalfPrecision() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(4 * 2 + 2 * 2 + 2 * 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f);
        data.putShort(HalfFloat.fromFloat(0.25f)).putShort(HalfFloat.fromFloat(-3f));
        data.putShort((short) (Float.floatToIntBits(7f) >>> 16)).putShort((short) (Float.floatToIntBits(-0.5f) >>> 16));
        data.putLong(42);
        Path file = write("""
                {"__metadata__":{"format":"pt"},
                 "a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
                 "b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},
                 "c":{"dtype":"BF16","shape":[1,2],"data_offsets":[12,16]},
                 "d":{"dtype":"I64","shape":[],"data_offsets":[16,24]}}""", data.array());

        StateDict dict = SafetensorsReader.read(file);
        assertEquals(4, dict.names().size());
        assertArrayEquals(new float[] {1.5f, -2f}, dict.get("a").toFloats());
        assertArrayEquals(new float[] {0.25f, -3f}, dict.get("b").toFloats());
        assertArrayEquals(new float[] {7f, -0.5f}, dict.get("c", 1, 2).toFloats());
        assertArrayEquals(new long[] {42}, dict.get("d").toLongs());
    }

    @Test
    void refusesOffsetsOutsideTheDataSection() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(file));
        assertTrue(e.getMessage().contains("tensor 'a'"), e.getMessage());
    }

    @Test
    void namesMissingKeysAndWrongShapes() throws Exception {
        Path file = write("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        StateDict dict = SafetensorsReader.read(file);
        assertTrue(assertThrows(CheckpointException.class, () -> dict.get("b")).getMessage().contains("'b'"));
        assertTrue(assertThrows(CheckpointException.class, () -> dict.get("a", 3)).getMessage()
                .contains("expected shape [3], found [2]"));
    }

    private Path write(String header, byte[] data) throws Exception {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        Path file = dir.resolve("w" + System.nanoTime() + ".safetensors");
        Files.write(file, out.array());
        return file;
    }
}
