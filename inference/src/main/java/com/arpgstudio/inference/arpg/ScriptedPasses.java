package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The fast path of {@link ArpgModel#forward}: the feed and query passes each run as one call of a
 * TorchScript module ({@code ArpgPasses.torchscript}, compiled by libtorch when the model loads),
 * so a step crosses into native code a handful of times instead of some 1,100 times, and the
 * per-operation overhead of the op-by-op path ({@link ArpgModel#forwardOpByOp}, which stays the
 * reference it is tested against) goes away.
 *
 * <p>The module holds no weights: the weight views of {@link ArpgWeights} and the arrays of a
 * {@link KvCache} are passed in as tensor lists and the cache is written in place.
 */
final class ScriptedPasses implements AutoCloseable {

    private static final String SOURCE = "ArpgPasses.torchscript";
    /** {@code -Darpg.scriptOptimize=true} turns TorchScript's profiling, fusing executor on (off by default). */
    private static final boolean OPTIMIZE = Boolean.getBoolean("arpg.scriptOptimize");

    private final ArpgConfig config;
    private final PtSymbolBlock module;
    private final IValue weightList;

    private ScriptedPasses(ArpgConfig config, PtSymbolBlock module, IValue weightList) {
        this.config = config;
        this.module = module;
        this.weightList = weightList;
    }

    /** Compiles the passes and binds them to {@code weights} (whose manager must stay open while this lives). */
    static ScriptedPasses compile(ArpgConfig config, ArpgWeights weights, Rope2d rope, NDManager manager) {
        List<NDArray> tensors = new ArrayList<>(List.of(weights.embeddings(), rope.cosTable(), rope.sinTable(),
                weights.contextKv(), weights.head()));
        for (ArpgWeights.SelfLayer layer : weights.selfLayers()) {
            tensors.addAll(List.of(layer.qkv(), layer.proj(), layer.w13(), layer.w2()));
        }
        for (ArpgWeights.CrossLayer layer : weights.crossLayers()) {
            tensors.addAll(List.of(layer.q(), layer.proj(), layer.w13(), layer.w2()));
        }
        PtSymbolBlock module = load((PtNDManager) manager);
        return new ScriptedPasses(config, module, IValue.listFrom(tensors.toArray(PtNDArray[]::new)));
    }

    /**
     * Feeds {@code tokens} (B, T) at RoPE rows {@code rows} (B, T) into slots {@code [start, start + T)}
     * of every cache layer; with {@code causal}, fed token i sees slots up to start + i, else all.
     */
    void feed(KvCache cache, NDArray tokens, NDArray rows, int start, boolean causal) {
        run("feed", cache, tokens, rows, start, causal).close();
    }

    /**
     * Predicts the positions at RoPE rows {@code rows} (B, Q) from the first {@code length} cached
     * slots; with {@code causal}, query i sees slots up to length - Q + i.
     *
     * @param maskIds (B, Q) int64 filled with the [MASK] token id
     * @param guidance null for plain logits; else rows [0, B/2) are conditional, [B/2, B)
     *                 unconditional, and the result is their guided combination with this scale
     * @return (B, Q, V) or, guided, (B/2, Q, V) float32 logits, on the manager of {@code rows}
     */
    NDArray query(KvCache cache, NDArray maskIds, NDArray rows, int length, boolean causal, Double guidance) {
        return run("query", cache, maskIds, rows, length, causal, IValue.from(guidance != null),
                IValue.from(guidance != null ? guidance : 1.0));
    }

    private NDArray run(String method, KvCache cache, NDArray ids, NDArray rows, int offset, boolean causal,
            IValue... extra) {
        List<IValue> list = new ArrayList<>(List.of(weightList, IValue.listFrom(cache.arrays().toArray(PtNDArray[]::new)),
                IValue.from((PtNDArray) ids), IValue.from((PtNDArray) rows), IValue.from(offset),
                IValue.from(causal), IValue.from(config.nHead()), IValue.from(config.normEps())));
        list.addAll(List.of(extra));
        IValue[] arguments = list.toArray(IValue[]::new);
        try {
            // TorchScript's optimising executor would re-profile for every new step shape; the
            // flag is per thread, so it is set on the calling one.
            JniUtils.setGraphExecutorOptimize(OPTIMIZE);
            try (IValue result = IValueUtils.runMethod(module, method, arguments)) {
                return result.toTensor((PtNDManager) rows.getManager());
            }
        } finally {
            for (int i = 1; i < arguments.length; i++) {
                arguments[i].close();
            }
        }
    }

    /** Writes the TorchScript archive libtorch expects (source, object pickle, constants, version) and loads it. */
    private static PtSymbolBlock load(PtNDManager manager) {
        try {
            Path archive = Files.createTempFile("arpg-passes", ".pt");
            try {
                Files.write(archive, archive(source()));
                return JniUtils.loadModule(manager, archive, true, new String[0], new String[0], false);
            } finally {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the TorchScript passes to a temporary file", e);
        }
    }

    private static byte[] source() throws IOException {
        try (InputStream in = ScriptedPasses.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + SOURCE);
            }
            return in.readAllBytes();
        }
    }

    /**
     * The zip layout of {@code torch.jit.save} for a module of class {@code __torch__.ArpgPasses}
     * with no parameters: code/__torch__.py (its source), data.pkl (the module object, in eval
     * mode), constants.pkl (an empty tuple) and version. Entries are stored, not compressed.
     */
    static byte[] archive(byte[] source) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});                       // PROTO 2, GLOBAL
        pickle.writeBytes("__torch__\nArpgPasses\n".getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0}); // (), NEWOBJ, {, MARK, "training"
        pickle.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
        pickle.writeBytes(new byte[] {(byte) 0x89, 'u', 'b', '.'});                 // False, SETITEMS, BUILD, STOP
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            store(out, "arpg_passes/data.pkl", pickle.toByteArray());
            store(out, "arpg_passes/code/__torch__.py", source);
            store(out, "arpg_passes/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            store(out, "arpg_passes/version", "3\n".getBytes(StandardCharsets.US_ASCII));
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

    @Override
    public void close() {
        weightList.close();
        module.close();
    }
}
