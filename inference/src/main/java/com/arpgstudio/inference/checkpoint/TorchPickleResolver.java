package com.arpgstudio.inference.checkpoint;

import com.arpgstudio.inference.checkpoint.Pickle.Bytes;
import com.arpgstudio.inference.checkpoint.Pickle.DictKey;
import com.arpgstudio.inference.checkpoint.Pickle.Global;
import com.arpgstudio.inference.checkpoint.Pickle.Placeholder;
import com.arpgstudio.inference.checkpoint.Pickle.PyDict;
import com.arpgstudio.inference.checkpoint.Pickle.PySet;
import com.arpgstudio.inference.checkpoint.Pickle.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safety policy of torch.save pickles, in the spirit of {@code torch.load(weights_only=True)},
 * as one rule: a pickle may name any global, but it may use (call by REDUCE, instantiate by NEWOBJ
 * or NEWOBJ_EX) only the globals of {@link #INTERPRETED} and {@link #INERT_DATA}; using any other
 * refuses the whole file. The interpreted ones (the tensor and parameter rebuilders, OrderedDict,
 * torch.Size, set, bytes) are carried out here in Java; the inert-data ones (a training
 * checkpoint's argparse.Namespace, numpy arrays, scalars and dtypes, torch.device) become
 * {@link Placeholder}s that keep their class name, arguments and state as data. Nothing a file
 * names is ever looked up as code. Persistent ids become lazy {@link TorchStorage} references of
 * the storage types of {@link #STORAGE_TYPES}: no storage is read here.
 */
final class TorchPickleResolver implements RestrictedUnpickler.Resolver {

    /** A storage named by a persistent id; its bytes are located later and read only if used. */
    record TorchStorage(String key, String typeName, DType dtype, long numel) {}

    /** {@code storage[offset:]} viewed with a size and stride (in elements), as _rebuild_tensor_v2 gets them. */
    record TorchTensor(TorchStorage storage, long offset, long[] size, long[] stride) {
        @Override
        public String toString() {
            return "tensor" + Arrays.toString(size);
        }
    }

    private static final Map<String, DType> STORAGE_TYPES = Map.of(
            "FloatStorage", DType.F32,
            "HalfStorage", DType.F16,
            "BFloat16Storage", DType.BF16,
            "LongStorage", DType.I64,
            "IntStorage", DType.I32,
            "ByteStorage", DType.U8,
            "BoolStorage", DType.BOOL);

    /** The callables carried out in Java (see {@link #call}). */
    static final Set<String> INTERPRETED = Set.of(
            "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state",
            "torch._tensor._rebuild_from_type_v2",
            "collections.OrderedDict",
            "torch.Size",
            "builtins.set",
            "builtins.frozenset",
            "__builtin__.set",
            "__builtin__.frozenset",
            "_codecs.encode");

    /** Classes and constructors that only describe data; using one makes a placeholder and runs nothing. */
    static final Set<String> INERT_DATA = Set.of(
            "argparse.Namespace",
            "torch.device",
            "numpy.dtype",
            "numpy.ndarray",
            "numpy.core.multiarray._reconstruct",
            "numpy._core.multiarray._reconstruct",
            "numpy.core.multiarray.scalar",
            "numpy._core.multiarray.scalar");

    /** Whether a global is part of the tensor machinery above (and so not foreign to a checkpoint). */
    static boolean isTorchMachinery(String global) {
        return INTERPRETED.contains(global)
                || global.startsWith("torch.") && STORAGE_TYPES.containsKey(global.substring("torch.".length()));
    }

    static final long MAX_COPIED_ITEMS = 1L << 20;
    /** torch.save names storages by small decimal numbers; a long key is only there to slow lookups. */
    static final int MAX_STORAGE_KEY_CHARS = 256;

    private final Path file;
    private long copied;
    private final Map<String, TorchStorage> storages = new LinkedHashMap<>();

    TorchPickleResolver(Path file) {
        this.file = file;
    }

    /** Every storage the pickle named, by key. */
    Map<String, TorchStorage> storages() {
        return storages;
    }

    @Override
    public Object persistentLoad(Object pid) throws CheckpointException {
        // zip format: ('storage', storage_type, key, location, numel)
        // legacy format adds view_metadata, which must be None
        if (!(pid instanceof Tuple t) || (t.size() != 5 && t.size() != 6) || !"storage".equals(t.get(0))) {
            throw new CheckpointException(file + ": unexpected persistent id " + Pickle.describe(pid)
                    + ", expected ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof Global type) || !(t.get(2) instanceof String key)
                || !(t.get(4) instanceof Long numel) || numel < 0) {
            throw new CheckpointException(file + ": malformed storage persistent id with key "
                    + Pickle.describe(t.get(2)));
        }
        if (key.length() > MAX_STORAGE_KEY_CHARS) {
            throw new CheckpointException(file + ": a storage key of " + key.length() + " characters (at most "
                    + MAX_STORAGE_KEY_CHARS + ")");
        }
        chargeCopy(1 + key.length());
        if (t.size() == 6 && t.get(5) != null) {
            throw new CheckpointException(file + ": storage '" + key + "' is a legacy storage view, which is not supported");
        }
        DType dtype = "torch".equals(type.module()) ? STORAGE_TYPES.get(type.name()) : null;
        TorchStorage storage = new TorchStorage(key, type.toString(), dtype, numel);
        TorchStorage earlier = storages.putIfAbsent(key, storage);
        if (earlier != null && !earlier.equals(storage)) {
            throw new CheckpointException(file + ": storage '" + key + "' is declared twice with different types or sizes");
        }
        return earlier != null ? earlier : storage;
    }

    @Override
    public Object call(Global callable, Tuple args) throws CheckpointException {
        String name = callable.toString();
        switch (name) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (args.size() < 4 || !(args.get(0) instanceof TorchStorage storage)) {
                    throw new CheckpointException(file + ": " + name + " expects (storage, offset, size, stride, ...), found "
                            + Pickle.describe(args));
                }
                return new TorchTensor(storage, nonNegative(args.get(1), "storage offset"),
                        dims(args.get(2), "size"), dims(args.get(3), "stride"));
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                // _rebuild_parameter(data, requires_grad, backward_hooks): the Parameter holds data
                if (args.size() < 1 || !(args.get(0) instanceof TorchTensor tensor)) {
                    throw new CheckpointException(file + ": " + name + " expects a tensor, found " + Pickle.describe(args));
                }
                return tensor;
            }
            case "torch._tensor._rebuild_from_type_v2" -> {
                // _rebuild_from_type_v2(func, new_type, args, state): func(*args), then the subclass is dropped
                if (args.size() < 3 || !(args.get(0) instanceof Global inner) || !(args.get(2) instanceof Tuple innerArgs)
                        || !inner.toString().startsWith("torch._utils._rebuild_")) {
                    throw new CheckpointException(file + ": " + name + " expects (func, type, args, state), found "
                            + Pickle.describe(args));
                }
                return call(inner, innerArgs);
            }
            case "collections.OrderedDict" -> {
                PyDict dict = new PyDict();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    chargeCopy(pairs.size());
                    for (Object pair : pairs) {
                        if (!(pair instanceof Tuple p) || p.size() != 2) {
                            throw new CheckpointException(file + ": OrderedDict expects (key, value) pairs, found "
                                    + Pickle.describe(pair));
                        }
                        DictKey key = DictKey.of(p.get(0));
                        chargeCopy(key.cost());
                        dict.put(key, p.get(1));
                    }
                } else if (args.size() != 0) {
                    throw new CheckpointException(file + ": OrderedDict called with " + Pickle.describe(args));
                }
                return dict;
            }
            case "torch.Size" -> {
                if (args.size() != 1 || !(args.get(0) instanceof Tuple dims)) {
                    throw new CheckpointException(file + ": torch.Size expects a tuple, found " + Pickle.describe(args));
                }
                return dims;
            }
            case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset" -> {
                PySet set = new PySet();
                if (args.size() == 1 && args.get(0) instanceof List<?> items) {
                    chargeCopy(items.size());
                    set.items.addAll(items);
                } else if (args.size() != 0) {
                    throw new CheckpointException(file + ": " + name + " called with " + Pickle.describe(args));
                }
                return set;
            }
            case "_codecs.encode" -> {
                // how protocol 2 writes bytes: _codecs.encode(text, 'latin1')
                if (args.size() != 2 || !(args.get(0) instanceof String text)
                        || !(args.get(1) instanceof String encoding)
                        || !(encoding.equals("latin1") || encoding.equals("latin-1"))) {
                    throw new CheckpointException(file + ": _codecs.encode expects (str, 'latin1'), found "
                            + Pickle.describe(args));
                }
                return new Bytes(text.getBytes(StandardCharsets.ISO_8859_1));
            }
            default -> {
                if (INERT_DATA.contains(name)) {
                    return new Placeholder(callable, args);
                }
                throw refused("calls", callable);
            }
        }
    }

    @Override
    public Object instantiate(Global type, Object args) throws CheckpointException {
        if (INERT_DATA.contains(type.toString())) {
            return new Placeholder(type, args);
        }
        throw new CheckpointException(refused("instantiates", type).getMessage()
                + "; if it is a whole pickled model, save its state_dict() instead");
    }

    private CheckpointException refused(String use, Global global) {
        return new CheckpointException(file + " was refused: its pickle " + use + " " + global
                + ", which is not on the list of tensor rebuilders and inert data classes a checkpoint may use"
                + " (nothing was run)");
    }

    /**
     * Copies made by calls (items, and key characters hashed) are bounded in total, so a memoized
     * list passed again and again cannot take quadratic time.
     */
    private void chargeCopy(long items) throws CheckpointException {
        copied += items;
        if (copied > MAX_COPIED_ITEMS) {
            throw new CheckpointException(file + ": the pickle copies more than " + MAX_COPIED_ITEMS + " items in calls");
        }
    }

    private long nonNegative(Object value, String what) throws CheckpointException {
        if (!(value instanceof Long n) || n < 0) {
            throw new CheckpointException(file + ": tensor " + what + " " + Pickle.describe(value)
                    + ", expected a non-negative integer");
        }
        return n;
    }

    private long[] dims(Object value, String what) throws CheckpointException {
        if (!(value instanceof Tuple tuple)) {
            throw new CheckpointException(file + ": tensor " + what + " " + Pickle.describe(value) + ", expected a tuple");
        }
        if (tuple.size() > 64) {
            throw new CheckpointException(file + ": tensor " + what + " has " + tuple.size() + " dimensions, at most 64 allowed");
        }
        List<Long> out = new ArrayList<>();
        for (Object item : tuple.items) {
            out.add(nonNegative(item, what));
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
