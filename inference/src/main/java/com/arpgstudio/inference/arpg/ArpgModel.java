package com.arpgstudio.inference.arpg;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.GraphCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ARPG transformer ({@code Transformer} of the official models/arpg.py) as forward passes
 * over a {@link KvCache}. One instance owns one {@link NDManager} holding the weights and the
 * RoPE tables; per-call arrays are created on the managers of the inputs and are the caller's to
 * release (the {@link Generator} scopes each step).
 *
 * <p>Precision: on CPU everything is FLOAT32; with FLOAT16 weights (the GPU setting) activations
 * are FLOAT16 while RMSNorm, softmax and the logits are computed in FLOAT32.
 */
public final class ArpgModel implements AutoCloseable {

    /** How {@link #forward} runs the blocks. */
    public enum Passes {
        /** Each pass as one TorchScript call ({@link ScriptedPasses}): the default. */
        SCRIPTED,
        /** One DJL call per tensor operation: the plain port, kept as the reference and for comparison. */
        OP_BY_OP
    }

    /** How the new tokens of a pass see each other. */
    public enum Mask {
        /** Every query sees every cached key: the official {@code generate()}. */
        NONE,
        /** Query i sees the keys cached before the pass and the pass's keys 0..i: the official training pass. */
        CAUSAL
    }

    private final ArpgConfig config;
    private final NDManager manager;
    private final ArpgWeights weights;
    private final Rope2d rope;
    private final List<SelfDecoderBlock> selfBlocks = new ArrayList<>();
    private final List<CrossDecoderBlock> crossBlocks = new ArrayList<>();
    private final ScriptedPasses scripted;
    private final StepGraphs graphs;
    private volatile Passes passes;

    private ArpgModel(ArpgConfig config, NDManager manager, ArpgWeights weights, AttentionKernel attention) {
        this.config = config;
        this.manager = manager;
        this.weights = weights;
        this.rope = new Rope2d(config, manager, weights.dataType());
        weights.selfLayers().forEach(layer -> selfBlocks.add(new SelfDecoderBlock(layer, config, rope)));
        weights.crossLayers().forEach(layer -> crossBlocks.add(new CrossDecoderBlock(layer, config, rope)));
        this.scripted = ScriptedPasses.compile(config, weights, rope, manager,
                attention != null ? attention : AttentionKernel.fromProperty());
        this.graphs = new StepGraphs(this, scripted, GraphCapture.fromProperty());
        this.passes = Passes.SCRIPTED;
    }

    /**
     * Loads a checkpoint (any format {@link StateDict#open} reads) with the config its shapes and
     * the {@code config.json} beside it (if any) give; see {@link ArpgConfig#fromWeights}.
     */
    public static ArpgModel load(Path checkpoint, Device device, DataType dataType) throws IOException {
        StateDict dict = StateDict.open(checkpoint);
        ArpgConfig config = ArpgConfig.fromWeights(dict, ModelConfigs.readConfigBeside(checkpoint));
        return load(dict, config, device, dataType);
    }

    /** Loads a checkpoint (any format {@link StateDict#open} reads) onto {@code device} as {@code dataType}. */
    public static ArpgModel load(Path checkpoint, ArpgConfig config, Device device, DataType dataType)
            throws IOException {
        return load(StateDict.open(checkpoint), config, device, dataType);
    }

