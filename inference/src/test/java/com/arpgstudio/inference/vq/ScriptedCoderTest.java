package com.arpgstudio.inference.vq;

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
import com.arpgstudio.inference.arpg.ReferenceFixture;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.ScriptText;
import com.arpgstudio.inference.runtime.TorchScripts;
import com.arpgstudio.inference.vq.ScriptedCoder.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripted coders ({@link Encoder#forward}, {@link Decoder#forward}) against the op-by-op ports
 * ({@link Encoder#forwardOpByOp}, {@link Decoder#forwardOpByOp}) on the fixture tokenizer, for
 * random images and latents of several grid shapes and batch sizes (the reference tests check
 * the scripted paths against the official tokenizer). Not 1x1 maps: with this tokenizer's 2 channels a group at the deepest level, GroupNorm
 * over one position is a sign function of the difference of two values, so last-bit differences
 * of fused kernels (silu against x * sigmoid(x)) can flip whole outputs; CodePreviewTest covers
 * single-code decodes through the scripted path. {@code -Darpg.device=gpu} runs it on the GPU.
 * Also the weights the script reads by name against those {@link ScriptedCoder} binds.
 */
@ReferenceFixtures.Needed
class ScriptedCoderTest {

    /** A check run on the fixture tokenizer's float32 weights. */
    private interface Check {
        void run(VqConfig config, VqWeights weights, NDManager manager) throws Exception;
    }

    private static void onFixtureWeights(Check check) throws Exception {
        StateDict dict = StateDict.open(ReferenceFixtures.file("vq.safetensors"));
        VqConfig config = VqConfig.resolve(dict, ReferenceFixtures.file("vq.safetensors"));
        try (NDManager manager = DjlRuntime.newManager(ReferenceFixture.device())) {
            check.run(config, VqWeights.load(dict, config, manager, DataType.FLOAT32), manager);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2,4,4", "1,3,5", "3,2,6"})
    void scriptedDecoderMatchesTheOpByOpPort(String batchHeightWidth) throws Exception {
        long[] sizes = Arrays.stream(batchHeightWidth.split(",")).mapToLong(Long::parseLong).toArray();
        onFixtureWeights((config, weights, manager) -> {
            try (Decoder decoder = new Decoder(weights, new UnitAffine(manager), manager);
                    NDManager scope = manager.newSubManager()) {
                Shape shape = new Shape(sizes[0], config.codebookEmbedDim(), sizes[1], sizes[2]);
                NDArray quant = scope.create(uniform(shape, 11), shape);
                assertClose(decoder.forward(quant), decoder.forwardOpByOp(quant));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2,4,4", "1,3,5", "3,2,6"})
    void scriptedEncoderMatchesTheOpByOpPort(String batchRowsColumns) throws Exception {
        long[] sizes = Arrays.stream(batchRowsColumns.split(",")).mapToLong(Long::parseLong).toArray();
        onFixtureWeights((config, weights, manager) -> {
            try (Encoder encoder = new Encoder(weights, new UnitAffine(manager), manager);
                    NDManager scope = manager.newSubManager()) {
                long f = config.downsampleFactor();
                Shape shape = new Shape(sizes[0], 3, sizes[1] * f, sizes[2] * f);
                NDArray images = scope.create(uniform(shape, 13), shape);
                NDArray scripted = encoder.forward(images);
                assertArrayEquals(new long[] {shape.get(0), config.codebookEmbedDim(), shape.get(2) / f, shape.get(3) / f},
                        scripted.getShape().getShape());
                assertClose(scripted, encoder.forwardOpByOp(images));
            }
        });
    }

    @Test
    void bindingRefusesAMissingOrAnExtraWeight() throws Exception {
        onFixtureWeights((config, weights, manager) -> {
            Map<String, List<String>> declared = declaredNames(manager);
            List<ScriptedCoder.Stage> encoder = ScriptedCoder.encoderStages(weights);
            List<ScriptedCoder.Stage> decoder = ScriptedCoder.decoderStages(weights);
            ScriptedCoder.checkNames("encoder", declared, encoder);
            ScriptedCoder.checkNames("decoder", declared, decoder);
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            encoder.forEach(stage -> kinds.add(stage.kind()));
            decoder.forEach(stage -> kinds.add(stage.kind()));
            assertEquals(EnumSet.allOf(Kind.class), kinds, "the two coders run every kind");

            int attention = firstOf(encoder, Kind.ATTENTION);
            List<ScriptedCoder.Stage> lacking = replaced(encoder, attention, named -> named.remove("q_bias"));
            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> ScriptedCoder.checkNames("encoder", declared, lacking));
            assertTrue(missing.getMessage().contains("encoder stage " + attention + " (attention): expected ["),
                    missing.getMessage());
            assertTrue(missing.getMessage().contains("(lacks [q_bias])"), missing.getMessage());

            int output = firstOf(decoder, Kind.OUTPUT);
            List<ScriptedCoder.Stage> more = replaced(decoder, output,
                    named -> named.put("norm_out_scale", named.get("norm_out_weight")));
            IllegalStateException extra = assertThrows(IllegalStateException.class,
                    () -> ScriptedCoder.checkNames("decoder", declared, more));
            assertTrue(extra.getMessage().contains("decoder stage " + output + " (output)"), extra.getMessage());
            assertTrue(extra.getMessage().contains("has [norm_out_scale] that the script does not read"),
                    extra.getMessage());
        });
    }

    /** What weight_names declares is what the script's code reads: stage["..."] in the method of each kind. */
    @Test
    void theScriptReadsExactlyTheWeightsItDeclares() throws Exception {
        String source = ScriptText.of(ScriptedCoder.class, ScriptedCoder.SOURCE);
        Map<String, List<String>> declared;
        try (NDManager manager = DjlRuntime.newManager(ReferenceFixture.device())) {
            declared = declaredNames(manager);
        }
        assertEquals(Arrays.stream(Kind.values()).map(Kind::scriptName).collect(Collectors.toSet()), declared.keySet());
        String resnet = ScriptText.method(source, "resnet");
        for (Kind kind : Kind.values()) {
            String code = switch (kind) {
                case RESNET -> resnet.substring(0, resnet.indexOf("if shortcut:"));
                case RESNET_SHORTCUT -> resnet;
                default -> ScriptText.method(source, kind.scriptName());
            };
            assertEquals(new TreeSet<>(declared.get(kind.scriptName())), ScriptText.readKeys(code, "stage"),
                    kind.scriptName());
            assertTrue(ScriptText.method(source, "run").contains("kind == \"" + kind.scriptName() + "\""),
                    "run dispatches " + kind.scriptName());
        }
    }

    private static Map<String, List<String>> declaredNames(NDManager manager) {
        PtSymbolBlock module = TorchScripts.load((PtNDManager) manager, ScriptedCoder.class, ScriptedCoder.SOURCE,
                "VqCoder", Map.of());
        try {
            return TorchScripts.weightNames(module);
        } finally {
            module.close();
        }
    }

    private static int firstOf(List<ScriptedCoder.Stage> stages, Kind kind) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).kind() == kind) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " stage");
    }

    /** The stages with stage {@code index}'s weights edited. */
    private static List<ScriptedCoder.Stage> replaced(List<ScriptedCoder.Stage> stages, int index,
            Consumer<Map<String, NDArray>> edit) {
        List<ScriptedCoder.Stage> copy = new ArrayList<>(stages);
        Map<String, NDArray> named = new LinkedHashMap<>(stages.get(index).weights());
        edit.accept(named);
        copy.set(index, new ScriptedCoder.Stage(stages.get(index).kind(), named));
        return copy;
    }

    /** Values uniform in [-1, 1). */
    private static float[] uniform(Shape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    private static void assertClose(NDArray scripted, NDArray reference) {
        assertArrayEquals(reference.getShape().getShape(), scripted.getShape().getShape());
        float worst = scripted.sub(reference).abs().max().getFloat();
        float range = reference.abs().max().getFloat();
        assertTrue(worst <= 1e-4f * Math.max(1f, range), "max abs difference " + worst + " (range " + range + ")");
    }
}
