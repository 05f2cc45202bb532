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
import java.util.SplittableRandom;

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
        if (!request.uniform()) {
            return generatePadded(rows, settings, listener, cancellation, picker);
        }
        int known = rows.get(0).knownPositions().length;
        int fill = rows.get(0).fillPositions().length;
        StepPlan plan = StepPlan.of(batch, known, fill, settings, codeLimit, samplingElements);
        int steps = plan.steps();

        // Each row's seed drives, in this order, its random generation order and its sampler.
        int[][] orders = new int[batch][];
        float[][] uniforms = new float[batch][fill];
        for (int r = 0; r < batch; r++) {
            GenerationRow row = rows.get(r);
            SplittableRandom random = new SplittableRandom(row.seed());
            orders[r] = row.order() != null ? row.order() : shuffled(row.fillPositions(), random);
            for (int i = 0; i < fill; i++) {
                uniforms[r][i] = (float) Math.min(random.nextDouble(), Math.nextDown(1.0f));
            }
        }

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
            NDArray[] prefill = prefill(run, rows, guided, known, result);                     // (2B, 1 + K) ids, rows
            NDArray queryRows = run.create(ropeRows(orders, guided), new Shape(rowsInPass, fill)); // (2B, N)
            NDArray uniformArray = run.create(flatten(uniforms), new Shape(batch, fill));          // (B, N)
            // each step writes its tokens' probabilities and entropies at its place in the order
            NDArray confidence = run.zeros(new Shape(2, batch, fill), DataType.FLOAT32);           // (2, B, N)

            StepGraphs.Run graphs = oneCall ? session.begin(plan, prefill[0], prefill[1], queryRows, uniformArray) : null;
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
                        if (oneCall) {
                            next = model.sampleStep(cache, tokens, tokenRowSource, rowsOffset, mask, queryRows, done, count,
                                    scale, sampling, null);                             // (2B, n)
                            cancellation.throwIfCancelled();                            // cancelled during the call
                        } else {
                            NDArray tokenRows = tokenRowSource.get(new NDIndex(":, {}:{}", rowsOffset,
                                    rowsOffset + tokens.getShape().get(1)));
                            NDArray stepQueries = queryRows.get(new NDIndex(":, {}:{}", done, done + count)); // (2B, n)
                            NDArray logits = scale != null                              // (B, n, V)
                                    ? model.forwardGuided(cache, tokens, tokenRows, stepQueries, mask, scale,
                                            cancellation)
                                    : model.forward(cache, tokens, tokenRows, stepQueries, mask, ArpgModel.Mask.NONE,
                                            cancellation);
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
                int[][] stepPositions = new int[batch][];
                for (int r = 0; r < batch; r++) {
                    stepPositions[r] = Arrays.copyOfRange(orders[r], done, done + count);
                    for (int i = 0; i < count; i++) {
                        result[r][stepPositions[r][i]] = stepTokens[r][i];
                    }
                }
                listener.onStep(new StepListener.StepEvent(step, steps, stepPositions, stepTokens));
            }
            float[] confidences = (graphs != null ? graphs.confidence() : confidence).toFloatArray(); // (2, B, N)
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < fill; i++) {
                    probabilities[r][orders[r][i]] = confidences[r * fill + i];
                    entropies[r][orders[r][i]] = confidences[(batch + r) * fill + i];
                }
            }
        }
        return new GenerationResult(result, plan.counts().stream().mapToInt(Integer::intValue).toArray(), probabilities,
                entropies);
    }

    /**
     * A batch whose rows have different numbers of known tokens or positions to fill: each row runs
     * its own schedule, as it would alone, inside a padded batch. The prefill holds every row's
     * known tokens and then padding up to the longest; step {@code s} predicts, for every row, as
     * many positions as the row that predicts the most in that step, the row's own ones first and
     * dummy ones after; cache slots of padding and of dummies are masked out of every attention
     * ({@link ArpgModel#forwardPadded}), and each row's guidance follows its own progress. So a row
     * sees exactly its own context and gets the tokens it would get alone (up to floating-point
     * rounding). On a scripted model a step is one call, as in the uniform path, its masks and
     * the rows' guidance scales passed in; otherwise (or when a test picks the tokens) the passes
     * of {@link ArpgModel#forwardPadded} run with the sampler in Java.
     */
    private GenerationResult generatePadded(List<GenerationRow> rows, SamplingSettings settings,
            StepListener listener, Cancellation cancellation, TokenPicker picker) {
        int batch = rows.size();
        boolean guided = settings.guided();
        int rowsInPass = guided ? 2 * batch : batch;
        int[] known = rows.stream().mapToInt(r -> r.knownPositions().length).toArray();
        int[] fills = rows.stream().mapToInt(r -> r.fillPositions().length).toArray();
        int maxKnown = Arrays.stream(known).max().orElseThrow();
        int[][] rowCounts = new int[batch][];
        int steps = 0;
        for (int r = 0; r < batch; r++) {
            rowCounts[r] = settings.sampleSchedule().tokensPerStep(fills[r], settings.steps());
            steps = Math.max(steps, rowCounts[r].length);
        }
        int[] counts = new int[steps];                                                   // the batch's slots per step
        int[] starts = new int[steps + 1];                                               // and where they begin
        for (int step = 0; step < steps; step++) {
            for (int[] own : rowCounts) {
                counts[step] = Math.max(counts[step], step < own.length ? own[step] : 0);
            }
            starts[step + 1] = starts[step] + counts[step];
        }
        int width = starts[steps];

        // Each row's seed drives its order and sampler as in the uniform path; its i-th token goes
        // to the slot its own schedule gives it, dummies (RoPE row 0, never attended) fill the rest.
        int[][] slotOrder = new int[batch][width];                                       // position, or -1 (dummy)
        float[] uniforms = new float[batch * width];
        Arrays.fill(uniforms, 0.5f);
        for (int r = 0; r < batch; r++) {
            GenerationRow row = rows.get(r);
            SplittableRandom random = new SplittableRandom(row.seed());
            int[] order = row.order() != null ? row.order() : shuffled(row.fillPositions(), random);
            float[] own = new float[fills[r]];
            for (int i = 0; i < own.length; i++) {
                own[i] = (float) Math.min(random.nextDouble(), Math.nextDown(1.0f));
            }
            Arrays.fill(slotOrder[r], -1);
            int next = 0;
            for (int step = 0; step < rowCounts[r].length; step++) {
                for (int i = 0; i < rowCounts[r][step]; i++, next++) {
                    slotOrder[r][starts[step] + i] = order[next];
                    uniforms[r * width + starts[step] + i] = own[next];
                }
            }
        }
        // valid cache slots: the class token, each row's known tokens, its fed tokens (not dummies)
        int capacity = 1 + maxKnown + width - counts[steps - 1];
        boolean[] valid = new boolean[rowsInPass * capacity];
        long[] queryRows = new long[rowsInPass * width];
        for (int half = 0; half < (guided ? 2 : 1); half++) {
            for (int r = 0; r < batch; r++) {
                int base = (half * batch + r) * capacity;
                for (int slot = 0; slot <= known[r]; slot++) {
                    valid[base + slot] = true;
                }
                for (int i = 0; i < width - counts[steps - 1]; i++) {
                    valid[base + 1 + maxKnown + i] = slotOrder[r][i] >= 0;
                }
                for (int i = 0; i < width; i++) {
                    queryRows[(half * batch + r) * width + i] = slotOrder[r][i] < 0 ? 0 : Rope2d.row(slotOrder[r][i]);
                }
            }
        }
        int[][] result = unknownTokens(batch);
        float[][] probabilities = notGenerated(batch);
        float[][] entropies = notGenerated(batch);
        // as in the uniform path: unless a test picks the tokens, a scripted model runs a step as one call
        boolean oneCall = picker == null && model.passes() == ArpgModel.Passes.SCRIPTED;
        try (NDManager run = model.manager().newSubManager();
                NDScope runScope = new NDScope();
                KvCache cache = model.newCache(run, rowsInPass, capacity)) {
            runScope.suppressNotUsedWarning();
            NDArray[] prefill = prefill(run, rows, guided, maxKnown, result);    // (2B, 1 + K) ids, rows
            NDArray validSlots = run.create(valid, new Shape(rowsInPass, capacity));    // (2B, capacity)
            NDArray queryArray = run.create(queryRows, new Shape(rowsInPass, width));  // (2B, W)
            NDArray uniformArray = run.create(uniforms, new Shape(batch, width));       // (B, W)
            NDArray confidence = run.zeros(new Shape(2, batch, width), DataType.FLOAT32); // (2, B, W) by slot
            ScriptedPasses.Sampling sampling = oneCall
                    ? new ScriptedPasses.Sampling(uniformArray, codeLimit, settings, samplingElements, confidence)
                    : null;
            TokenPicker chooser = oneCall ? null : picker != null ? picker : samplerFor(settings, uniformArray);
            NDArray previous = null;                                                    // (2B, n) ids of the last step
            int[] done = new int[batch];
            for (int step = 0; step < steps; step++) {
                cancellation.throwIfCancelled();
                int count = counts[step];
                NDArray next;
                int[][] stepTokens;
                try (NDScope stepScope = new NDScope()) {
                    stepScope.suppressNotUsedWarning();
                    NDArray tokens = step == 0 ? prefill[0] : previous;
                    NDArray tokenRowSource = step == 0 ? prefill[1] : queryArray;
                    int rowsOffset = step == 0 ? 0 : starts[step - 1];
                    ArpgModel.Mask mask = step == 0 ? ArpgModel.Mask.CAUSAL : ArpgModel.Mask.NONE;
                    // each row's guidance follows its own progress
                    NDArray scales = null;                                              // (B, 1)
                    if (guided) {
                        float[] rowScales = new float[batch];
                        for (int r = 0; r < batch; r++) {
                            int own = step < rowCounts[r].length ? rowCounts[r][step] : 0;
                            rowScales[r] = (float) settings.guidanceSchedule().scale(settings.guidanceScale(),
                                    known[r] + done[r] + own, known[r] + fills[r]);
                        }
                        scales = run.create(rowScales, new Shape(batch, 1));
                    }
                    if (oneCall) {
                        next = model.sampleStep(cache, tokens, tokenRowSource, rowsOffset, mask, queryArray,
                                starts[step], count, guided ? settings.guidanceScale() : null, sampling,
                                new ScriptedPasses.Padding(validSlots, scales));                // (2B, n)
                        cancellation.throwIfCancelled();                                // cancelled during the call
                    } else {
                        NDArray tokenRows = tokenRowSource.get(new NDIndex(":, {}:{}", rowsOffset,
                                rowsOffset + tokens.getShape().get(1)));
                        NDArray stepQueries = queryArray.get(new NDIndex(":, {}:{}", starts[step], starts[step + 1]));
                        NDArray logits = model.forwardPadded(cache, tokens, tokenRows, stepQueries, mask, validSlots,
                                cancellation);                                             // (2B or B, n, V)
                        if (guided) {
                            logits = Guidance.combine(logits, batch, scales.expandDims(2));  // (B, n, V)
                        }
                        if (codeLimit < config.vocabSize()) {
                            logits = logits.get(new NDIndex(":, :, :{}", codeLimit));
                        }
                        NDArray tempered = Sampler.applyTemperature(logits, settings.temperature());
                        NDArray picked = chooser.pick(tempered, starts[step]);
                        confidence.set(new NDIndex(":, :, {}:{}", starts[step], starts[step + 1]),
                                Sampler.confidence(tempered, picked));                  // (2, B, n)
                        next = guided ? picked.concat(picked, 0) : picked;              // (2B, n)
                    }
                    NDScope.unregister(next);
                    stepTokens = toRows(next.toLongArray(), batch, count);
                }
                if (previous != null) {
                    previous.close();
                }
                previous = next;
                int[][] stepPositions = new int[batch][];
                int[][] ownTokens = new int[batch][];
                for (int r = 0; r < batch; r++) {
                    int own = step < rowCounts[r].length ? rowCounts[r][step] : 0;
                    stepPositions[r] = Arrays.copyOfRange(slotOrder[r], starts[step], starts[step] + own);
                    ownTokens[r] = Arrays.copyOf(stepTokens[r], own);
                    for (int i = 0; i < own; i++) {
                        result[r][stepPositions[r][i]] = ownTokens[r][i];
                    }
                    done[r] += own;
                }
                listener.onStep(new StepListener.StepEvent(step, steps, stepPositions, ownTokens));
            }
            float[] confidences = confidence.toFloatArray();                            // (2, B, W)
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < width; i++) {
                    if (slotOrder[r][i] >= 0) {
                        probabilities[r][slotOrder[r][i]] = confidences[r * width + i];
                        entropies[r][slotOrder[r][i]] = confidences[(batch + r) * width + i];
                    }
                }
            }
        }
        return new GenerationResult(result, counts, probabilities, entropies);
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

    /** RoPE rows of every row's order, (2B or B, N) flattened; the null-class half repeats the rows. */
    private static long[] ropeRows(int[][] orders, boolean guided) {
        int batch = orders.length;
        int fill = orders[0].length;
        long[] out = new long[(guided ? 2 : 1) * batch * fill];
        for (int half = 0; half < (guided ? 2 : 1); half++) {
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < fill; i++) {
                    out[(half * batch + r) * fill + i] = Rope2d.row(orders[r][i]);
                }
            }
        }
        return out;
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

    private static int[] shuffled(int[] positions, SplittableRandom random) {
        int[] order = positions.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] out = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
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
