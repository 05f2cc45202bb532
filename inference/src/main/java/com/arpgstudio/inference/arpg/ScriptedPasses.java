package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import com.arpgstudio.inference.runtime.TorchScripts;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast path of {@link ArpgModel#forward} and of the {@link Generator}'s steps: the feed and
 * query passes, or a whole step (feed, query, sampling), each run as one call of a TorchScript
 * module ({@code ArpgPasses.torchscript}, compiled by libtorch when the model loads), so a step
 * crosses into native code once instead of some 1,100 times, and the per-operation overhead of
 * the op-by-op path ({@link ArpgModel#forwardOpByOp} and {@link Sampler}, which stay the
 * reference it is tested against) goes away.
 *
 * <p>The module holds no weights: the weight views of {@link ArpgWeights}, by name (a dict for the
 * model's, one per block), and the array of a {@link KvCache} are passed in and the cache is
 * written in place. The script declares the names it reads ({@code weight_names}); binding
 * checks that exactly those are given, so the two sides cannot drift apart silently.
 */
final class ScriptedPasses implements AutoCloseable {

    static final String SOURCE = "ArpgPasses.torchscript";
    /** {@code -Darpg.scriptOptimize=true} turns TorchScript's profiling, fusing executor on (off by default). */
    private static final boolean OPTIMIZE = Boolean.getBoolean("arpg.scriptOptimize");

    /**
     * What a step samples with (see {@link Generator}): everything but the logits, and where it
     * writes how sure it was.
     *
     * @param confidence (2, B, N) float32, written in place: each step puts its tokens'
     *                   probabilities and entropies ({@link Sampler#confidence}) at
     *                   {@code [:, :, done : done + count]}
     */
    record Sampling(NDArray uniforms, int codeLimit, SamplingSettings settings, long maxElements,
                    NDArray confidence) {}

    /**
     * What a step of a padded batch (rows of different lengths, see {@link Generator}) adds.
     *
     * @param valid  (P, capacity) boolean: the cache slots of each row that hold its tokens; the
     *               others (padding, dummy queries' tokens) are never attended to
     * @param scales null when unguided; else (B, 1) float32, each row's guidance scale this step
     */
    record Padding(NDArray valid, NDArray scales) {}

    private final ArpgConfig config;
    private final PtSymbolBlock module;
    private final NDArray signs;
    /** The script's first three arguments: the model's weights, then the self blocks' and the cross blocks'. */
    private final IValue[] weights;

    private ScriptedPasses(ArpgConfig config, PtSymbolBlock module, NDArray signs, IValue[] weights) {
        this.config = config;
        this.module = module;
        this.signs = signs;
        this.weights = weights;
    }

    /**
     * Compiles the passes and binds them to {@code weights} (whose manager must stay open while this lives).
     *
     * @param attention the kernel for attention without a mask, null for the default ({@link AttentionKernel#on})
     */
    static ScriptedPasses compile(ArpgConfig config, ArpgWeights weights, Rope2d rope, NDManager manager,
            AttentionKernel attention) {
        // [[1], [-1]]: RMSNorm is the layer norm of x and -x side by side, made by one broadcast multiply
        NDArray signs = ArpgWeights.converted(manager.create(new float[] {1, -1}, new Shape(2, 1)), weights.dataType());
        Map<String, NDArray> model = new LinkedHashMap<>();
        model.put("embeddings", weights.embeddings());
        model.put("rope", rope.pairTable());
        model.put("context_kv", weights.contextKv());
        model.put("head", weights.head());
        model.put("signs", signs);
        List<Map<String, NDArray>> selfBlocks = weights.selfLayers().stream().map(ScriptedPasses::byName).toList();
        List<Map<String, NDArray>> crossBlocks = weights.crossLayers().stream().map(ScriptedPasses::byName).toList();
        AttentionKernel kernel = AttentionKernel.on(attention, manager.getDevice(), weights.dataType());
        PtSymbolBlock module = TorchScripts.load((PtNDManager) manager, ScriptedPasses.class, SOURCE, "ArpgPasses",
                kernel.attributes(AttentionKernel.efficientFromProperty()));
        try {
            checkNames(TorchScripts.weightNames(module), model.keySet(), selfBlocks.get(0).keySet(),
                    crossBlocks.get(0).keySet());
        } catch (RuntimeException e) {
            module.close();
            signs.close();
            throw e;
        }
        IValue[] bound = {TorchScripts.dict(model), TorchScripts.dicts(selfBlocks),
                TorchScripts.dicts(crossBlocks)};
        return new ScriptedPasses(config, module, signs, bound);
    }

    /**
     * A block's weights named as its record's components ({@code qkv}, {@code proj}, ...): a weight
     * added to {@link ArpgWeights.SelfLayer} or {@link ArpgWeights.CrossLayer} reaches the script
     * under its own name, and {@link #checkNames} refuses it until the script declares it.
     */
    static Map<String, NDArray> byName(Record layer) {
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (RecordComponent component : layer.getClass().getRecordComponents()) {
            try {
                named.put(component.getName(), (NDArray) component.getAccessor().invoke(layer));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the weight " + component.getName(), e);
            }
        }
        return named;
    }

    /**
     * Checks that the weights bound are exactly those the script declares, group by group.
     *
     * @throws IllegalStateException naming each missing and each extra weight
     */
    static void checkNames(Map<String, List<String>> declared, Set<String> model, Set<String> selfBlock,
            Set<String> crossBlock) {
        Map<String, Set<String>> given = Map.of("model", model, "self_blocks", selfBlock, "cross_blocks", crossBlock);
        List<String> problems = new ArrayList<>();
        for (String group : List.of("model", "self_blocks", "cross_blocks")) {
            for (String problem : TorchScripts.nameMismatch(declared.getOrDefault(group, List.of()), given.get(group))) {
                problems.add(group + " " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(SOURCE + " and ScriptedPasses disagree on the weights: "
                    + String.join("; ", problems));
        }
    }

    /**
     * Feeds {@code tokens} (B, T) at RoPE rows {@code rows} (B, T) into slots {@code [start, start + T)}
     * of every cache layer; with {@code causal}, fed token i sees slots up to start + i, else all.
     *
     * @param valid null, or (B, capacity) boolean: the slots of each row that hold its tokens (a
     *              batch of rows of different lengths, padded); the others are never attended to
     */
    void feed(KvCache cache, NDArray tokens, NDArray rows, int start, boolean causal, NDArray valid) {
        run("feed", null, IValue.from((PtNDArray) cache.slots()), IValue.from((PtNDArray) tokens),
                IValue.from((PtNDArray) rows), IValue.from(start), IValue.from(causal), IValue.from(config.normEps()),
                IValue.from((PtNDArray) (valid != null ? valid : cache.slots())), IValue.from(valid != null));
    }

    /**
     * Predicts the positions at RoPE rows {@code rows} (B, Q) from the first {@code length} cached
     * slots; with {@code causal}, query i sees slots up to length - Q + i.
     *
     * @param guidance null for plain logits; else rows [0, B/2) are conditional, [B/2, B)
     *                 unconditional, and the result is their guided combination with this scale
     * @param valid    null, or (B, capacity) boolean: the slots of each row that hold its tokens
     * @return (B, Q, V) or, guided, (B/2, Q, V) float32 logits, on the manager of {@code rows}
     */
    NDArray query(KvCache cache, NDArray rows, int length, boolean causal, Double guidance, NDArray valid) {
        return run("query", rows.getManager(), IValue.from((PtNDArray) cache.slots()),
                IValue.from(config.maskTokenId()), IValue.from((PtNDArray) rows), IValue.from(length),
                IValue.from(causal), IValue.from(config.normEps()), IValue.from(guidance != null),
                IValue.from(guidance != null ? guidance : 1.0),
                IValue.from((PtNDArray) (valid != null ? valid : cache.slots())), IValue.from(valid != null),
                IValue.from((PtNDArray) cache.slots()), IValue.from(false));
    }

    /**
     * One generation step in one call: feeds {@code tokens} (P, T) at RoPE rows
     * {@code tokenRows[:, rowsOffset : rowsOffset + T]} into slots {@code [start, start + T)}
     * (causally if asked), queries RoPE rows {@code queryRows[:, done : done + count]} and samples
     * them as {@link Generator#sampleInChunks} would, with {@code uniforms[:, done : done + count]};
     * writes their probabilities and entropies into {@code confidence[:, :, done : done + count]}.
     *
     * @param guidance null for unguided; else the scale, rows [0, P/2) being conditional (a
     *                 padded batch's rows take theirs from {@code padding})
     * @param padding  null for a batch of equal rows
     * @return (P, count) int64 tokens ready to feed back (guided: the P/2 sampled rows twice), on
     *         the manager of {@code queryRows}
     */
    NDArray step(KvCache cache, NDArray tokens, NDArray tokenRows, int rowsOffset, int start, boolean causal,
            NDArray queryRows, int done, int count, Double guidance, Sampling sampling, Padding padding) {
        SamplingSettings settings = sampling.settings();
        double divisor = Sampler.temperatureDivisor(settings.temperature());
        NDArray valid = padding != null ? padding.valid() : null;
        NDArray scales = padding != null ? padding.scales() : null;
        return run("step", queryRows.getManager(), IValue.from((PtNDArray) cache.slots()),
                IValue.from((PtNDArray) tokens), IValue.from((PtNDArray) tokenRows), IValue.from(rowsOffset),
                IValue.from(start), IValue.from(causal), IValue.from((PtNDArray) queryRows), IValue.from(done),
                IValue.from(count), IValue.from(config.maskTokenId()), IValue.from(config.normEps()),
                IValue.from(guidance != null), IValue.from(guidance != null ? guidance : 1.0),
                IValue.from((PtNDArray) sampling.uniforms()), IValue.from(sampling.codeLimit()), IValue.from(divisor),
                IValue.from(settings.topK()), IValue.from(settings.topP()), IValue.from(sampling.maxElements()),
                IValue.from((PtNDArray) sampling.confidence()),
                IValue.from((PtNDArray) (valid != null ? valid : cache.slots())), IValue.from(valid != null),
                IValue.from((PtNDArray) (scales != null ? scales : cache.slots())), IValue.from(scales != null));
    }

    /** Runs a method; its tensor result is attached to {@code resultManager}, a null result when that is null. */
    private NDArray run(String method, NDManager resultManager, IValue... arguments) {
        IValue[] all = new IValue[weights.length + arguments.length];
        System.arraycopy(weights, 0, all, 0, weights.length);
        System.arraycopy(arguments, 0, all, weights.length, arguments.length);
        try {
            // TorchScript's optimising executor would re-profile for every new step shape; the
            // flag is per thread, so it is set on the calling one.
            JniUtils.setGraphExecutorOptimize(OPTIMIZE);
            try (IValue result = IValueUtils.runMethod(module, method, all)) {
                return resultManager == null ? null : result.toTensor((PtNDManager) resultManager);
            }
        } finally {
            for (IValue argument : arguments) {
                argument.close();
            }
        }
    }

    @Override
    public void close() {
        for (IValue bound : weights) {
            bound.close();
        }
        signs.close();
        module.close();
    }
}
