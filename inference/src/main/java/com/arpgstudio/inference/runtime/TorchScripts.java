package com.arpgstudio.inference.runtime;

import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads a TorchScript module from its source, a resource of this project, without Python: writes
 * the archive {@code torch.jit.save} would (the source, the pickled module object, constants,
 * version) to a temporary file and has libtorch compile it. The modules hold no parameters; their
 * methods take the weights as tensor lists, and the object carries only boolean and int attributes.
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
