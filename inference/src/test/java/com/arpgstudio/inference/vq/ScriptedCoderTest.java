package com.arpgstudio.inference.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.ReferenceFixture;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.util.Arrays;
import java.util.SplittableRandom;
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
