package com.arpgstudio.inference.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads a TorchScript module from its source, a resource of this project, without Python: writes
 * the archive {@code torch.jit.save} would (the source, the pickled module object, constants,
 * version) to a temporary file and has libtorch compile it. The modules hold no parameters; their
 * methods take the weights by name (dicts of tensors), declare those names in a method
 * {@code weight_names}, and the object carries only boolean and int attributes.
 */
public final class TorchScripts {

    private TorchScripts() {}

    /**
     * Compiles the module class {@code className} defined in the resource {@code resource} beside
     * {@code owner}, in eval mode, with the given attributes (declared in the class): each a
     * {@link Boolean} or an {@link Integer}.
     */
    public static PtSymbolBlock load(PtNDManager manager, Class<?> owner, String resource, String className,
            Map<String, ?> attributes) {
        try {
            Path archive = Files.createTempFile("arpg-script", ".pt");
            try {
                Files.write(archive, archive(source(owner, resource), className, attributes));
                return JniUtils.loadModule(manager, archive, true, new String[0], new String[0], false);
            } finally {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the TorchScript module " + className + " to a temporary file", e);
        }
    }

    /**
     * The weight names a module's methods read, by group, as its {@code weight_names} method
     * returns them ({@code Dict[str, List[str]]}).
     */
    public static Map<String, List<String>> weightNames(PtSymbolBlock module) {
        try (IValue names = IValueUtils.runMethod(module, "weight_names")) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, IValue> group : names.toIValueMap().entrySet()) {
                List<String> listed = new ArrayList<>();
                try (IValue list = group.getValue()) {
                    for (IValue name : list.toIValueArray()) {
                        listed.add(name.toStringValue());
                        name.close();
                    }
                }
                out.put(group.getKey(), listed);
            }
            return out;
        }
    }

    /**
     * How the names given differ from those a script declares: empty when they are the same, else
     * {@code "lacks [..]"} and/or {@code "has [..] that the script does not read"}, sorted.
     */
    public static List<String> nameMismatch(Collection<String> declared, Set<String> given) {
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(given);
        Set<String> extra = new TreeSet<>(given);
        extra.removeAll(declared);
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("lacks " + missing);
        }
        if (!extra.isEmpty()) {
            problems.add("has " + extra + " that the script does not read");
        }
        return problems;
    }

    /** A {@code Dict[str, Tensor]} argument: the arrays by name (PyTorch arrays, not copied). */
    public static IValue dict(Map<String, NDArray> named) {
        Map<String, PtNDArray> tensors = new LinkedHashMap<>();
        named.forEach((name, array) -> tensors.put(name, (PtNDArray) array));
        return IValue.stringMapFrom(tensors);
    }

    /** A {@code List[Dict[str, Tensor]]} argument. */
    public static IValue dicts(List<Map<String, NDArray>> each) {
        IValue[] dicts = each.stream().map(TorchScripts::dict).toArray(IValue[]::new);
        try {
            return IValue.listFrom(dicts);
        } finally {
            for (IValue dict : dicts) {
                dict.close();
            }
        }
    }

    private static byte[] source(Class<?> owner, String resource) throws IOException {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    /**
     * The zip layout of {@code torch.jit.save} for a module of class {@code __torch__.<className>}
     * with no parameters: code/__torch__.py (its source), data.pkl (the module object: training
     * False, then the attributes), constants.pkl (an empty tuple) and version. Entries are stored.
     */
    private static byte[] archive(byte[] source, String className, Map<String, ?> attributes) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("training", false);
        state.putAll(attributes);
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});                       // PROTO 2, GLOBAL
        pickle.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {')', (byte) 0x81, '}', '('});               // (), NEWOBJ, {, MARK
        for (Map.Entry<String, Object> entry : state.entrySet()) {
            byte[] name = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            pickle.writeBytes(new byte[] {'X', (byte) name.length, 0, 0, 0});     // BINUNICODE
            pickle.writeBytes(name);
            if (entry.getValue() instanceof Boolean flag) {
                pickle.write(flag ? 0x88 : 0x89);                                 // NEWTRUE / NEWFALSE
            } else if (entry.getValue() instanceof Integer number) {
                pickle.write('J');                                                // BININT, little-endian
                pickle.writeBytes(new byte[] {(byte) (int) number, (byte) (number >> 8), (byte) (number >> 16),
                        (byte) (number >> 24)});
            } else {
                throw new IllegalArgumentException("attribute " + entry.getKey() + ": expected a Boolean or an Integer, found "
                        + entry.getValue());
            }
        }
        pickle.writeBytes(new byte[] {'u', 'b', '.'});                             // SETITEMS, BUILD, STOP
        String folder = className.toLowerCase(java.util.Locale.ROOT) + "/";
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            store(out, folder + "data.pkl", pickle.toByteArray());
            store(out, folder + "code/__torch__.py", source);
            store(out, folder + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            store(out, folder + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return zip.toByteArray();
    }

    private static void store(ZipOutputStream out, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }
}
