package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generation against generate.json and generate_logits.safetensors: every case, every step. */
@ReferenceFixtures.Needed
class ArpgGenerateReferenceTest {

    private static ArpgModel model;
    private static final Map<String, int[]> RECOVERED = new HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        // the config from the weights' shapes and the config.json beside them
        model = ArpgModel.load(ReferenceFixtures.file("arpg.safetensors"), ReferenceFixture.device(), DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static GenerationRequest request(ReferenceFixture.Case c, int[] order) {
        List<GenerationRow> rows = new ArrayList<>();
        for (int b = 0; b < c.classes().length; b++) {
            rows.add(GenerationRow.unconditionalCanvas(c.classes()[b], b, model.config().blockSize())
                    .withOrder(order));
        }
        // the class and seed are the rows'
        SamplingSettings settings = new SamplingSettings(null, c.numIter(), c.guidanceScale(), c.guidance(),
                c.schedule(), c.temperature(), c.topK(), 1.0, 1.15, 0L, 1);
        return new GenerationRequest(rows, settings);
    }

    /**
     * FLOAT16 (the GPU precision) against FLOAT32 on the greedy cases: until the runs part, both
     * see the same context, so the first token where they differ must be a near-tie in float32,
     * its logit within the float16 tolerance of the forward test (2% of the logit range) of the top one.
     */
    @Test
    void float16GreedyTokensMatchFloat32ExceptAtNearTies() throws Exception {
        try (ArpgModel half = ArpgModel.load(ReferenceFixtures.file("arpg.safetensors"),
                ReferenceFixture.device(), DataType.FLOAT16)) {
            for (ReferenceFixture.Case c : ReferenceFixture.cases()) {
                GenerationRequest request = request(c, recoveredOrder(c));
                List<float[]> fullLogits = new ArrayList<>();
                List<int[]> fullPicks = new ArrayList<>();
                List<int[]> halfPicks = new ArrayList<>();
                new Generator(model).generate(request, StepListener.NONE, Cancellation.none(), (logits, done) -> {
                    fullLogits.add(logits.toFloatArray());
                    NDArray picked = Sampler.greedy(logits);
                    fullPicks.add(ReferenceFixture.ints(picked.toLongArray()));
                    return picked;
                });
                new Generator(half).generate(request, StepListener.NONE, Cancellation.none(), (logits, done) -> {
                    NDArray picked = Sampler.greedy(logits);
                    halfPicks.add(ReferenceFixture.ints(picked.toLongArray()));
                    return picked;
                });
                int equal = 0;
                int total = 0;
                int firstStep = -1;
                for (int s = 0; s < fullPicks.size(); s++) {
                    for (int i = 0; i < fullPicks.get(s).length; i++) {
                        total++;
                        if (fullPicks.get(s)[i] == halfPicks.get(s)[i]) {
                            equal++;
                        } else if (firstStep < 0) {
                            firstStep = s;
                        }
                    }
                }
                String report = c.name() + ": float16 greedy tokens equal float32 in " + equal + " of " + total;
                if (firstStep >= 0) {
                    float[] logits = fullLogits.get(firstStep);
                    int[] full = fullPicks.get(firstStep);
                    int[] halfTokens = halfPicks.get(firstStep);
                    int vocab = logits.length / full.length;
                    double range = 0;
                    for (float v : logits) {
                        range = Math.max(range, Math.abs(v));
                    }
                    double gap = 0;
                    for (int i = 0; i < full.length; i++) {
                        gap = Math.max(gap, logits[i * vocab + full[i]] - logits[i * vocab + halfTokens[i]]);
                    }
                    report += "; first difference at step " + firstStep + ", where float32 ranks the float16 token "
                            + String.format(java.util.Locale.ROOT, "%.4f", gap) + " below its top one (logit range "
                            + String.format(java.util.Locale.ROOT, "%.2f", range) + ")";
                    assertTrue(gap <= 0.02 * range, report);
                }
                System.out.println(report);
            }
        }
    }

    @Test
    void scheduleReproducesTokensPerStepOfEveryCase() throws Exception {
        for (ReferenceFixture.Case c : ReferenceFixture.cases()) {
            assertArrayEquals(c.tokensPerStep(), c.schedule().tokensPerStep(c.order().length, c.numIter()), c.name());
        }
    }

    @Test
    void greedyGenerationReproducesTheRecordedTokens() throws Exception {
        for (ReferenceFixture.Case c : ReferenceFixture.cases()) {
            List<Integer> emitted = new ArrayList<>();
            GenerationResult result = new Generator(model).generate(request(c, recoveredOrder(c)),
                    event -> emitted.add(event.tokens()[0].length), Cancellation.none());
            assertArrayEquals(c.tokensPerStep(), emitted.stream().mapToInt(Integer::intValue).toArray(), c.name());
            assertArrayEquals(c.tokensPerStep(), result.tokensPerStep(), c.name());
            for (int b = 0; b < c.tokens().length; b++) {
                assertArrayEquals(c.tokens()[b], result.tokens()[b], c.name() + " row " + b);
            }
        }
    }

    /**
     * Replays every case step by step with the recorded tokens, querying every position not yet
     * generated, and checks that each recorded row of guided logits is the logits of one of them
     * (within 1e-3); this also recovers the order the reference generated in.
     *
     * <p>Why not simply the recorded {@code order}: in this fixture folder it is not the order the
     * logits were computed in. The official {@code generate()} draws {@code torch.rand(256)} for
     * its order after {@code preprocess_condition} has drawn B numbers with {@code torch.rand_like};
     * the recorded order matches the stream without those B draws (its positions p >= B, minus B,
     * are the real order but for B entries). Queries of the first step all see only the class
     * token, whose rotated key is zero, so its logits are the same for every position and only
     * the recorded order can rank the candidates: first the recorded order is tried, then that
     * order shifted by B.
     */
    @Test
    void replayedStepsGiveTheRecordedGuidedLogits() throws Exception {
        for (ReferenceFixture.Case c : ReferenceFixture.cases()) {
            int[] order = recoveredOrder(c);
            assertEquals(c.order().length, Arrays.stream(order).distinct().count(), c.name());
        }
    }

    /** The order under which the recorded logits arise: see {@link #replayedStepsGiveTheRecordedGuidedLogits}. */
    static int[] recoveredOrder(ReferenceFixture.Case c) throws Exception {
        int[] cached = RECOVERED.get(c.name());
        if (cached != null) {
            return cached;
        }
        int[] order;
        try {
            order = recoverOrder(c, c.order());
        } catch (AssertionError recordedOrderFailed) {
            int batch = c.classes().length;
            order = recoverOrder(c, Arrays.stream(c.order()).filter(p -> p >= batch).map(p -> p - batch).toArray());
        }
        if (!Arrays.equals(order, c.order())) {
            System.out.println(c.name() + ": the recorded logits were computed in another order than the recorded 'order' ("
                    + mismatches(order, c.order()) + " of " + order.length + " entries differ)");
        }
        RECOVERED.put(c.name(), order);
        return order;
    }

    /**
     * The generation order under which the recorded guided logits arise, step by step; among
     * positions whose logits match equally (the first step), those earliest in {@code preference} win.
     */
    static int[] recoverOrder(ReferenceFixture.Case c, int[] preference) throws Exception {
        StateDict recorded = ReferenceFixture.tensors("generate_logits.safetensors");
        long[] shape = recorded.get(c.name() + ".logits").shape();     // (B, L, V) in generation order
        float[] expected = recorded.get(c.name() + ".logits").toFloats();
        int batch = (int) shape[0];
        int length = (int) shape[1];
        int vocab = (int) shape[2];
        ArpgConfig config = model.config();
        assertEquals(config.blockSize(), length);
        assertEquals(config.vocabSize(), vocab);
        int[] order = new int[length];
        boolean[] used = new boolean[length];
        double worst = 0;
        try (NDManager run = model.manager().newSubManager();
                KvCache cache = model.newCache(run, 2 * batch, 1 + length)) {
            long[] ids = new long[2 * batch];
            for (int b = 0; b < batch; b++) {
                ids[b] = config.classTokenId(c.classes()[b]);
                ids[batch + b] = config.nullClassTokenId();
            }
            NDArray tokens = run.create(ids, new Shape(2 * batch, 1));
            NDArray tokenRows = run.zeros(new Shape(2 * batch, 1), DataType.INT64);
            int done = 0;
            for (int count : c.tokensPerStep()) {
                int[] remaining = IntStream.range(0, length).filter(p -> !used[p]).toArray();
                long[] queryRows = new long[2 * batch * remaining.length];
                for (int r = 0; r < 2 * batch; r++) {
                    for (int i = 0; i < remaining.length; i++) {
                        queryRows[r * remaining.length + i] = Rope2d.row(remaining[i]);
                    }
                }
                NDArray logits = model.forward(cache, tokens,
                        tokenRows, run.create(queryRows, new Shape(2 * batch, remaining.length)),
                        ArpgModel.Mask.NONE, ArpgModel.Mask.NONE, Cancellation.none());
                double scale = c.guidance().scale(c.guidanceScale(), done + count, length);
                float[] guided = Sampler.applyTemperature(Guidance.combine(logits, batch, scale), c.temperature())
                        .toFloatArray();                                       // (B, R, V)
                for (int i = done; i < done + count; i++) {
                    int best = -1;
                    double bestError = Double.MAX_VALUE;
                    for (int q = 0; q < remaining.length; q++) {
                        if (used[remaining[q]]) {
                            continue;
                        }
                        double error = 0;
                        boolean sameTokens = true;
                        for (int b = 0; b < batch; b++) {
                            int argmax = 0;
                            for (int v = 0; v < vocab; v++) {
                                float e = expected[(b * length + i) * vocab + v];
                                error = Math.max(error, Math.abs(guided[(b * remaining.length + q) * vocab + v] - e));
                                if (e > expected[(b * length + i) * vocab + argmax]) {
                                    argmax = v;
                                }
                            }
                            sameTokens &= c.tokens()[b][remaining[q]] == argmax;
                        }
                        if (sameTokens && error <= 1e-3 && best >= 0 && bestError <= 1e-3) {
                            if (rank(preference, remaining[q]) < rank(preference, remaining[best])) {
                                best = q;
                                bestError = error;
                            }
                        } else if (sameTokens && error < bestError) {
                            best = q;
                            bestError = error;
                        }
                    }
                    assertTrue(best >= 0 && bestError <= 1e-3, c.name() + ": no remaining position gives the recorded"
                            + " guided logits of generated token " + i + " (closest differs by " + bestError + ")");
                    worst = Math.max(worst, bestError);
                    order[i] = remaining[best];
                    used[remaining[best]] = true;
                }
                long[] fed = new long[2 * batch * count];
                long[] fedRows = new long[2 * batch * count];
                for (int r = 0; r < 2 * batch; r++) {
                    for (int i = 0; i < count; i++) {
                        fed[r * count + i] = c.tokens()[r % batch][order[done + i]];
                        fedRows[r * count + i] = Rope2d.row(order[done + i]);
                    }
                }
                tokens = run.create(fed, new Shape(2 * batch, count));
                tokenRows = run.create(fedRows, new Shape(2 * batch, count));
                done += count;
            }
        }
        System.out.println(c.name() + ": replay max abs guided-logit difference " + worst);
        return order;
    }

    private static int rank(int[] preference, int position) {
        for (int i = 0; i < preference.length; i++) {
            if (preference[i] == position) {
                return i;
            }
        }
        return preference.length + position;
    }

    private static int mismatches(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] == b[i] ? 0 : 1;
        }
        return n;
    }
}
