package com.arpgstudio.inference.arpg;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import com.arpgstudio.inference.runtime.TorchScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link ArpgModel#forward} and of the {@link Generator}'s steps: the feed and
 * query passes, or a whole step (feed, query, sampling), each run as one call of a TorchScript
 * module ({@code ArpgPasses.torchscript}, compiled by libtorch when the model loads), so a step
 * crosses into native code once instead of some 1,100 times, and the per-operation overhead of
 * the op-by-op path ({@link ArpgModel#forwardOpByOp} and {@link Sampler}, which stay the
 * reference it is tested against) goes away.
 *
 * <p>The module holds no weights: the weight views of {@link ArpgWeights} and the array of a
 * {@link KvCache} are passed in and the cache is written in place.
 */
final class ScriptedPasses implements AutoCloseable {

    private static final String SOURCE = "ArpgPasses.torchscript";
    /** {@code -Darpg.scriptOptimize=true} turns TorchScript's profiling, fusing executor on (off by default). */
    private static final boolean OPTIMIZE = Boolean.getBoolean("arpg.scriptOptimize");

    /** What a step samples with (see {@link Generator}): everything but the logits. */
    record Sampling(NDArray uniforms, int codeLimit, GenerationSettings settings, long maxElements) {}

    private final ArpgConfig config;
    private final PtSymbolBlock module;
    private final NDArray signs;
    private final IValue weightList;

    private ScriptedPasses(ArpgConfig config, PtSymbolBlock module, NDArray signs, IValue weightList) {
        this.config = config;
        this.module = module;
        this.signs = signs;
        this.weightList = weightList;
    }

    /** Compiles the passes and binds them to {@code weights} (whose manager must stay open while this lives). */
    static ScriptedPasses compile(ArpgConfig config, ArpgWeights weights, Rope2d rope, NDManager manager) {
        // [[1], [-1]]: RMSNorm is the layer norm of x and -x side by side, made by one broadcast multiply
        NDArray signs = ArpgWeights.converted(manager.create(new float[] {1, -1}, new Shape(2, 1)), weights.dataType());
        List<NDArray> tensors = new ArrayList<>(List.of(weights.embeddings(), rope.pairTable(), weights.contextKv(),
                weights.head(), signs));
        for (ArpgWeights.SelfLayer layer : weights.selfLayers()) {
            tensors.addAll(List.of(layer.qkv(), layer.proj(), layer.w13(), layer.w2()));
        }
        for (ArpgWeights.CrossLayer layer : weights.crossLayers()) {
            tensors.addAll(List.of(layer.q(), layer.proj(), layer.w13(), layer.w2()));
        }
        PtSymbolBlock module = TorchScripts.load((PtNDManager) manager, ScriptedPasses.class, SOURCE, "ArpgPasses",
                Map.of("flash", hasFlashAttention(manager.getDevice())));
        return new ScriptedPasses(config, module, signs, IValue.listFrom(tensors.toArray(PtNDArray[]::new)));
    }

    /**
     * Feeds {@code tokens} (B, T) at RoPE rows {@code rows} (B, T) into slots {@code [start, start + T)}
     * of every cache layer; with {@code causal}, fed token i sees slots up to start + i, else all.
     */
    void feed(KvCache cache, NDArray tokens, NDArray rows, int start, boolean causal) {
        run("feed", null, weightList, IValue.from((PtNDArray) cache.slots()), IValue.from((PtNDArray) tokens),
                IValue.from((PtNDArray) rows), IValue.from(start), IValue.from(causal), IValue.from(config.normEps()));
    }

    /**
     * Predicts the positions at RoPE rows {@code rows} (B, Q) from the first {@code length} cached
     * slots; with {@code causal}, query i sees slots up to length - Q + i.
     *
     * @param guidance null for plain logits; else rows [0, B/2) are conditional, [B/2, B)
     *                 unconditional, and the result is their guided combination with this scale
     * @return (B, Q, V) or, guided, (B/2, Q, V) float32 logits, on the manager of {@code rows}
     */
    NDArray query(KvCache cache, NDArray rows, int length, boolean causal, Double guidance) {
        return run("query", rows.getManager(), weightList, IValue.from((PtNDArray) cache.slots()),
                IValue.from(config.maskTokenId()), IValue.from((PtNDArray) rows), IValue.from(length),
                IValue.from(causal), IValue.from(config.normEps()), IValue.from(guidance != null),
                IValue.from(guidance != null ? guidance : 1.0));
    }

    /**
     * One generation step in one call: feeds {@code tokens} (P, T) at RoPE rows
     * {@code tokenRows[:, rowsOffset : rowsOffset + T]} into slots {@code [start, start + T)}
     * (causally if asked), queries RoPE rows {@code queryRows[:, done : done + count]} and samples
     * them as {@link Generator#sampleInChunks} would, with {@code uniforms[:, done : done + count]}.
     *
     * @param guidance null for unguided; else the scale, rows [0, P/2) being conditional
     * @return (P, count) int64 tokens ready to feed back (guided: the P/2 sampled rows twice), on
     *         the manager of {@code queryRows}
     */
    NDArray step(KvCache cache, NDArray tokens, NDArray tokenRows, int rowsOffset, int start, boolean causal,
            NDArray queryRows, int done, int count, Double guidance, Sampling sampling) {
        GenerationSettings settings = sampling.settings();
        double divisor = Sampler.temperatureDivisor(settings.temperature());
        return run("step", queryRows.getManager(), weightList, IValue.from((PtNDArray) cache.slots()),
                IValue.from((PtNDArray) tokens), IValue.from((PtNDArray) tokenRows), IValue.from(rowsOffset),
                IValue.from(start), IValue.from(causal), IValue.from((PtNDArray) queryRows), IValue.from(done),
                IValue.from(count), IValue.from(config.maskTokenId()), IValue.from(config.normEps()),
                IValue.from(guidance != null), IValue.from(guidance != null ? guidance : 1.0),
                IValue.from((PtNDArray) sampling.uniforms()), IValue.from(sampling.codeLimit()), IValue.from(divisor),
                IValue.from(settings.topK()), IValue.from(settings.topP()), IValue.from(sampling.maxElements()));
    }

    /** Runs a method; its tensor result is attached to {@code resultManager}, a null result when that is null. */
    private NDArray run(String method, NDManager resultManager, IValue... arguments) {
        try {
            // TorchScript's optimising executor would re-profile for every new step shape; the
            // flag is per thread, so it is set on the calling one.
            JniUtils.setGraphExecutorOptimize(OPTIMIZE);
            try (IValue result = IValueUtils.runMethod(module, method, arguments)) {
                return resultManager == null ? null : result.toTensor((PtNDManager) resultManager);
            }
        } finally {
            for (int i = 1; i < arguments.length; i++) {
                arguments[i].close();
            }
        }
    }

    /** Whether libtorch's flash attention kernels run on {@code device}: a CUDA GPU of compute capability 8.0 or newer. */
    private static boolean hasFlashAttention(Device device) {
        if (!device.isGpu()) {
            return false;
        }
        String capability = CudaUtils.getComputeCapability(device.getDeviceId());   // "90" for 9.0
        return capability.matches("\\d+") && Integer.parseInt(capability) >= 80;
    }

    @Override
    public void close() {
        weightList.close();
        signs.close();
        module.close();
    }
}
