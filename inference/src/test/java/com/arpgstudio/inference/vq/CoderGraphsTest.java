package com.arpgstudio.inference.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.ReferenceFixture;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.GraphCapture;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer's calls replayed from CUDA graphs ({@link CoderGraphs}) against the scripted calls
 * they were captured from, for the encoder and the decoder of the fixture tokenizer: the same
 * values, bit for bit, at the capture (the scripted call's result), at replays with other inputs,
 * and over more shapes than are held (each new one releasing the least recently used). With
 * {@code -Darpg.device=gpu} on a CUDA GPU; on the CPU nothing is captured and the same calls check
 * that the fallback is the scripted call.
 */
@ReferenceFixtures.Needed
class CoderGraphsTest {

    @Test
    void replayedCallsGiveTheScriptedCallsResults() throws Exception {
        StateDict dict = StateDict.open(ReferenceFixtures.file("vq.safetensors"));
        VqConfig config = VqConfig.resolve(dict, ReferenceFixtures.file("vq.safetensors"));
        int f = config.downsampleFactor();
        try (NDManager manager = DjlRuntime.newManager(ReferenceFixture.device())) {
            VqWeights weights = VqWeights.load(dict, config, manager, DataType.FLOAT32);
            check(ScriptedCoder.encoder(weights, manager), ScriptedCoder.encoder(weights, manager), manager,
                    (batch, grid) -> new Shape(batch, 3, (long) grid * f, (long) grid * f));
            check(ScriptedCoder.decoder(weights, manager), ScriptedCoder.decoder(weights, manager), manager,
                    (batch, grid) -> new Shape(batch, config.codebookEmbedDim(), grid, grid));
            // a preview patch's 1 x 1 latents: the scripted call, not captured
            check(ScriptedCoder.decoder(weights, manager), ScriptedCoder.decoder(weights, manager), manager,
                    (batch, grid) -> new Shape(batch + grid, config.codebookEmbedDim(), 1, 1));
        }
    }

    private static void check(ScriptedCoder graphed, ScriptedCoder reference, NDManager manager,
            BiFunction<Integer, Integer, Shape> shapes) {
        SplittableRandom random = new SplittableRandom(5);
        // three shapes where two are held: the third releases the first, which then is captured again
        List<Shape> order = List.of(shapes.apply(1, 2), shapes.apply(1, 2), shapes.apply(2, 3), shapes.apply(1, 2),
                shapes.apply(1, 4), shapes.apply(2, 3), shapes.apply(1, 2), shapes.apply(1, 2));
        try (CoderGraphs graphs = new CoderGraphs(graphed, manager, GraphCapture.ALWAYS);
                reference;
                NDManager scope = manager.newSubManager()) {
            for (int call = 0; call < order.size(); call++) {
                Shape shape = order.get(call);
                float[] values = new float[(int) shape.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextDouble() * 2 - 1);
                }
                NDArray x = scope.create(values, shape);
                NDArray replayed = graphs.forward(x);
                NDArray scripted = reference.forward(x);
                assertEquals(scope, replayed.getManager(), "call " + call + ": the result is the caller's");
                assertArrayEquals(scripted.toFloatArray(), replayed.toFloatArray(), "call " + call + " on " + shape);
            }
        }
    }
}
