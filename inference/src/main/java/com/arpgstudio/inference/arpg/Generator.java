package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import java.util.Arrays;
import java.util.List;

/**
 * The step loop of ARPG generation (the official {@code Transformer.generate}), generalised to
 * known tokens: the first pass feeds the class token and the known tokens (causally, in raster
 * order, as in training) at their own RoPE positions; then each step predicts a group of the
 * positions to fill, in a random order, attending to everything fed so far, and feeds the
 * sampled group back. With no known tokens and every position to fill this is exactly the
 * official loop.
 *
 * <p>Per step the only host round trip is bringing back the sampled tokens (for the listener);
 * the generation order, RoPE rows and the sampler's uniforms are uploaded once per run, each
 * token's probability and entropy ({@link Sampler#confidence}) come back once at its end, and the
 * guided batch (conditional rows, then null-class rows) runs as one batch of 2B rows. On a
 * scripted model a step is one native call (feed, query and sampling: {@link ArpgModel#sampleStep});
 * otherwise, or when a {@link TokenPicker} chooses the tokens, the passes return logits and
 * {@link Sampler} picks in Java. Every array a step creates is released when the step ends (an {@link NDScope}, which also
 * catches arrays that ops attach to the weights' manager); the KV cache and the last sampled
 * tokens live on a run sub-manager closed when the run ends.
 *
 * <p>Not thread-safe: one thread drives one model.
 */
public final class Generator {

    /** Chooses the tokens of a step from its guided logits. */
    @FunctionalInterface
    interface TokenPicker {
        /**
         * @param logits (B, Q, V) float32 guided logits, after temperature
         * @param done tokens of each row generated before this step
         * @return (B, Q) int64 token ids
         */
        NDArray pick(NDArray logits, int done);
    }

    /** Floats the sampling of one group of rows may hold at a time (64 MiB), beside the logits. */
    static final long SAMPLING_ELEMENTS = 16L << 20;

    private final ArpgModel model;
    private final ArpgConfig config;
    private final int codeLimit;
    private final long samplingElements;

    public Generator(ArpgModel model) {
        this(model, model.config().vocabSize());
    }

    /**
     * A generator that only samples codes in {@code [0, codeLimit)}: for a tokenizer whose
     * codebook is smaller than the model's vocabulary (the reference fixtures), so that every
     * generated token decodes.
     */
    public Generator(ArpgModel model, int codeLimit) {
        this(model, codeLimit, SAMPLING_ELEMENTS);
    }

    /** A generator whose sampling holds at most {@code samplingElements} floats a group of rows (tests make groups small). */
    Generator(ArpgModel model, int codeLimit, long samplingElements) {
        if (codeLimit < 1 || codeLimit > model.config().vocabSize()) {
            throw new IllegalArgumentException("expected a code limit in [1, " + model.config().vocabSize()
                    + "], found " + codeLimit);
        }
        this.model = model;
        this.config = model.config();
        this.codeLimit = codeLimit;
        this.samplingElements = samplingElements;
    }

    public ArpgModel model() {
        return model;
    }

    /**
     * Generates every row of the request.
     *
     * @param listener told after every step which tokens were produced
     * @param cancellation checked before every step and between blocks
     * @throws CancelledException once cancelled; nothing is kept
     */
    public GenerationResult generate(GenerationRequest request, StepListener listener, Cancellation cancellation) {
        return generate(request, listener, cancellation, null);
    }

