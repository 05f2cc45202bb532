package com.arpgstudio.inference.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and [begin, end) byte range in the data section, then the data. Each tensor
 * is memory-mapped on its own when read, so files over 2 GB work.
 */
public final class SafetensorsReader {

    /** Headers of real checkpoints are a few hundred KB; anything far larger is corrupt or hostile. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafetensorsReader() {}

    public static StateDict read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new CheckpointException(file + ": expected at least 8 bytes of safetensors header length, found " + fileSize);
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new CheckpointException(file + ": safetensors header length " + headerLength
                        + " is not within the file (" + fileSize + " bytes) and the " + MAX_HEADER_BYTES + "-byte cap");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            Map<String, StoredTensor> tensors = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8),
                    dataStart, fileSize - dataStart);
            return new StateDict(file, tensors);
        }
    }

    private static Map<String, StoredTensor> parseHeader(Path file, String json, long dataStart, long dataSize)
            throws CheckpointException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new CheckpointException(file + ": expected a JSON object as safetensors header, found " + kind(parsed));
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CheckpointException(file + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            if (!entry.getValue().isJsonObject()) {
                throw new CheckpointException(file + ": tensor '" + name + "': expected an object, found " + kind(entry.getValue()));
            }
            tensors.put(name, tensor(file, name, entry.getValue().getAsJsonObject(), dataStart, dataSize));
        }
        return tensors;
    }

    private static StoredTensor tensor(Path file, String name, JsonObject spec, long dataStart, long dataSize)
            throws CheckpointException {
        String where = file + ": tensor '" + name + "'";
        DType dtype;
        try {
            dtype = DType.valueOf(stringField(spec, "dtype", where));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": unsupported dtype " + spec.get("dtype"));
        }
        long[] shape = longArray(spec, "shape", where);
        long[] offsets = longArray(spec, "data_offsets", where);
        if (offsets.length != 2) {
            throw new CheckpointException(where + ": expected 2 data_offsets, found " + offsets.length);
        }
        long begin = offsets[0];
        long end = offsets[1];
        long numel = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new CheckpointException(where + ": negative dimension " + d);
                }
                numel = Math.multiplyExact(numel, d);
            }
            long expectedBytes = Math.multiplyExact(numel, dtype.byteSize());
            if (begin < 0 || end < begin || end > dataSize || end - begin != expectedBytes) {
                throw new CheckpointException(where + ": expected " + expectedBytes + " bytes within the "
                        + dataSize + "-byte data section, found offsets [" + begin + ", " + end + ")");
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + ": shape overflows");
        }
        long position = dataStart + begin;
        long length = end - begin;
        return new StoredTensor(name, dtype, shape, () -> map(file, position, length));
    }

    private static ByteBuffer map(Path file, long position, long length) throws IOException {
        if (length > Integer.MAX_VALUE) {
            throw new CheckpointException(file + ": a tensor of " + length + " bytes exceeds one mapping (2 GiB)");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (position + length > channel.size()) {
                throw new CheckpointException(file + " changed while open: expected at least "
                        + (position + length) + " bytes, found " + channel.size());
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, position, length).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static String stringField(JsonObject spec, String field, String where) throws CheckpointException {
        JsonElement value = spec.get(field);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new CheckpointException(where + ": expected a string '" + field + "', found " + kind(value));
        }
        return value.getAsString();
    }

    private static long[] longArray(JsonObject spec, String field, String where) throws CheckpointException {
        JsonElement value = spec.get(field);
        if (value == null || !value.isJsonArray()) {
            throw new CheckpointException(where + ": expected an array '" + field + "', found " + kind(value));
        }
        JsonArray array = value.getAsJsonArray();
        if (array.size() > 16) {
            throw new CheckpointException(where + ": expected at most 16 entries in '" + field + "', found " + array.size());
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement element = array.get(i);
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
                throw new CheckpointException(where + ": expected integers in '" + field + "', found " + kind(element));
            }
            try {
                out[i] = element.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException e) {
                throw new CheckpointException(where + ": expected integers in '" + field + "', found " + element);
            }
        }
        return out;
    }

    private static String kind(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "nothing";
        }
        return element.isJsonObject() ? "an object" : element.isJsonArray() ? "an array" : element.toString();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new CheckpointException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