    /** Loads the weights of a state dict onto {@code device} as {@code dataType} (FLOAT32 or FLOAT16). */
    public static ArpgModel load(StateDict dict, ArpgConfig config, Device device, DataType dataType)
            throws IOException {
        NDManager manager = DjlRuntime.newManager(device);
        try {
            return new ArpgModel(config, manager, ArpgWeights.load(dict, config, manager, dataType), null);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A model of the given shape with random weights, for benchmarks. */
    public static ArpgModel random(ArpgConfig config, Device device, DataType dataType) throws IOException {
        return random(config, device, dataType, null);
    }

    /** {@link #random(ArpgConfig, Device, DataType)} whose scripted passes attend with {@code attention} (null: the default). */
    static ArpgModel random(ArpgConfig config, Device device, DataType dataType, AttentionKernel attention)
            throws IOException {
        NDManager manager = DjlRuntime.newManager(device);
        try {
            return new ArpgModel(config, manager, ArpgWeights.random(config, manager, dataType), attention);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public ArpgConfig config() {
        return config;
    }

    /** Chooses how {@link #forward} runs (for benchmarks and comparisons); takes effect at the next pass. */
    public void usePasses(Passes passes) {
        this.passes = passes;
    }

    public Passes passes() {
        return passes;
    }

    /** Chooses when scripted steps on a GPU are captured as CUDA graphs (for benchmarks and comparisons); takes effect at the next generation. */
    public void useGraphCapture(GraphCapture capture) {
        graphs.usePolicy(capture);
    }

    /** The CUDA graphs of this model's generation steps. */
    StepGraphs stepGraphs() {
        return graphs;
    }

    /** The manager owning the weights; run-scoped managers are made as its sub-managers. */
    public NDManager manager() {
        return manager;
    }

    public DataType dataType() {
        return weights.dataType();
    }

    /** An empty cache for {@code batch} rows of up to {@code capacity} tokens, on {@code runManager}. */
    public KvCache newCache(NDManager runManager, int batch, int capacity) {
        return new KvCache(config, runManager, weights.dataType(), batch, capacity);
    }

    /**
     * One pass of the two-pass decoder ({@code forward_shared} with the caches enabled): feeds
     * {@code tokens} at RoPE rows {@code tokenRows} into the cache, then predicts the positions at
     * RoPE rows {@code queryRows} from everything cached.
     *
     * @param tokens (B, T) int64 token ids fed this pass (the class token first, on the first pass)
     * @param tokenRows (B, T) int64 their RoPE rows (0 for the class token, {@link Rope2d#row} for images)
     * @param queryRows (B, Q) int64 RoPE rows of the positions to predict
     * @param tokenMask how the fed tokens attend to each other in the self-decoder
     * @param queryMask whether query i sees only the context up to fed token i (needs Q == T)
     * @param cancellation checked between blocks; once cancelled the pass stops with a {@link CancelledException}
     * @return (B, Q, V) float32 logits
     */
    public NDArray forward(KvCache cache, NDArray tokens, NDArray tokenRows, NDArray queryRows,
            Mask tokenMask, Mask queryMask, Cancellation cancellation) {
        return pass(cache, tokens, tokenRows, queryRows, tokenMask, queryMask, null, null, cancellation);
    }

    /**
     * {@link #forward} over a batch of rows of different lengths, padded to the longest: only the
     * cache slots {@code valid} marks for a row are attended to, by its fed tokens and its queries
     * (the padding's own outputs are the caller's to ignore).
     *
     * @param valid (B, cache capacity) boolean: true where a row's slot holds one of its tokens
     */
    public NDArray forwardPadded(KvCache cache, NDArray tokens, NDArray tokenRows, NDArray queryRows,
            Mask tokenMask, NDArray valid, Cancellation cancellation) {
        return pass(cache, tokens, tokenRows, queryRows, tokenMask, Mask.NONE, null, valid, cancellation);
    }

    /**
     * {@link #forward} for a guided batch: rows {@code [0, B)} of the inputs are conditional and
     * {@code [B, 2B)} their null-class twins; returns the (B, Q, V) float32 guided logits
     * {@code uncond + (cond - uncond) * guidanceScale} (see {@link Guidance#combine}).
     */
    public NDArray forwardGuided(KvCache cache, NDArray tokens, NDArray tokenRows, NDArray queryRows,
            Mask tokenMask, double guidanceScale, Cancellation cancellation) {
        return pass(cache, tokens, tokenRows, queryRows, tokenMask, Mask.NONE, guidanceScale, null, cancellation);
    }

    private NDArray pass(KvCache cache, NDArray tokens, NDArray tokenRows, NDArray queryRows,
            Mask tokenMask, Mask queryMask, Double guidance, NDArray valid, Cancellation cancellation) {
        long b = tokens.getShape().get(0);
        if (passes == Passes.OP_BY_OP) {
            NDArray logits = forwardOpByOp(cache, tokens, tokenRows, queryRows, tokenMask, queryMask, valid,
                    cancellation);
            return guidance == null ? logits : Guidance.combine(logits, (int) (b / 2), guidance);
        }
        int t = (int) tokens.getShape().get(1);
        long q = queryRows.getShape().get(1);
        checkQueryMask(queryMask, q, t);
        int start = cache.length();
        cache.reserve(t);
        cancellation.throwIfCancelled();
        scripted.feed(cache, tokens, tokenRows, start, tokenMask == Mask.CAUSAL, valid);
        cache.advance(t);
        cancellation.throwIfCancelled();
        return scripted.query(cache, queryRows, cache.length(), queryMask == Mask.CAUSAL, guidance, valid);
    }

    /**
     * A whole generation step in one native call (scripted passes only, see {@link #passes}):
     * feeds {@code tokens} (P, T) at RoPE rows {@code tokenRows[:, rowsOffset : rowsOffset + T]}
     * into the cache, queries the RoPE rows {@code queryRows[:, done : done + count]} with no
     * query mask and samples them as {@link Generator#sampleInChunks} does.
     *
     * @param guidance null for an unguided batch; else the scale, rows [0, P/2) being conditional
     * @param padding null for a batch of equal rows; else its valid slots and rows' guidance scales
     * @return (P, count) int64 sampled tokens, ready to feed back (guided: the P/2 rows twice)
     */
    NDArray sampleStep(KvCache cache, NDArray tokens, NDArray tokenRows, int rowsOffset, Mask tokenMask,
            NDArray queryRows, int done, int count, Double guidance, ScriptedPasses.Sampling sampling,
            ScriptedPasses.Padding padding) {
        if (passes != Passes.SCRIPTED) {
            throw new IllegalStateException("expected scripted passes for a one-call step, found " + passes);
        }
        int t = (int) tokens.getShape().get(1);
        int start = cache.length();
        cache.reserve(t);
        NDArray picked = scripted.step(cache, tokens, tokenRows, rowsOffset, start, tokenMask == Mask.CAUSAL,
                queryRows, done, count, guidance, sampling, padding);
        cache.advance(t);
        return picked;
    }

    /**
     * {@link #forward} op by op in Java, one DJL call per tensor operation: the plain port of the
     * official code that the scripted passes are tested against.
     */
    NDArray forwardOpByOp(KvCache cache, NDArray tokens, NDArray tokenRows, NDArray queryRows,
            Mask tokenMask, Mask queryMask, NDArray valid, Cancellation cancellation) {
        NDManager scope = tokens.getManager();
        long b = tokens.getShape().get(0);
        int t = (int) tokens.getShape().get(1);
        long q = queryRows.getShape().get(1);
        int start = cache.length();
        cache.reserve(t);

        NDArray x = tokens.getNDArrayInternal().embedding(tokens, weights.embeddings(), SparseFormat.DENSE)
                .singletonOrThrow();                                                   // (B, T, D)
        NDArray[] tokenRope = rope.factors(tokenRows);                                 // (B, T, head_dim) x2
        NDArray tokenCos = tokenRope[0].reshape(b, t, 1, 1, config.headDim());         // broadcast over q/k and heads
        NDArray tokenSin = tokenRope[1].reshape(b, t, 1, 1, config.headDim());
        NDArray selfMask = withKeys(tokenMask == Mask.CAUSAL ? causalMask(scope, t, start) : null, valid, start + t);
        for (int i = 0; i < selfBlocks.size(); i++) {
            cancellation.throwIfCancelled();
            x = selfBlocks.get(i).forward(x, tokenCos, tokenSin, cache.selfLayer(i), start, selfMask);
        }

        // x_norm = self.norm(x); k = self.to_k(x_norm); v = self.to_v(x_norm), fused: (B, T, 2, H, head_dim)
        NDArray kv = Norms.linear(Norms.rmsNorm(x, config.normEps()), weights.contextKv())
                .reshape(b, t, 2, config.nHead(), config.headDim());
        // k = apply_rotary_emb(k, freqs_cis[:, :k.shape[1], ...])
        NDArray k = rope.rotate(kv.get(new NDIndex(":, :, 0")), tokenCos.squeeze(2), tokenSin.squeeze(2))
                .transpose(0, 2, 1, 3);                                                // (B, H, T, head_dim)
        NDArray v = kv.get(new NDIndex(":, :, 1")).transpose(0, 2, 1, 3);              // (B, H, T, head_dim)
        cache.context().write(start, k, v);
        cache.advance(t);
        NDArray[] context = cache.context().upTo(cache.length());                      // (B, H, S, head_dim)

        // queries = self.embeddings(torch.full((B, num_query), self.mask_token_id))
        NDArray maskIds = scope.full(new Shape(b, q), config.maskTokenId(), DataType.INT64);
        NDArray h = maskIds.getNDArrayInternal().embedding(maskIds, weights.embeddings(), SparseFormat.DENSE)
                .singletonOrThrow();                                                   // (B, Q, D)
        NDArray[] queryRope = rope.factors(queryRows);
        NDArray queryCos = queryRope[0].reshape(b, q, 1, config.headDim());
        NDArray querySin = queryRope[1].reshape(b, q, 1, config.headDim());
        NDArray crossMask = null;
        if (queryMask == Mask.CAUSAL) {
            checkQueryMask(queryMask, q, t);
            crossMask = causalMask(scope, t, start);
        }
        crossMask = withKeys(crossMask, valid, start + t);
        for (CrossDecoderBlock block : crossBlocks) {
            cancellation.throwIfCancelled();
            h = block.forward(h, queryCos, querySin, context[0], context[1], crossMask);
        }
        // logits = self.head(self.norm(x)).float()
        return Norms.linear(Norms.rmsNorm(h, config.normEps()), weights.head())
                .toType(DataType.FLOAT32, false);                                      // (B, Q, V)
    }

    /**
     * The official teacher-forced pass ({@code Transformer.forward}) for given orders: logits[b, i]
     * predict the token at raster position orders[b][i]. With {@link Mask#NONE} this is the
     * official code in eval mode, whose attention has no mask ({@code is_causal} is set only while
     * training), so every query sees the whole fed sequence, the target included; with
     * {@link Mask#CAUSAL} it is the training pass, where logits[b, i] see only the class token and
     * the first i tokens of the order (a proper likelihood).
     *
     * @param scope manager for the result and temporaries
     * @param rasterTokens (B) rows of {@code blockSize} tokens in raster order
     * @param classIds (B) class ids, or null entries for the null class
     * @param orders (B) permutations of {@code [0, blockSize)}
     * @param mask NONE for the eval-mode pass, CAUSAL for the training pass
     * @return (B, L, V) float32
     */
    public NDArray teacherForced(NDManager scope, int[][] rasterTokens, Integer[] classIds, int[][] orders, Mask mask) {
        int batch = rasterTokens.length;
        int length = config.blockSize();
        long[] tokens = new long[batch * length];
        long[] tokenRows = new long[batch * length];
        long[] queryRows = new long[batch * length];
        for (int r = 0; r < batch; r++) {
            if (rasterTokens[r].length != length || orders[r].length != length) {
                throw new IllegalArgumentException("row " + r + ": expected " + length + " tokens and order entries, found "
                        + rasterTokens[r].length + " and " + orders[r].length);
            }
            // input = cat([condition, shuffled_ids[:, :-1]]); freqs = cat([row 0, shuffled rows])
            tokens[r * length] = classIds[r] == null ? config.nullClassTokenId() : config.classTokenId(classIds[r]);
            for (int i = 0; i < length; i++) {
                if (i + 1 < length) {
                    tokens[r * length + i + 1] = rasterTokens[r][orders[r][i]];
                    tokenRows[r * length + i + 1] = Rope2d.row(orders[r][i]);
                }
                queryRows[r * length + i] = Rope2d.row(orders[r][i]);
            }
        }
        Shape shape = new Shape(batch, length);
        try (KvCache cache = newCache(scope, batch, length)) {
            return forward(cache, scope.create(tokens, shape), scope.create(tokenRows, shape),
                    scope.create(queryRows, shape), mask, mask, Cancellation.none());
        }
    }

    /**
     * The additive mask {@code mask} (T, S) or none, with each row's invalid slots ({@code valid}
     * (B, capacity) boolean, or null for none) at -inf too: (B, 1, T or 1, S) float32.
     */
    private static NDArray withKeys(NDArray mask, NDArray valid, int width) {
        if (valid == null) {
            return mask;
        }
        NDArray slots = valid.get(new NDIndex(":, 0:{}", width));                              // (B, S)
        NDArray keys = slots.getManager().zeros(slots.getShape(), DataType.FLOAT32)
                .addi(slots.logicalNot().toType(DataType.FLOAT32, false).muli(-1e30f))         // 0 or -1e30
                .expandDims(1).expandDims(1);                                                  // (B, 1, 1, S)
        return mask == null ? keys : keys.add(mask);
    }

    /** (T, start + T) float32: 0 where fed token i may see slot j (j <= start + i), -inf elsewhere. */
    private static NDArray causalMask(NDManager scope, int t, int start) {
        int width = start + t;
        float[] mask = new float[t * width];
        for (int i = 0; i < t; i++) {
            for (int j = start + i + 1; j < width; j++) {
                mask[i * width + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return scope.create(mask, new Shape(t, width));
    }

    private static void checkQueryMask(Mask queryMask, long queries, int tokens) {
        if (queryMask == Mask.CAUSAL && queries != tokens) {
            throw new IllegalArgumentException("expected as many queries as tokens for a causal query mask, found "
                    + queries + " and " + tokens);
        }
    }


    /** Releases the weights and everything else on this model's manager. */
    @Override
    public void close() {
        graphs.close();
        scripted.close();
        manager.close();
    }
}
