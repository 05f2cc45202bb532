package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

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
        Path file = dir.resolve("t.safetensors");
        Files.write(file, out.array());
        return file;
    }
}
