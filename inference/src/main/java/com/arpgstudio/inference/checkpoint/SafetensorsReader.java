package com.arpgstudio.inference.checkpoint;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and [begin, end) byte range in the data section, then the data. As the
 * format requires, the ranges must tile the data section exactly (in some order, no gaps, no
 * overlaps) and names must be unique; the header is parsed as a stream so a duplicate name is
 * seen rather than silently replaced. Each tensor is memory-mapped on its own when read, so files
 * over 2 GB work.
 */
public final class SafetensorsReader {

    /** Headers of real checkpoints are a few hundred KB; anything far larger is corrupt or hostile. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    static final int MAX_RANK = 16;

    private SafetensorsReader() {}

    /** One header entry: a name and its place in the data section. */
    private record Spec(String name, DType dtype, long[] shape, long begin, long end) {}

    public static StateDict read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new CheckpointException(file + ": expected at least 8 bytes of safetensors header length, found " + fileSize);
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ZipArchive.readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new CheckpointException(file + ": safetensors header length " + headerLength
                        + " is not within the file (" + fileSize + " bytes) and the " + MAX_HEADER_BYTES + "-byte cap");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            ZipArchive.readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            List<Spec> specs = parseHeader(file, new String(header.array(), StandardCharsets.UTF_8));
            checkTiling(file, specs, fileSize - dataStart);
            Map<String, StoredTensor> tensors = new LinkedHashMap<>();
            for (Spec spec : specs) {
                tensors.put(spec.name(), new StoredTensor(spec.name(), spec.dtype(), spec.shape(),
                        TensorBytes.mapped(file, dataStart + spec.begin(), spec.end() - spec.begin())));
            }
            return new StateDict(file, tensors);
        }
    }

    private static List<Spec> parseHeader(Path file, String json) throws CheckpointException {
        List<Spec> specs = new ArrayList<>();
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new CheckpointException(file + ": expected a JSON object as safetensors header, found " + reader.peek());
            }
            reader.beginObject();
            Set<String> names = new HashSet<>();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (!names.add(name)) {
                    throw new CheckpointException(file + ": safetensors header names '" + name + "' twice");
                }
                if (name.equals("__metadata__")) {
                    if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                        throw new CheckpointException(file + ": expected an object as __metadata__, found " + reader.peek());
                    }
                    reader.skipValue();
                } else {
                    specs.add(spec(file + ": tensor '" + name + "'", name, reader));
                }
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new CheckpointException(file + ": unexpected content after the safetensors header object");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            if (e instanceof CheckpointException checkpoint) {
                throw checkpoint;
            }
            throw new CheckpointException(file + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        return specs;
    }

    private static Spec spec(String where, String name, JsonReader reader) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw new CheckpointException(where + ": expected an object, found " + reader.peek());
        }
        reader.beginObject();
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        while (reader.hasNext()) {
            String field = reader.nextName();
            switch (field) {
                case "dtype" -> {
                    if (dtypeName != null || reader.peek() != JsonToken.STRING) {
                        throw new CheckpointException(where + ": expected one string 'dtype'");
                    }
                    dtypeName = reader.nextString();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw new CheckpointException(where + ": 'shape' given twice");
                    }
                    shape = longs(where, "shape", reader, MAX_RANK);
                }
                case "data_offsets" -> {
                    if (offsets != null) {
                        throw new CheckpointException(where + ": 'data_offsets' given twice");
                    }
                    offsets = longs(where, "data_offsets", reader, 2);
                }
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        if (dtypeName == null || shape == null || offsets == null) {
            throw new CheckpointException(where + ": expected 'dtype', 'shape' and 'data_offsets', found "
                    + (dtypeName == null ? "no dtype " : "") + (shape == null ? "no shape " : "")
                    + (offsets == null ? "no data_offsets" : ""));
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": unsupported dtype '" + dtypeName
                    + "', expected one of " + Arrays.toString(DType.values()));
        }
        if (offsets.length != 2) {
            throw new CheckpointException(where + ": expected 2 data_offsets, found " + offsets.length);
        }
        long begin = offsets[0];
        long end = offsets[1];
        try {
            long numel = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new CheckpointException(where + ": negative dimension " + d);
                }
                numel = Math.multiplyExact(numel, d);
            }
            long expectedBytes = Math.multiplyExact(numel, dtype.byteSize());
            if (begin < 0 || end < begin || end - begin != expectedBytes) {
                throw new CheckpointException(where + ": expected " + expectedBytes + " bytes for " + dtype
                        + Arrays.toString(shape) + ", found offsets [" + begin + ", " + end + ")");
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + ": shape " + Arrays.toString(shape) + " overflows");
        }
        return new Spec(name, dtype, shape, begin, end);
    }

    private static long[] longs(String where, String field, JsonReader reader, int max) throws IOException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            throw new CheckpointException(where + ": expected an array '" + field + "', found " + reader.peek());
        }
        reader.beginArray();
        long[] out = new long[max];
        int n = 0;
        while (reader.hasNext()) {
            if (n == max) {
                throw new CheckpointException(where + ": expected at most " + max + " entries in '" + field + "'");
            }
            if (reader.peek() != JsonToken.NUMBER) {
                throw new CheckpointException(where + ": expected integers in '" + field + "', found " + reader.peek());
            }
            out[n++] = reader.nextLong();
        }
        reader.endArray();
        return Arrays.copyOf(out, n);
    }

    /** The ranges, sorted, must start at 0, follow each other without gap or overlap and end at the data's end. */
    private static void checkTiling(Path file, List<Spec> specs, long dataSize) throws CheckpointException {
        List<Spec> sorted = new ArrayList<>(specs);
        sorted.sort(Comparator.comparingLong(Spec::begin).thenComparingLong(Spec::end));
        long expected = 0;
        for (Spec spec : sorted) {
            if (spec.begin() != expected) {
                throw new CheckpointException(file + ": tensor '" + spec.name() + "': expected its data to start at byte "
                        + expected + " of the data section (tensors must tile it without gaps or overlaps), found ["
                        + spec.begin() + ", " + spec.end() + ")");
            }
            if (spec.end() > dataSize) {
                throw new CheckpointException(file + ": tensor '" + spec.name() + "': data [" + spec.begin() + ", "
                        + spec.end() + ") runs past the " + dataSize + "-byte data section");
            }
            expected = spec.end();
        }
        if (expected != dataSize) {
            throw new CheckpointException(file + ": tensors cover " + expected + " bytes of a data section of "
                    + dataSize + " bytes");
        }
    }
}
