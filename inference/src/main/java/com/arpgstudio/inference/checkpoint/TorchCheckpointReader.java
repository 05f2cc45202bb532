package com.arpgstudio.inference.checkpoint;

import com.arpgstudio.inference.checkpoint.Pickle.Placeholder;
import com.arpgstudio.inference.checkpoint.TorchPickleResolver.TorchStorage;
import com.arpgstudio.inference.checkpoint.TorchPickleResolver.TorchTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what {@code torch.save} writes, without Python: the zip format (an entry
 * {@code PREFIX/data.pkl} holding the pickled object, {@code PREFIX/byteorder}, and one stored
 * entry {@code PREFIX/data/KEY} per storage) and the legacy format (consecutive pickles followed
 * by the raw storages). The pickle is interpreted by {@link RestrictedUnpickler} under
 * {@link TorchPickleResolver}'s safety policy, the state dict is unwrapped from the wrappers real
 * files use, and each tensor of it maps its own slice of its storage when read. Storages not
 * reached from the chosen state dict (an optimizer's) are never read.
 */
public final class TorchCheckpointReader {

    /** Wrapper keys tried, in order, when a dict holds no tensors itself. {@code ema} only on request. */
    static final List<String> WRAPPER_KEYS = List.of("state_dict", "model", "module");
    /** The pickle of a checkpoint with thousands of tensors and an optimizer is a few MB. */
    static final int MAX_PICKLE_BYTES = 64 << 20;
    private static final int MAX_UNWRAP_DEPTH = 4;
    /** How many times over the tensors may use their storages' bytes (see {@link #requireBacking}). */
    static final long MAX_SHARING = 2;
    /** A legacy file starts with protocol 2 and LONG1 0x1950a86a20f9469cfc6c, torch's magic number. */
    private static final byte[] LEGACY_MAGIC = {
        (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
        (byte) 0xa8, 0x50, 0x19};

    private TorchCheckpointReader() {}

    /** Where a storage's bytes lie in the file, and how many bytes are there. */
    private record StorageData(long offset, long bytes) {}

    static boolean isLegacy(byte[] head) {
        if (head.length < LEGACY_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < LEGACY_MAGIC.length; i++) {
            if (head[i] != LEGACY_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a zip checkpoint. {@code section} picks a top-level entry (such as {@code "ema"});
     * null unwraps {@code state_dict}, {@code model} or {@code module} as needed.
     */
    public static StateDict readZip(Path file, String section) throws IOException {
        ZipArchive archive = ZipArchive.open(file);
        ZipArchive.Entry pickleEntry = findDataPickle(archive);
        String prefix = pickleEntry.name().substring(0, pickleEntry.name().length() - "data.pkl".length());
        ByteOrder order = byteOrder(archive, prefix);
        byte[] pickle = archive.readSmall(pickleEntry, MAX_PICKLE_BYTES);
        RestrictedUnpickler unpickler = new RestrictedUnpickler(pickle, archive.file() + " " + pickleEntry.name(),
                new TorchPickleResolver(archive.file()));
        Object root = unpickler.load();
        Map<String, TorchTensor> tensors = chooseStateDict(file, root, section);
        Map<String, StoredTensor> stored = new LinkedHashMap<>();
        for (Map.Entry<String, TorchTensor> entry : tensors.entrySet()) {
            TorchStorage storage = entry.getValue().storage();
            ZipArchive.Entry data = archive.entries().get(prefix + "data/" + storage.key());
            if (data == null) {
                throw new CheckpointException(file + ": tensor '" + entry.getKey() + "': storage entry '"
                        + prefix + "data/" + storage.key() + "' is missing");
            }
            if (!data.stored()) {
                throw new CheckpointException(file + ": tensor '" + entry.getKey() + "': storage entry '"
                        + data.name() + "' is compressed (method " + data.method()
                        + "); torch.save writes storages uncompressed, re-save the file with torch.save");
            }
            stored.put(entry.getKey(), storedTensor(file, entry.getKey(), entry.getValue(),
                    new StorageData(data.dataOffset(), data.size()), order));
        }
        return new StateDict(file, stored, sections(root), foreignGlobals(unpickler.namedGlobals()));
    }

    /** The top-level keys whose values are dicts (the sections one may ask for: model, ema, optimizer). */
    private static List<String> sections(Object root) {
        List<String> sections = new ArrayList<>();
        if (root instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (key instanceof String name && value instanceof Map<?, ?>) {
                    sections.add(name);
                }
            });
        }
        return sections;
    }

    private static List<StateDict.ForeignGlobal> foreignGlobals(Set<String> named) {
        List<StateDict.ForeignGlobal> foreign = new ArrayList<>();
        for (String name : named) {
            if (!TorchPickleResolver.isTorchMachinery(name)) {
                foreign.add(new StateDict.ForeignGlobal(name, TorchPickleResolver.INERT_DATA.contains(name)));
            }
        }
        return foreign;
    }

    /** The five pickles at the start of a legacy file, and where the storages begin. */
    private record LegacyHead(Object root, List<?> keys, long storagesStart, ByteOrder order,
                              TorchPickleResolver resolver, Set<String> namedGlobals) {}

    /** Reads a legacy (pre-1.6, non-zip) torch.save file. */
    public static StateDict readLegacy(Path file, String section) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            LegacyHead head = readLegacyHead(file, channel, fileSize);
            // The storages follow in key-list order, each as an 8-byte element count and its bytes;
            // only those counts are read here, to find where each storage lies.
            Map<String, StorageData> located = new LinkedHashMap<>();
            long at = head.storagesStart();
            ByteBuffer count = ByteBuffer.allocate(8).order(head.order());
            for (Object key : head.keys()) {
                TorchStorage storage = head.resolver().storages().get(String.valueOf(key));
                if (!(key instanceof String) || storage == null) {
                    throw new CheckpointException(file + ": legacy storage key " + Pickle.describe(key)
                            + " is not declared by the pickle");
                }
                if (storage.dtype() == null) {
                    throw new CheckpointException(file + ": legacy storage '" + key + "' has type "
                            + storage.typeName() + ", whose size is unknown; cannot locate the storages after it");
                }
                if (at > fileSize - 8) {
                    throw new CheckpointException(file + ": legacy storage '" + key + "' lies past the end of the file");
                }
                count.clear();
                ZipArchive.readFully(channel, count, at);
                long numel = count.getLong(0);
                int elementSize = storage.dtype().byteSize();
                if (numel != storage.numel() || numel < 0 || numel > (fileSize - at - 8) / elementSize) {
                    throw new CheckpointException(file + ": legacy storage '" + key + "' declares " + storage.numel()
                            + " elements, found a count of " + numel + " at byte " + at);
                }
                located.put((String) key, new StorageData(at + 8, numel * elementSize));
                at += 8 + numel * elementSize;
            }
            Map<String, StoredTensor> stored = new LinkedHashMap<>();
            Map<String, TorchTensor> tensors = chooseStateDict(file, head.root(), section);
            for (Map.Entry<String, TorchTensor> entry : tensors.entrySet()) {
                StorageData data = located.get(entry.getValue().storage().key());
                if (data == null) {
                    throw new CheckpointException(file + ": tensor '" + entry.getKey() + "': storage '"
                            + entry.getValue().storage().key() + "' is not in the file");
                }
                stored.put(entry.getKey(), storedTensor(file, entry.getKey(), entry.getValue(), data, head.order()));
            }
            return new StateDict(file, stored, sections(head.root()), foreignGlobals(head.namedGlobals()));
        }
    }

    /** Unpickles the head, reading more of the file only while the pickles run past what was read. */
    private static LegacyHead readLegacyHead(Path file, FileChannel channel, long fileSize) throws IOException {
        int length = (int) Math.min(fileSize, 1 << 20);
        while (true) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            ZipArchive.readFully(channel, buffer, 0);
            TorchPickleResolver resolver = new TorchPickleResolver(file);
            RestrictedUnpickler unpickler = new RestrictedUnpickler(buffer.array(), file.toString(), resolver);
            try {
                unpickler.load(); // the magic number
                Object protocol = unpickler.load();
                if (!Long.valueOf(1001).equals(protocol)) {
                    throw new CheckpointException(file + ": legacy torch.save protocol " + Pickle.describe(protocol)
                            + ", expected 1001");
                }
                Object sysInfo = unpickler.load();
                ByteOrder order = sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))
                        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                Object root = unpickler.load();
                Object keys = unpickler.load();
                if (!(keys instanceof List<?> keyList)) {
                    throw new CheckpointException(file + ": legacy storage key list is " + Pickle.describe(keys));
                }
                return new LegacyHead(root, keyList, unpickler.position(), order, resolver, unpickler.namedGlobals());
            } catch (CheckpointException e) {
                if (!unpickler.ranOut() || length == fileSize || length >= MAX_PICKLE_BYTES) {
                    throw e;
                }
                length = (int) Math.min(Math.min(fileSize, MAX_PICKLE_BYTES), 4L * length);
            }
        }
    }

    private static ZipArchive.Entry findDataPickle(ZipArchive archive) throws CheckpointException {
        ZipArchive.Entry found = null;
        for (ZipArchive.Entry entry : archive.entries().values()) {
            String name = entry.name();
            // PREFIX/data.pkl with a one-level prefix: the file name torch.save was given, often "archive"
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                if (found != null) {
                    throw new CheckpointException(archive.file() + ": two pickles, '" + found.name() + "' and '"
                            + name + "'; expected one PREFIX/data.pkl");
                }
                found = entry;
            }
        }
        if (found == null) {
            throw new CheckpointException(archive.file() + ": a zip archive without a PREFIX/data.pkl entry"
                    + " is not a PyTorch checkpoint");
        }
        return found;
    }

    private static ByteOrder byteOrder(ZipArchive archive, String prefix) throws IOException {
        ZipArchive.Entry entry = archive.entries().get(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // torch before 1.10 wrote no byteorder entry, and only little-endian
        }
        String text = new String(archive.readSmall(entry, 16), StandardCharsets.US_ASCII).trim();
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new CheckpointException(archive.file() + ": byteorder entry says '" + text
                    + "', expected 'little' or 'big'");
        };
    }

    /** The tensors of the state dict the file holds, unwrapped, in file order. */
    static Map<String, TorchTensor> chooseStateDict(Path file, Object root, String section) throws CheckpointException {
        if (!(root instanceof Map<?, ?> current)) {
            String what = root instanceof Placeholder p ? "a pickled " + p.type + " object" : Pickle.describe(root);
            throw new CheckpointException(file + ": expected a dict of tensors, found " + what
                    + (root instanceof Placeholder ? " (a whole pickled model; save its state_dict() instead)" : ""));
        }
        if (section != null) {
            Object chosen = current.get(section);
            if (!(chosen instanceof Map<?, ?> map)) {
                throw new CheckpointException(file + ": expected a dict under '" + section + "', found "
                        + (chosen == null ? "no such key" : Pickle.describe(chosen)) + "; top-level keys: " + keys(current));
            }
            current = map;
        }
        // A wrapper key wins over tensors beside it (a training checkpoint may keep its RNG state
        // as a top-level tensor); a state dict itself never has a key named like a wrapper.
        for (int depth = 0; ; depth++) {
            Map<?, ?> inner = null;
            for (String key : WRAPPER_KEYS) {
                if (current.get(key) instanceof Map<?, ?> map) {
                    inner = map;
                    break;
                }
            }
            if (inner == null && holdsTensors(current)) {
                break;
            }
            if (inner == null || depth == MAX_UNWRAP_DEPTH) {
                throw new CheckpointException(file + ": no state dict found; keys " + keys(current)
                        + "; expected tensors or a dict under one of " + WRAPPER_KEYS
                        + (section == null ? " (or ask for 'ema')" : ""));
            }
            current = inner;
        }
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : current.entrySet()) {
            if (entry.getKey() instanceof String name && entry.getValue() instanceof TorchTensor tensor) {
                tensors.put(name, tensor);
            }
        }
        requireBacking(file, tensors);
        return stripCommonPrefix(tensors);
    }

    /**
     * Every tensor must be backed by storage of its size, so a small file cannot stand for large
     * weights: a tensor has at most as many elements as its storage holds after its offset (a
     * stride-0 or overlapping view may not read more elements than there are), and the state
     * dict's tensors together take at most {@link #MAX_SHARING} times the bytes of the distinct
     * storages behind them (tied weights share one storage).
     */
    private static void requireBacking(Path file, Map<String, TorchTensor> tensors) throws CheckpointException {
        long tensorBytes = 0;
        long storageBytes = 0;
        Set<String> seen = new HashSet<>();
        try {
            for (Map.Entry<String, TorchTensor> entry : tensors.entrySet()) {
                TorchTensor tensor = entry.getValue();
                TorchStorage storage = tensor.storage();
                long elementSize = storage.dtype() == null ? 1 : storage.dtype().byteSize();
                long numel = 1;
                for (long size : tensor.size()) {
                    numel = Math.multiplyExact(numel, size);
                }
                tensorBytes = Math.addExact(tensorBytes, Math.multiplyExact(numel, elementSize));
                if (seen.add(storage.key())) {
                    storageBytes = Math.addExact(storageBytes, Math.multiplyExact(storage.numel(), elementSize));
                }
            }
        } catch (ArithmeticException e) {
            throw new CheckpointException(file + ": tensor sizes overflow");
        }
        if (tensorBytes > MAX_SHARING * storageBytes) {
            throw new CheckpointException(file + ": the tensors take " + tensorBytes + " bytes but their storages hold "
                    + storageBytes + " bytes; weights must be backed by storage of their size (tensors may share a"
                    + " storage, as tied weights do, but together take at most " + MAX_SHARING + " times the bytes stored)");
        }
    }

    /** DDP saves keys as {@code module.x}, torch.compile as {@code _orig_mod.x}; the model expects {@code x}. */
    private static Map<String, TorchTensor> stripCommonPrefix(Map<String, TorchTensor> tensors) {
        for (String prefix : List.of("module.", "_orig_mod.")) {
            if (tensors.keySet().stream().allMatch(k -> k.startsWith(prefix) && k.length() > prefix.length())) {
                Map<String, TorchTensor> stripped = new LinkedHashMap<>();
                tensors.forEach((k, v) -> stripped.put(k.substring(prefix.length()), v));
                return stripped;
            }
        }
        return tensors;
    }

    private static boolean holdsTensors(Map<?, ?> map) {
        for (Object value : map.values()) {
            if (value instanceof TorchTensor) {
                return true;
            }
        }
        return false;
    }

    private static String keys(Map<?, ?> map) {
        List<String> names = new ArrayList<>();
        for (Object key : map.keySet()) {
            if (names.size() == 12) {
                names.add("... " + (map.size() - 12) + " more");
                break;
            }
            names.add(Pickle.describe(key));
        }
        return names.toString();
    }

    /** Checks the view against its storage (no data read) and returns a lazily read tensor. */
    private static StoredTensor storedTensor(Path file, String name, TorchTensor tensor, StorageData data,
                                             ByteOrder order) throws CheckpointException {
        String where = file + ": tensor '" + name + "'";
        TorchStorage storage = tensor.storage();
        DType dtype = storage.dtype();
        if (dtype == null) {
            throw new CheckpointException(where + ": storage type " + storage.typeName()
                    + " is not supported (expected Float, Half, BFloat16, Long, Int, Byte or Bool storage)");
        }
        long[] size = tensor.size();
        long[] stride = tensor.stride();
        if (size.length != stride.length) {
            throw new CheckpointException(where + ": " + size.length + " sizes but " + stride.length + " strides");
        }
        long elementSize = dtype.byteSize();
        try {
            long numel = 1;
            long lastIndex = tensor.offset();
            for (int i = 0; i < size.length; i++) {
                numel = Math.multiplyExact(numel, size[i]);
                if (size[i] > 0) {
                    lastIndex = Math.addExact(lastIndex, Math.multiplyExact(size[i] - 1, stride[i]));
                }
            }
            Math.multiplyExact(numel, elementSize);
            long storageBytes = Math.multiplyExact(storage.numel(), elementSize);
            if (storageBytes > data.bytes()) {
                throw new CheckpointException(where + ": storage '" + storage.key() + "' declares " + storageBytes
                        + " bytes, found " + data.bytes() + " in the file");
            }
            if (numel > 0 && lastIndex >= storage.numel()) {
                throw new CheckpointException(where + ": view (offset " + tensor.offset() + ", size "
                        + Arrays.toString(size) + ", stride " + Arrays.toString(stride)
                        + ") reaches element " + lastIndex + " of a storage of " + storage.numel());
            }
            TensorView view = new TensorView(file, name, data.offset(), elementSize, tensor.offset(), size, stride,
                    numel, lastIndex, order);
            return new StoredTensor(name, dtype, size, view::read);
        } catch (ArithmeticException e) {
            throw new CheckpointException(where + ": size, stride or offset overflows");
        }
    }

    /** A (possibly strided) view into one storage, produced as contiguous little-endian bytes. */
    private record TensorView(Path file, String name, long storageStart, long elementSize, long offset,
                              long[] size, long[] stride, long numel, long lastIndex, ByteOrder order) {

        ByteBuffer read() throws IOException {
            if (numel == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            long start = storageStart + offset * elementSize;
            long span = (lastIndex - offset + 1) * elementSize;
            if (isContiguous() && order == ByteOrder.LITTLE_ENDIAN) {
                return TensorBytes.map(file, start, span);
            }
            if (numel * elementSize > Integer.MAX_VALUE - 8) {
                throw new CheckpointException(file + ": tensor '" + name + "' is strided or big-endian and larger than"
                        + " 2 GiB; it cannot be made contiguous in memory");
            }
            ByteBuffer source = TensorBytes.map(file, start, span);
            ByteBuffer out = ByteBuffer.allocate((int) (numel * elementSize)).order(ByteOrder.LITTLE_ENDIAN);
            gather(source, out);
            if (order == ByteOrder.BIG_ENDIAN) {
                swapBytes(out);
            }
            return out;
        }

        /** Row-major strides (dims of size 1 may have any stride, as in torch). */
        private boolean isContiguous() {
            long expected = 1;
            for (int i = size.length - 1; i >= 0; i--) {
                if (size[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= size[i];
            }
            return true;
        }

        /** Copies elements in row-major order; the innermost dimension is copied as a run when its stride is 1. */
        private void gather(ByteBuffer source, ByteBuffer out) {
            int rank = size.length;
            int es = (int) elementSize;
            long rowLength = rank == 0 ? 1 : size[rank - 1];
            long rowStride = rank == 0 ? 1 : stride[rank - 1];
            long[] index = new long[Math.max(rank - 1, 0)];
            int written = 0;
            while (true) {
                long base = 0;
                for (int d = 0; d < index.length; d++) {
                    base += index[d] * stride[d];
                }
                if (rowStride == 1) {
                    out.put(written, source, (int) (base * es), (int) (rowLength * es));
                    written += (int) (rowLength * es);
                } else {
                    for (long j = 0; j < rowLength; j++) {
                        out.put(written, source, (int) ((base + j * rowStride) * es), es);
                        written += es;
                    }
                }
                int d = index.length - 1;
                while (d >= 0 && ++index[d] == size[d]) {
                    index[d] = 0;
                    d--;
                }
                if (d < 0) {
                    return;
                }
            }
        }

        private void swapBytes(ByteBuffer out) {
            int es = (int) elementSize;
            for (int at = 0; at < out.capacity(); at += es) {
                for (int i = 0; i < es / 2; i++) {
                    byte a = out.get(at + i);
                    out.put(at + i, out.get(at + es - 1 - i));
                    out.put(at + es - 1 - i, a);
                }
            }
        }
    }
}
