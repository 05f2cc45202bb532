package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The editor-facing behaviour of {@link Generator} on the fixture model. */
@ReferenceFixtures.Needed
class GeneratorTest {

    private static ArpgModel model;
    private static Generator generator;
    private static int length;

    @BeforeAll
    static void load() throws Exception {
        model = ArpgModel.load(ReferenceFixtures.file("arpg.safetensors"), ReferenceFixture.config(),
                ReferenceFixture.device(), DataType.FLOAT32);
        generator = new Generator(model);
        length = model.config().blockSize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static SamplingSettings sampling(int steps) {
        return SamplingSettings.DEFAULTS.withSteps(steps).withSampling(1.0, 0, 0.95);
    }

    @Test
    void theSameSeedGivesTheSameImageAndVariantsDiffer() {
        List<GenerationRow> rows = List.of(GenerationRow.unconditionalCanvas(3, 1, length),
                GenerationRow.unconditionalCanvas(3, 2, length), GenerationRow.unconditionalCanvas(3, 1, length));
        GenerationResult result = generator.generate(new GenerationRequest(rows, sampling(8)), StepListener.NONE, Cancellation.none());
        assertArrayEquals(result.tokens()[0], result.tokens()[2]);
        assertFalse(Arrays.equals(result.tokens()[0], result.tokens()[1]));
        GenerationResult again = generator.generate(new GenerationRequest(rows.subList(0, 1), sampling(8)),
                StepListener.NONE, Cancellation.none());
        assertArrayEquals(result.tokens()[0], again.tokens()[0], "a row does not depend on its batch");
        for (int[] row : result.tokens()) {
            assertTrue(Arrays.stream(row).allMatch(t -> t >= 0 && t < model.config().vocabSize()));
        }
    }

    /**
     * Without a class both halves of a guided batch are null-class rows, so guidance adds exactly
     * zero: the generator runs the batch once, and any scale gives the tokens, probabilities and
     * entropies of scale 1. With a class, the scale matters.
     */
    @Test
    void withoutAClassGuidanceChangesNothing() {
        int[] grid = new int[length];
        for (int p = 0; p < length; p++) {
            grid[p] = p % 4 == 0 ? (p * 7) % model.config().vocabSize() : GenerationRow.UNKNOWN;
        }
        List<GenerationRow> classless = List.of(GenerationRow.fromGrid(null, 31, grid), GenerationRow.fromGrid(null, 32, grid));
        SamplingSettings unguided = sampling(6).withGuidance(1.0, Guidance.CONSTANT);
        GenerationResult plain = generator.generate(new GenerationRequest(classless, unguided), StepListener.NONE,
                Cancellation.none());
        for (SamplingSettings guided : List.of(sampling(6).withGuidance(4.0, Guidance.CONSTANT),
                sampling(6).withGuidance(2.5, Guidance.LINEAR))) {
            GenerationResult result = generator.generate(new GenerationRequest(classless, guided), StepListener.NONE,
                    Cancellation.none());
            for (int r = 0; r < classless.size(); r++) {
                assertArrayEquals(plain.tokens()[r], result.tokens()[r], guided + " row " + r);
                assertArrayEquals(plain.probabilities()[r], result.probabilities()[r], guided + " row " + r);
                assertArrayEquals(plain.entropies()[r], result.entropies()[r], guided + " row " + r);
            }
        }
        List<GenerationRow> withClass = List.of(GenerationRow.fromGrid(5, 31, grid));
        GenerationResult towardsClass = generator.generate(new GenerationRequest(withClass,
                sampling(6).withGuidance(4.0, Guidance.CONSTANT)), StepListener.NONE, Cancellation.none());
        GenerationResult classUnguided = generator.generate(new GenerationRequest(withClass, unguided), StepListener.NONE,
                Cancellation.none());
        assertFalse(Arrays.equals(towardsClass.probabilities()[0], classUnguided.probabilities()[0]),
                "towards a class, guidance changes the distributions");
    }

    @Test
    void inpaintingKeepsKnownTokensAndReportsEveryFilledPosition() {
        int[] grid = new int[length];
        for (int p = 0; p < length; p++) {
            grid[p] = p < length / 2 ? (p * 7) % model.config().vocabSize() : GenerationRow.UNKNOWN;
        }
        GenerationRow row = GenerationRow.fromGrid(5, 9, grid);
        List<GenerationRow> variants = List.of(row, row.withSeed(10), row.withSeed(11).withOrder(reversed(row.fillPositions())));
        int[][] seen = new int[variants.size()][length];
        for (int[] s : seen) {
            Arrays.fill(s, GenerationRow.UNKNOWN);
        }
        AtomicInteger steps = new AtomicInteger();
        List<Integer> fixedRowOrder = new ArrayList<>();
        GenerationResult result = generator.generate(new GenerationRequest(variants, sampling(10)), event -> {
            assertEquals(steps.getAndIncrement(), event.step());
            Arrays.stream(event.positions()[2]).forEach(fixedRowOrder::add);
            for (int r = 0; r < variants.size(); r++) {
                for (int i = 0; i < event.positions()[r].length; i++) {
                    int p = event.positions()[r][i];
                    assertEquals(GenerationRow.UNKNOWN, seen[r][p], "position " + p + " produced twice");
                    assertEquals(GenerationRow.UNKNOWN, grid[p], "known position " + p + " produced");
                    seen[r][p] = event.tokens()[r][i];
                }
            }
        }, Cancellation.none());
        assertEquals(result.stepCount(), steps.get());
        assertEquals(length - length / 2, Arrays.stream(result.tokensPerStep()).sum());
        assertArrayEquals(reversed(row.fillPositions()), fixedRowOrder.stream().mapToInt(Integer::intValue).toArray(),
                "the row with a fixed order is generated in that order");
        for (int r = 0; r < variants.size(); r++) {
            for (int p = 0; p < length; p++) {
                int expected = grid[p] != GenerationRow.UNKNOWN ? grid[p] : seen[r][p];
                assertEquals(expected, result.tokens()[r][p], "row " + r + " position " + p);
            }
        }
    }

    @Test
    void causalPrefillEqualsFeedingTheContextOneTokenAtATime() {
        int known = 12;
        long[] tokens = new long[1 + known];
        long[] rows = new long[1 + known];
        tokens[0] = model.config().classTokenId(2);
        for (int i = 1; i <= known; i++) {
            tokens[i] = (i * 37) % model.config().vocabSize();
            rows[i] = Rope2d.row((i * 29) % length);
        }
        long[] queries = {Rope2d.row(200), Rope2d.row(3), Rope2d.row(77)};
        try (NDManager run = model.manager().newSubManager()) {
            NDArray queryRows = run.create(queries, new Shape(1, queries.length));
            KvCache whole = model.newCache(run, 1, 1 + known);
            float[] prefilled = model.forward(whole, run.create(tokens, new Shape(1, 1 + known)),
                    run.create(rows, new Shape(1, 1 + known)), queryRows, ArpgModel.Mask.CAUSAL, ArpgModel.Mask.NONE,
                    Cancellation.none()).toFloatArray();
            KvCache incremental = model.newCache(run, 1, 1 + known);
            float[] fed = null;
            for (int i = 0; i <= known; i++) {
                fed = model.forward(incremental, run.create(new long[] {tokens[i]}, new Shape(1, 1)),
                        run.create(new long[] {rows[i]}, new Shape(1, 1)), queryRows, ArpgModel.Mask.NONE,
                        ArpgModel.Mask.NONE, Cancellation.none()).toFloatArray();
            }
            assertArrayEquals(fed, prefilled, 1e-4f);
        }
    }

    @Test
    void causalTeacherForcingPredictsFromThePrefixOnly() {
        ArpgConfig config = model.config();
        int[] tokens = new int[length];
        int[] order = new int[length];
        for (int p = 0; p < length; p++) {
            tokens[p] = (p * 13 + 5) % config.vocabSize();
            order[p] = (p * 97 + 11) % length;   // a permutation unless 97 divides the length
        }
        assertEquals(length, Arrays.stream(order).distinct().count(), "order is a permutation");
        try (NDManager run = model.manager().newSubManager()) {
            float[] all = model.teacherForced(run, new int[][] {tokens}, new Integer[] {6}, new int[][] {order},
                    ArpgModel.Mask.CAUSAL).toFloatArray();                    // (1, L, V)
            int vocab = config.vocabSize();
            for (int i : new int[] {0, 1, 7, length - 1}) {
                // the class token and the first i tokens of the order, then a query for order[i]
                long[] fed = new long[1 + i];
                long[] rows = new long[1 + i];
                fed[0] = config.classTokenId(6);
                for (int j = 0; j < i; j++) {
                    fed[1 + j] = tokens[order[j]];
                    rows[1 + j] = Rope2d.row(order[j]);
                }
                KvCache cache = model.newCache(run, 1, 1 + i);
                float[] prefix = model.forward(cache, run.create(fed, new Shape(1, 1 + i)),
                        run.create(rows, new Shape(1, 1 + i)), run.create(new long[] {Rope2d.row(order[i])}, new Shape(1, 1)),
                        ArpgModel.Mask.CAUSAL, ArpgModel.Mask.NONE, Cancellation.none()).toFloatArray();
                assertArrayEquals(prefix, Arrays.copyOfRange(all, i * vocab, (i + 1) * vocab), 1e-4f, "position " + i);
            }
        }
    }

    @Test
    void samplingInGroupsOfRowsPicksTheSameTokens() {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray logits = scope.randomNormal(new Shape(5, 3, 40)).mul(3);              // (B, n, V)
            NDArray uniforms = scope.randomUniform(0, 1, new Shape(5, 3));
            for (SamplingSettings settings : List.of(sampling(4), sampling(4).withSampling(0.7, 5, 0.9))) {
                long[] whole = Generator.sampleInChunks(logits, uniforms, settings, Long.MAX_VALUE).toLongArray();
                for (long limit : new long[] {1, 130, 250}) {                             // 1, 1 and 2 rows a group
                    assertArrayEquals(whole, Generator.sampleInChunks(logits, uniforms, settings, limit).toLongArray());
                }
            }
        }
    }