    /** As {@link #generate(GenerationRequest, StepListener, Cancellation)}, with the tokens chosen by {@code picker}. */
    GenerationResult generate(GenerationRequest request, StepListener listener, Cancellation cancellation,
            TokenPicker picker) {
        List<GenerationRow> rows = request.rows();
        SamplingSettings settings = request.settings();
        int batch = rows.size();
        rows.forEach(this::validate);
        if (settings.guided() && rows.stream().noneMatch(row -> request.settings().guidedTowards(row.classId()))) {
            settings = settings.withGuidance(1.0, settings.guidanceSchedule()); // one half runs, not two
        }
        BatchLayout layout = BatchLayout.of(rows, settings);
        StepPlan plan = layout.plan(settings, codeLimit, samplingElements);
        int steps = plan.steps();
        int width = layout.width();
        boolean guided = settings.guided();
        int rowsInPass = plan.passRows();
        int[][] result = unknownTokens(batch);
        float[][] probabilities = notGenerated(batch);
        float[][] entropies = notGenerated(batch);

        // Unless a test picks the tokens, a scripted model runs each step as one native call,
        // on a GPU replayed from a CUDA graph where the plan's steps were captured.
        boolean oneCall = picker == null && model.passes() == ArpgModel.Passes.SCRIPTED;
        try (NDManager run = model.manager().newSubManager();
                StepGraphs.Session session = oneCall ? model.stepGraphs().open() : null;
                NDScope runScope = new NDScope()) {
            runScope.suppressNotUsedWarning();
            NDArray[] prefill = prefill(run, rows, guided, layout.maxKnown(), result);         // (2B, 1 + K) ids, rows
            NDArray queryRows = run.create(layout.queryRows(guided), new Shape(rowsInPass, width)); // (2B, W)
            NDArray uniformArray = run.create(layout.uniforms(), new Shape(batch, width));         // (B, W)
            // rows of different lengths: each row's cache slots, and its guidance scale at each step
            NDArray valid = layout.padded()
                    ? run.create(layout.valid(guided, plan.capacity()), new Shape(rowsInPass, plan.capacity())) // (2B, C)
                    : null;
            NDArray scales = layout.padded() && guided
                    ? run.create(layout.guidanceScales(settings), new Shape(steps, batch, 1))           // (S, B, 1)
                    : null;
            // each step writes its tokens' probabilities and entropies at their slots
            NDArray confidence = run.zeros(new Shape(2, batch, width), DataType.FLOAT32);          // (2, B, W)

            StepGraphs.Run graphs = oneCall
                    ? session.begin(plan, prefill[0], prefill[1], queryRows, uniformArray, valid, scales)
                    : null;
            ScriptedPasses.Sampling sampling = oneCall
                    ? new ScriptedPasses.Sampling(uniformArray, codeLimit, settings, samplingElements, confidence)
                    : null;
            TokenPicker chooser = oneCall ? null : picker != null ? picker : samplerFor(settings, uniformArray);
            // a graph run keeps its own cache, at the plan's capacity
            KvCache cache = graphs == null ? model.newCache(run, rowsInPass, plan.capacity()) : null;

            NDArray previous = null;                                                    // (2B, n) ids of the last step
            for (int step = 0; step < steps; step++) {
                cancellation.throwIfCancelled();
                int done = plan.done(step);
                int count = plan.count(step);
                NDArray next;
                long[] picked;                                                          // (2B, n) ids, flattened
                try (NDScope stepScope = new NDScope()) {
                    stepScope.suppressNotUsedWarning();
                    // step 0 feeds the prefill causally; later steps feed the last step's tokens
                    NDArray tokens = step == 0 ? prefill[0] : previous;
                    NDArray tokenRowSource = step == 0 ? prefill[1] : queryRows;
                    int rowsOffset = plan.rowsOffset(step);
                    ArpgModel.Mask mask = plan.feedMask(step);
                    Double scale = plan.guidance(step);
                    if (graphs != null) {
                        next = null;
                        picked = graphs.tokens(step);
                        cancellation.throwIfCancelled();                                // cancelled during the step
                    } else {
                        // a replayed step reads the held plan's copies; a run one by one, this step's slice
                        ScriptedPasses.Padding padding = valid == null ? null
                                : new ScriptedPasses.Padding(valid, scales == null ? null : scales.get(step)); // (B, 1)
                        if (oneCall) {
                            next = model.sampleStep(cache, tokens, tokenRowSource, rowsOffset, mask, queryRows, done, count,
                                    scale, sampling, padding);                          // (2B, n)
                            cancellation.throwIfCancelled();                            // cancelled during the call
                        } else {
                            NDArray tokenRows = tokenRowSource.get(new NDIndex(":, {}:{}", rowsOffset,
                                    rowsOffset + tokens.getShape().get(1)));
                            NDArray stepQueries = queryRows.get(new NDIndex(":, {}:{}", done, done + count)); // (2B, n)
                            NDArray logits = logits(cache, tokens, tokenRows, stepQueries, mask, scale, padding,
                                    batch, cancellation);                               // (B, n, V)
                            if (codeLimit < config.vocabSize()) {
                                logits = logits.get(new NDIndex(":, :, :{}", codeLimit));    // (B, n, limit)
                            }
                            NDArray tempered = Sampler.applyTemperature(logits, settings.temperature());
                            NDArray chosen = chooser.pick(tempered, done);
                            confidence.set(new NDIndex(":, :, {}:{}", done, done + count),
                                    Sampler.confidence(tempered, chosen));              // (2, B, n)
                            next = guided ? chosen.concat(chosen, 0) : chosen;          // (2B, n)
                        }
                        NDScope.unregister(next);
                        picked = next.toLongArray();
                    }
                }
                int[][] stepTokens = toRows(picked, batch, count);                      // the first B rows
                if (previous != null) {
                    previous.close();
                }
                previous = next;
                // each row's own positions of the step: its first slots (the rest are dummies)
                int[][] stepPositions = new int[batch][];
                int[][] ownTokens = new int[batch][];
                for (int r = 0; r < batch; r++) {
                    int own = layout.own(r, step);
                    stepPositions[r] = Arrays.copyOfRange(layout.slotOrder(r), done, done + own);
                    ownTokens[r] = Arrays.copyOf(stepTokens[r], own);
                    for (int i = 0; i < own; i++) {
                        result[r][stepPositions[r][i]] = ownTokens[r][i];
                    }
                }
                listener.onStep(new StepListener.StepEvent(step, steps, stepPositions, ownTokens));
            }
            float[] confidences = (graphs != null ? graphs.confidence() : confidence).toFloatArray(); // (2, B, W)
            for (int r = 0; r < batch; r++) {
                int[] slots = layout.slotOrder(r);
                for (int i = 0; i < width; i++) {
                    if (slots[i] >= 0) {
                        probabilities[r][slots[i]] = confidences[r * width + i];
                        entropies[r][slots[i]] = confidences[(batch + r) * width + i];
                    }
                }
            }
        }
        return new GenerationResult(result, layout.counts(), probabilities, entropies);
    }

