package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.ScriptText;
import com.arpgstudio.inference.runtime.TorchScripts;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scripted passes ({@link ArpgModel#forward}) against the op-by-op port
 * ({@link ArpgModel#forwardOpByOp}) over a whole multi-step run with a shared cache: a causal
 * prefill of known tokens, then steps of several queries, on a random model with several heads and
 * blocks in float32, with each attention kernel (the reference fixtures check both against the official numbers); and the
 * weights the script reads by name against those {@link ScriptedPasses} binds.
 */
class ScriptedPassesTest {

    private static final List<String> GROUPS = List.of("model", "self_blocks", "cross_blocks");

    @Test
    void bindingRefusesAMissingOrAnExtraWeight() {
        Map<String, List<String>> declared = declaredNames();
        Set<String> model = new HashSet<>(declared.get("model"));
        Set<String> selfBlock = new HashSet<>(declared.get("self_blocks"));
        Set<String> crossBlock = new HashSet<>(declared.get("cross_blocks"));
        ScriptedPasses.checkNames(declared, model, selfBlock, crossBlock);

        Set<String> lacking = new HashSet<>(model);
        lacking.remove("head");
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> ScriptedPasses.checkNames(declared, lacking, selfBlock, crossBlock));
        assertTrue(missing.getMessage().contains("model lacks [head]"), missing.getMessage());

        Set<String> more = new HashSet<>(crossBlock);
        more.add("w4");
        IllegalStateException extra = assertThrows(IllegalStateException.class,
                () -> ScriptedPasses.checkNames(declared, model, selfBlock, more));
        assertTrue(extra.getMessage().contains("cross_blocks has [w4]"), extra.getMessage());
    }

    @Test
    void blockWeightsAreNamedAsTheirRecordComponents() {
        Map<String, List<String>> declared = declaredNames();
        try (NDManager manager = NDManager.newBaseManager(ReferenceFixture.device())) {
            NDArray one = manager.ones(new Shape(1));
            assertEquals(Set.copyOf(declared.get("self_blocks")),
                    ScriptedPasses.byName(new ArpgWeights.SelfLayer(one, one, one, one)).keySet());
            assertEquals(Set.copyOf(declared.get("cross_blocks")),
                    ScriptedPasses.byName(new ArpgWeights.CrossLayer(one, one, one, one)).keySet());
        }
    }

    /** What weight_names declares is what the script's code reads: model["..."] anywhere, block["..."] in each block. */
    @Test
    void theScriptReadsExactlyTheWeightsItDeclares() throws IOException {
        String source = ScriptText.of(ScriptedPasses.class, ScriptedPasses.SOURCE);
        Map<String, List<String>> declared = declaredNames();
        assertEquals(new TreeSet<>(declared.get("model")), ScriptText.readKeys(source, "model"));
        assertEquals(new TreeSet<>(declared.get("self_blocks")),
                ScriptText.readKeys(ScriptText.method(source, "self_block"), "block"));
        assertEquals(new TreeSet<>(declared.get("cross_blocks")),
                ScriptText.readKeys(ScriptText.method(source, "cross_block"), "block"));
        assertEquals(Set.copyOf(GROUPS), declared.keySet());
    }

    private static Map<String, List<String>> declaredNames() {
        try (NDManager manager = NDManager.newBaseManager(ReferenceFixture.device())) {
            PtSymbolBlock module = TorchScripts.load((PtNDManager) manager, ScriptedPasses.class,
                    ScriptedPasses.SOURCE, "ArpgPasses", AttentionKernel.SDPA.attributes(AttentionKernel.DEFAULT_EFFICIENT_FROM));
            try {
                return TorchScripts.weightNames(module);
            } finally {
                module.close();
            }
        }
    }

    /** Every kernel the device runs (on the CPU flash and efficient fall back to scaled_dot_product_attention). */
    @ReferenceFixtures.Needed
    @ParameterizedTest
    @EnumSource(AttentionKernel.class)
    void scriptedPassesMatchTheOpByOpPortStepByStep(AttentionKernel attention) throws Exception {
        ArpgConfig config = ReferenceFixture.config();
        SplittableRandom random = new SplittableRandom(7);
        int batch = 4;
        int length = config.blockSize();
        int known = length / 3;
        int[] groups = {2, 3, 1, 4};
        try (ArpgModel model = ArpgModel.random(config, ReferenceFixture.device(), DataType.FLOAT32, attention);
                NDManager run = model.manager().newSubManager();
                KvCache scripted = model.newCache(run, batch, 1 + length);
                KvCache opByOp = model.newCache(run, batch, 1 + length);
                KvCache scriptedGuided = model.newCache(run, batch, 1 + length);
                KvCache opByOpGuided = model.newCache(run, batch, 1 + length)) {
            long[] order = shuffledRows(length, random);
            int next = 0;                                       // entries of the order fed so far
            for (int step = 0; step < groups.length; step++) {
                // pass 0 feeds the class token and the known tokens causally; later passes feed the last group
                int width = step == 0 ? 1 + known : groups[step - 1];
                long[][] fed = new long[2][batch * width];
                for (int r = 0; r < batch; r++) {
                    for (int i = 0; i < width; i++) {
                        boolean classToken = step == 0 && i == 0;
                        fed[0][r * width + i] = classToken ? config.classTokenId(r) : random.nextInt(config.vocabSize());
                        fed[1][r * width + i] = classToken ? 0 : order[next + i - (step == 0 ? 1 : 0)];
                    }
                }
                next += step == 0 ? known : width;
                long[] queryRows = new long[batch * groups[step]];
                for (int i = 0; i < queryRows.length; i++) {
                    queryRows[i] = order[next + i % groups[step]];
                }
                ArpgModel.Mask mask = step == 0 ? ArpgModel.Mask.CAUSAL : ArpgModel.Mask.NONE;
                Shape fedShape = new Shape(batch, width);
                Shape queryShape = new Shape(batch, groups[step]);
                NDArray[] inputs = {run.create(fed[0], fedShape), run.create(fed[1], fedShape),
                        run.create(queryRows, queryShape)};
                assertClose(model.forward(scripted, inputs[0], inputs[1], inputs[2], mask, ArpgModel.Mask.NONE, Cancellation.none()),
                        model.forwardOpByOp(opByOp, inputs[0], inputs[1], inputs[2], mask, ArpgModel.Mask.NONE, null, Cancellation.none()),
                        attention + " pass " + step);
                double scale = 1.5 + step;
                NDArray guided = model.forwardGuided(scriptedGuided, inputs[0], inputs[1], inputs[2], mask, scale, Cancellation.none());
                model.usePasses(ArpgModel.Passes.OP_BY_OP);
                NDArray reference = model.forwardGuided(opByOpGuided, inputs[0], inputs[1], inputs[2], mask, scale, Cancellation.none());
                model.usePasses(ArpgModel.Passes.SCRIPTED);
                assertArrayEquals(new long[] {batch / 2, groups[step], config.vocabSize()}, guided.getShape().getShape());
                assertClose(guided, reference, attention + " guided pass " + step);
            }
        }
    }

    private static void assertClose(NDArray fast, NDArray naive, String what) {
        float worst = fast.sub(naive).abs().max().getFloat();
        float range = naive.abs().max().getFloat();
        assertTrue(worst <= 1e-5f * Math.max(1f, range), what + ": max abs difference " + worst);
    }

    private static long[] shuffledRows(int length, SplittableRandom random) {
        long[] rows = new long[length];
        for (int i = 0; i < length; i++) {
            rows[i] = Rope2d.row(i);
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = rows[i];
            rows[i] = rows[j];
            rows[j] = swap;
        }
        return rows;
    }
}