    /**
     * The one-call steps of a scripted model (feed, query and sampling in TorchScript) pick the
     * same tokens as the op-by-op passes with {@link Sampler} in Java: inpainting rows with known
     * tokens, guided and unguided, with temperature, top-k, top-p, a code limit and sampling in
     * groups of one row.
     */
    @Test
    void oneCallStepsPickTheSameTokensAsTheOpByOpPassesAndTheJavaSampler() {
        int codeLimit = model.config().vocabSize() - 3;
        int[] grid = new int[length];
        for (int p = 0; p < length; p++) {
            grid[p] = p % 3 == 0 ? (p * 5) % codeLimit : GenerationRow.UNKNOWN;
        }
        List<GenerationRow> rows = List.of(GenerationRow.fromGrid(2, 21, grid), GenerationRow.fromGrid(null, 22, grid),
                GenerationRow.unconditionalCanvas(7, 23, length).withSeed(24));
        List<SamplingSettings> settings = List.of(sampling(6), sampling(6).withSampling(0.8, 7, 0.9),
                sampling(5).withSampling(1.3, 0, 0.7).withGuidance(1.0, Guidance.CONSTANT),
                sampling(4).withSampling(1.0, 1, 1.0));
        for (long groupLimit : new long[] {Generator.SAMPLING_ELEMENTS, 1}) {
            Generator limited = new Generator(model, codeLimit, groupLimit);
            for (SamplingSettings setting : settings) {
                for (List<GenerationRow> batch : List.of(rows.subList(0, 2), rows.subList(2, 3))) {
                    GenerationRequest request = new GenerationRequest(batch, setting);
                    GenerationResult oneCall = limited.generate(request, StepListener.NONE, Cancellation.none());
                    model.usePasses(ArpgModel.Passes.OP_BY_OP);
                    try {
                        GenerationResult reference = limited.generate(request, StepListener.NONE, Cancellation.none());
                        for (int r = 0; r < batch.size(); r++) {
                            assertArrayEquals(reference.tokens()[r], oneCall.tokens()[r], setting + " row " + r);
                            assertTrue(Arrays.stream(oneCall.tokens()[r]).allMatch(t -> t < codeLimit));
                            assertArrayEquals(reference.probabilities()[r], oneCall.probabilities()[r], 1e-5f,
                                    setting + " row " + r + " probabilities");
                            assertArrayEquals(reference.entropies()[r], oneCall.entropies()[r], 1e-4f,
                                    setting + " row " + r + " entropies");
                        }
                    } finally {
                        model.usePasses(ArpgModel.Passes.SCRIPTED);
                    }
                }
            }
        }
    }