    /**
     * A step's (B, n, V) float32 logits op by op: guided with the step's scale, or for a padded
     * batch with its valid slots and each row's scale.
     */
    private NDArray logits(KvCache cache, NDArray tokens, NDArray tokenRows, NDArray queries, ArpgModel.Mask mask,
            Double scale, ScriptedPasses.Padding padding, int batch, Cancellation cancellation) {
        if (padding != null) {
            NDArray logits = model.forwardPadded(cache, tokens, tokenRows, queries, mask, padding.valid(), cancellation);
            return padding.scales() == null ? logits : Guidance.combine(logits, batch, padding.scales().expandDims(2));
        }
        return scale != null
                ? model.forwardGuided(cache, tokens, tokenRows, queries, mask, scale, cancellation)
                : model.forward(cache, tokens, tokenRows, queries, mask, ArpgModel.Mask.NONE, cancellation);
    }

    private TokenPicker samplerFor(SamplingSettings settings, NDArray uniforms) {
        if (settings.topK() == 1) {
            return (logits, done) -> Sampler.greedy(logits);
        }
        return (logits, done) -> {
            long count = logits.getShape().get(1);
            NDArray stepUniforms = uniforms.get(new NDIndex(":, {}:{}", done, done + count)); // (B, n)
            return sampleInChunks(logits, stepUniforms, settings, samplingElements);
        };
    }

