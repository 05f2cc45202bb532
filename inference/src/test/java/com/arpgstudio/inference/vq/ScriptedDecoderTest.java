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
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scripted decoder ({@link Decoder#forward}) against the op-by-op port
 * ({@link Decoder#forwardOpByOp}) on the fixture tokenizer, for random latents of several grid
 * shapes and batch sizes (the reference test checks the scripted path against the official
 * decoder). Not 1x1 maps: with this tokenizer's 2 channels a group at the deepest level, GroupNorm
 * over one position is a sign function of the difference of two values, so last-bit differences
 * of fused kernels (silu against x * sigmoid(x)) can flip whole outputs; CodePreviewTest covers
 * single-code decodes through the scripted path. {@code -Darpg.device=gpu} runs it on the GPU.
 */
@ReferenceFixtures.Needed
class ScriptedDecoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"2,4,4", "1,3,5", "3,2,6"})
    void scriptedDecoderMatchesTheOpByOpPort(String batchHeightWidth) throws Exception {
        String[] sizes = batchHeightWidth.split(",");
        StateDict dict = StateDict.open(ReferenceFixtures.file("vq.safetensors"));
        VqConfig config = VqConfig.resolve(dict, ReferenceFixtures.file("vq.safetensors"));
        try (NDManager manager = DjlRuntime.newManager(ReferenceFixture.device())) {
            VqWeights weights = VqWeights.load(dict, config, manager, DataType.FLOAT32);
            try (Decoder decoder = new Decoder(weights, new UnitAffine(manager), manager);
                    NDManager scope = manager.newSubManager()) {
                Shape shape = new Shape(Long.parseLong(sizes[0]), config.codebookEmbedDim(), Long.parseLong(sizes[1]),
                        Long.parseLong(sizes[2]));
                SplittableRandom random = new SplittableRandom(11);
                float[] values = new float[(int) shape.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextDouble() * 2 - 1);
                }
                NDArray quant = scope.create(values, shape);
                NDArray scripted = decoder.forward(quant);
                NDArray reference = decoder.forwardOpByOp(quant);
                assertArrayEquals(reference.getShape().getShape(), scripted.getShape().getShape());
                float worst = scripted.sub(reference).abs().max().getFloat();
                float range = reference.abs().max().getFloat();
                assertTrue(worst <= 1e-4f * Math.max(1f, range), "max abs difference " + worst + " (range " + range + ")");
            }
        }
    }
}
