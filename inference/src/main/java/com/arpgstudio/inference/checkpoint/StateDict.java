package com.arpgstudio.inference.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named tensors of one checkpoint, in file order. Tensors are read lazily, so opening a
 * multi-gigabyte file costs only its header.
 */
public final class StateDict {

    /**
     * A global a PyTorch file's pickle names beyond the tensor machinery it is read with, and
     * whether it became inert data (a placeholder of an allowed class) or was only named. A file
     * that used any other global was refused, so these are all there are.
     */
    public record ForeignGlobal(String name, boolean inertData) {}

    private final Path source;
    private final Map<String, StoredTensor> tensors;
    private final List<String> sections;
    private final List<ForeignGlobal> foreignGlobals;

    public StateDict(Path source, Map<String, StoredTensor> tensors) {
        this(source, tensors, List.of(), List.of());
    }

    /**
     * @param sections       the top-level keys of a PyTorch file whose values are dicts (model,
     *                       ema, optimizer...), in file order; empty for a bare state dict
     * @param foreignGlobals see {@link ForeignGlobal}, in order of first mention
     */
    public StateDict(Path source, Map<String, StoredTensor> tensors, List<String> sections,
                     List<ForeignGlobal> foreignGlobals) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.sections = List.copyOf(sections);
        this.foreignGlobals = List.copyOf(foreignGlobals);
    }

    /**
     * Opens a checkpoint of any supported format (safetensors, PyTorch zip or legacy), detected by
     * content. A PyTorch file's state dict is unwrapped from {@code state_dict}, {@code model} or
     * {@code module} as needed.
     */
    public static StateDict open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a checkpoint, taking a PyTorch file's state dict from the top-level entry
     * {@code section} (such as {@code "ema"}); null unwraps as {@link #open(Path)} does.
     * Safetensors files hold one flat state dict, so a section is an error for them.
     */
    public static StateDict open(Path file, String section) throws IOException {
        CheckpointFormat format = CheckpointFormat.detect(file);
        return switch (format) {
            case TORCH_ZIP -> TorchCheckpointReader.readZip(file, section);
            case TORCH_LEGACY -> TorchCheckpointReader.readLegacy(file, section);
            case SAFETENSORS -> {
                if (section != null) {
                    throw new CheckpointException(file + ": a safetensors file has no sections; cannot take '"
                            + section + "' from it");
                }
                yield SafetensorsReader.read(file);
            }
        };
    }

    public Path source() {
        return source;
    }

    /** The sections of a PyTorch training checkpoint one may ask for (model, ema...); empty for others. */
    public List<String> sections() {
        return sections;
    }

    /** What else the file's pickle names (empty for safetensors). */
    public List<ForeignGlobal> foreignGlobals() {
        return foreignGlobals;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor of that name; a missing key is an error naming it and the file. */
    public StoredTensor get(String name) throws CheckpointException {
        StoredTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException("missing key '" + name + "' in " + source);
        }
        return tensor;
    }

    /** The tensor of that name, checked to have exactly the expected shape. */
    public StoredTensor get(String name, long... expectedShape) throws CheckpointException {
        StoredTensor tensor = get(name);
        if (!Arrays.equals(tensor.shape(), expectedShape)) {
            throw new CheckpointException("key '" + name + "': expected shape "
                    + Arrays.toString(expectedShape) + ", found " + Arrays.toString(tensor.shape()));
        }
        return tensor;
    }
}