    /**
     * Each generated token's probability is the softmax of the step's tempered logits at that
     * token (computed here in doubles from the logits the sampler saw), its entropy that
     * distribution's; known positions have none. Greedy decoding reports the top probability,
     * not the certainty its truncation would give.
     */
    @Test
    void confidenceIsTheProbabilityOfTheChosenTokenUnderTheSamplersDistribution() {
        int[] grid = new int[length];
        for (int p = 0; p < length; p++) {
            grid[p] = p % 4 == 0 ? (p * 3) % model.config().vocabSize() : GenerationRow.UNKNOWN;
        }
        List<GenerationRow> rows = List.of(GenerationRow.fromGrid(1, 31, grid), GenerationRow.fromGrid(1, 32, grid));
        for (SamplingSettings setting : List.of(sampling(5).withSampling(0.7, 9, 0.9),
                sampling(5).withSampling(1.0, 1, 1.0))) {
            List<double[][][]> expected = new ArrayList<>();     // per step: (row, token) -> probability, entropy
            Generator.TokenPicker java = (logits, done) -> {
                NDArray picked = setting.topK() == 1 ? Sampler.greedy(logits)
                        : Sampler.sample(Sampler.filter(logits, setting.topK(), setting.topP()),
                                logits.getManager().randomUniform(0, 1, new Shape(logits.getShape().get(0),
                                        logits.getShape().get(1))));
                expected.add(softmaxAtChosen(logits.toFloatArray(), picked.toLongArray(), rows.size(),
                        (int) logits.getShape().get(1), (int) logits.getShape().get(2)));
                return picked;
            };
            List<int[][]> positions = new ArrayList<>();
            GenerationResult result = generator.generate(new GenerationRequest(rows, setting),
                    event -> positions.add(event.positions()), Cancellation.none(), java);
            assertEquals(result.stepCount(), expected.size());
            for (int step = 0; step < expected.size(); step++) {
                for (int r = 0; r < rows.size(); r++) {
                    for (int i = 0; i < positions.get(step)[r].length; i++) {
                        int p = positions.get(step)[r][i];
                        double[] want = expected.get(step)[r][i];
                        assertEquals(want[0], result.probabilities()[r][p], 1e-5, setting + " row " + r + " at " + p);
                        assertEquals(want[1], result.entropies()[r][p], 1e-4, setting + " row " + r + " at " + p);
                    }
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                for (int p = 0; p < length; p++) {
                    float probability = result.probabilities()[r][p];
                    if (grid[p] != GenerationRow.UNKNOWN) {
                        assertTrue(Float.isNaN(probability) && Float.isNaN(result.entropies()[r][p]),
                                "known position " + p + " has no confidence");
                    } else {
                        assertTrue(probability > 0 && probability <= 1, "position " + p + ": " + probability);
                    }
                }
            }
            if (setting.topK() == 1) {
                float lowest = 1;
                for (int p = 1; p < length; p++) {
                    lowest = Float.isNaN(result.probabilities()[0][p]) ? lowest
                            : Math.min(lowest, result.probabilities()[0][p]);
                }
                assertTrue(lowest < 0.99f, "greedy decoding reports the model's probability, not 1");
            }
        }
    }

    /** Per row and token of a (B, n, V) step: softmax at the chosen token and the entropy, in doubles. */
    private static double[][][] softmaxAtChosen(float[] logits, long[] chosen, int rows, int n, int vocab) {
        double[][][] out = new double[rows][n][2];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                int offset = (r * n + i) * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, logits[offset + v]);
                }
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    sum += Math.exp(logits[offset + v] - max);
                }
                double entropy = 0;
                for (int v = 0; v < vocab; v++) {
                    double q = Math.exp(logits[offset + v] - max) / sum;
                    entropy -= q > 0 ? q * Math.log(q) : 0;
                }
                out[r][i][0] = Math.exp(logits[offset + (int) chosen[r * n + i]] - max) / sum;
                out[r][i][1] = entropy;
            }
        }
        return out;
    }

    /**
     * Rows with different numbers of known tokens and positions to fill, in one padded batch: each
     * row gets the tokens it gets alone (its own schedule, guidance and context, the padding never
     * attended to), through the scripted passes (a step in one call) and op by op alike, guided
     * (each row's scale from its own progress) or not, with a code limit.
     */
    @Test
    void rowsOfDifferentLengthsGetTheTokensTheyGetAlone() {
        int codeLimit = model.config().vocabSize() - 3;
        int[] half = new int[length];
        int[] sparse = new int[length];
        for (int p = 0; p < length; p++) {
            half[p] = p < length / 2 ? (p * 7) % codeLimit : GenerationRow.UNKNOWN;
            sparse[p] = p % 5 == 0 ? (p * 3) % codeLimit : p % 5 == 1 ? GenerationRow.UNKNOWN : -2;
        }
        List<GenerationRow> rows = List.of(GenerationRow.fromGrid(3, 31, half),
                sparseRow(sparse, 32), GenerationRow.unconditionalCanvas(null, 33, length),
                GenerationRow.fromGrid(1, 34, half).withSeed(35));
        Generator limited = new Generator(model, codeLimit);
        for (SamplingSettings setting : List.of(sampling(7), sampling(5).withGuidance(1.0, Guidance.CONSTANT),
                sampling(6).withGuidance(3.0, Guidance.LINEAR), sampling(12).withSampling(1.0, 1, 1.0))) {
            GenerationRequest padded = new GenerationRequest(rows, setting);
            assertFalse(padded.uniform());
            for (ArpgModel.Passes passes : ArpgModel.Passes.values()) {
                model.usePasses(passes);
                try {
                    List<Integer> stepsSeen = new ArrayList<>();
                    int[][] reported = new int[rows.size()][length];
                    for (int[] r : reported) {
                        Arrays.fill(r, GenerationRow.UNKNOWN);
                    }
                    GenerationResult together = limited.generate(padded, event -> {
                        stepsSeen.add(event.step());
                        for (int r = 0; r < rows.size(); r++) {
                            for (int i = 0; i < event.positions()[r].length; i++) {
                                reported[r][event.positions()[r][i]] = event.tokens()[r][i];
                            }
                        }
                    }, Cancellation.none());
                    for (int r = 0; r < rows.size(); r++) {
                        GenerationResult alone = limited.generate(new GenerationRequest(List.of(rows.get(r)), setting),
                                StepListener.NONE, Cancellation.none());
                        assertArrayEquals(alone.tokens()[0], together.tokens()[r], setting + " " + passes + " row " + r);
                        assertArrayEquals(alone.probabilities()[0], together.probabilities()[r], 1e-4f,
                                "the row's confidence as alone");
                        for (int p : rows.get(r).fillPositions()) {
                            assertEquals(together.tokens()[r][p], reported[r][p], "every filled position reported");
                        }
                    }
                    assertEquals(together.stepCount(), stepsSeen.size());
                } finally {
                    model.usePasses(ArpgModel.Passes.SCRIPTED);
                }
            }
        }
    }

    /** Known where {@code grid} holds a token, filled where it holds UNKNOWN, absent elsewhere (-2). */
    private static GenerationRow sparseRow(int[] grid, long seed) {
        int[] known = java.util.stream.IntStream.range(0, grid.length).filter(p -> grid[p] >= 0).toArray();
        int[] fill = java.util.stream.IntStream.range(0, grid.length).filter(p -> grid[p] == GenerationRow.UNKNOWN)
                .toArray();
        return new GenerationRow(6, seed, known, Arrays.stream(known).map(p -> grid[p]).toArray(), fill, null);
    }

    @Test
    void cancellingBetweenStepsStopsTheRun() {
        AtomicInteger steps = new AtomicInteger();
        GenerationRequest request = new GenerationRequest(List.of(GenerationRow.unconditionalCanvas(1, 3, length)),
                sampling(16));
        assertThrows(CancelledException.class,
                () -> generator.generate(request, event -> steps.incrementAndGet(),
                        Cancellation.when(() -> steps.get() >= 2)));
        assertEquals(2, steps.get());
    }

    @Test
    void cancellingInsideAStepStopsBeforeTheStepEnds() {
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger steps = new AtomicInteger();
        GenerationRequest request = new GenerationRequest(List.of(GenerationRow.unconditionalCanvas(1, 3, length)),
                sampling(16));
        // the first poll is before step 0; the second when its native call returns, before it is reported
        assertThrows(CancelledException.class,
                () -> generator.generate(request, event -> steps.incrementAndGet(),
                        Cancellation.when(() -> polls.incrementAndGet() > 1)));
        assertEquals(0, steps.get());
        // the model is usable afterwards
        generator.generate(request, StepListener.NONE, Cancellation.none());
    }

    @Test
    void nativeMemoryStaysFlatOverRepeatedRuns() throws IOException {
        GenerationRequest request = new GenerationRequest(List.of(GenerationRow.unconditionalCanvas(4, 5, length),
                GenerationRow.unconditionalCanvas(null, 6, length)), sampling(8));
        // on a GPU the plan is captured at its run StepGraphs.CAPTURED_AT_RUN, and its graphs held from then on
        for (int i = 0; i < StepGraphs.CAPTURED_AT_RUN; i++) {
            generator.generate(request, StepListener.NONE, Cancellation.none());
        }
        int arrays = model.manager().getManagedArrays().size();
        long rss = residentBytes();
        for (int i = 0; i < 8; i++) {
            generator.generate(request, StepListener.NONE, Cancellation.none());
        }
        assertEquals(arrays, model.manager().getManagedArrays().size(), "arrays left on the model's manager");
        long growth = residentBytes() - rss;
        System.out.println("RSS growth over 8 runs: " + growth / 1024 + " KiB");
        assertTrue(growth < 32L << 20, "resident memory grew by " + growth / (1 << 20) + " MiB over 8 runs");
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static int[] reversed(int[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }
}