    /**
     * Filtering and sampling make several arrays the size of the logits; a large step (a big batch,
     * and the arccos schedule's last steps of 20-40 tokens) runs them over groups of rows, each
     * group's arrays released before the next, so that they never hold much more than
     * {@code maxElements} floats at once beside the logits.
     */
    static NDArray sampleInChunks(NDArray logits, NDArray uniforms, SamplingSettings settings, long maxElements) {
        Shape shape = logits.getShape();                                                // (B, n, V)
        long rows = shape.get(0);
        long chunk = Math.max(1, maxElements / (shape.get(1) * shape.get(2)));
        if (chunk >= rows) {
            return Sampler.sample(Sampler.filter(logits, settings.topK(), settings.topP()), uniforms);
        }
        NDList parts = new NDList();
        for (long start = 0; start < rows; start += chunk) {
            NDIndex group = new NDIndex("{}:{}", start, Math.min(rows, start + chunk));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray part = Sampler.sample(Sampler.filter(logits.get(group), settings.topK(), settings.topP()),
                        uniforms.get(group));                                            // (rows in group, n)
                NDScope.unregister(part);
                parts.add(part);
            }
        }
        NDArray picked = NDArrays.concat(parts);                                        // (B, n)
        parts.close();
        return picked;
    }

    /**
     * Inputs of the first pass: per row the class token then the known tokens in raster order,
     * with RoPE row 0 for the class and their own rows for the known tokens, padded to
     * {@code maxKnown} known tokens (token 0 at RoPE row 0, for the padded path to mask). Guided
     * passes repeat the rows with the null class. Known tokens are also written into {@code result}.
     */
    private NDArray[] prefill(NDManager run, List<GenerationRow> rows, boolean guided, int maxKnown, int[][] result) {
        int batch = rows.size();
        int width = 1 + maxKnown;
        int passRows = guided ? 2 * batch : batch;
        long[] ids = new long[passRows * width];
        long[] ropeRows = new long[passRows * width];
        for (int r = 0; r < batch; r++) {
            GenerationRow row = rows.get(r);
            int[] positions = row.knownPositions();
            int[] tokens = row.knownTokens();
            Integer[] sorted = new Integer[positions.length];
            Arrays.setAll(sorted, i -> i);
            Arrays.sort(sorted, (a, b) -> Integer.compare(positions[a], positions[b]));
            for (int half = 0; half < (guided ? 2 : 1); half++) {
                int base = (half * batch + r) * width;
                ids[base] = half == 0 && row.classId() != null
                        ? config.classTokenId(row.classId()) : config.nullClassTokenId();
                for (int i = 0; i < sorted.length; i++) {
                    ids[base + 1 + i] = tokens[sorted[i]];
                    ropeRows[base + 1 + i] = Rope2d.row(positions[sorted[i]]);
                }
            }
            for (int i = 0; i < positions.length; i++) {
                result[r][positions[i]] = tokens[i];
            }
        }
        Shape shape = new Shape(passRows, width);
        return new NDArray[] {run.create(ids, shape), run.create(ropeRows, shape)};
    }

    private void validate(GenerationRow row) {
        int length = config.blockSize();
        boolean[] seen = new boolean[length];
        for (int[] positions : new int[][] {row.knownPositions(), row.fillPositions()}) {
            for (int p : positions) {
                if (p < 0 || p >= length) {
                    throw new IllegalArgumentException("expected positions in [0, " + length + "), found " + p);
                }
                if (seen[p]) {
                    throw new IllegalArgumentException("position " + p + " is given twice (known and/or to fill)");
                }
                seen[p] = true;
            }
        }
        for (int token : row.knownTokens()) {
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException("expected known tokens in [0, " + config.vocabSize() + "), found " + token);
            }
        }
        if (row.classId() != null) {
            config.classTokenId(row.classId());
        }
    }

    private static int[][] toRows(long[] values, int batch, int width) {
        int[][] out = new int[batch][width];
        for (int r = 0; r < batch; r++) {
            for (int i = 0; i < width; i++) {
                out[r][i] = (int) values[r * width + i];
            }
        }
        return out;
    }

    /** A run's token grid before any step: every position {@link GenerationRow#UNKNOWN}. */
    private int[][] unknownTokens(int batch) {
        int[][] tokens = new int[batch][config.blockSize()];
        for (int[] row : tokens) {
            Arrays.fill(row, GenerationRow.UNKNOWN);
        }
        return tokens;
    }

    /** A run's per-position probabilities or entropies before any step: NaN where nothing was generated. */
    private float[][] notGenerated(int batch) {
        float[][] values = new float[batch][config.blockSize()];
        for (float[] row : values) {
            Arrays.fill(row, Float.NaN);
        }
        return values;
    }
}
