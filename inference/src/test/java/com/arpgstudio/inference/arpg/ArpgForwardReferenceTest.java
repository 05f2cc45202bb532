package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.StateDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RoPE table and teacher-forced logits against forward.safetensors. */
@ReferenceFixtures.Needed
class ArpgForwardReferenceTest {

    @Test
    void freqsCisMatchesTheOfficialTable() throws Exception {
        ArpgConfig config = ReferenceFixture.config();
        StateDict forward = ReferenceFixture.tensors("forward.safetensors");
        float[] expected = forward.get("freqs_cis").toFloats();
        long[] shape = forward.get("freqs_cis").shape();
        float[][][] table = Rope2d.freqsCis(config);
        assertArrayEquals(new long[] {table.length, table[0].length, 2}, shape);
        float[] actual = new float[expected.length];
        int n = 0;
        for (float[][] row : table) {
            for (float[] pair : row) {
                actual[n++] = pair[0];
                actual[n++] = pair[1];
            }
        }
        assertArrayEquals(expected, actual, 1e-6f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arpg.safetensors", "arpg.pt"})
    void teacherForcedLogitsMatch(String checkpoint) throws Exception {
        double worst = teacherForcedDifference(checkpoint, DataType.FLOAT32);
        System.out.println(checkpoint + ", FLOAT32 on " + ReferenceFixture.device() + ": teacher-forced logits within " + worst);
        assertTrue(worst <= 1e-3, "max abs difference " + worst);
    }

    /**
     * The GPU precision (FLOAT16 weights and activations, float32 norms, softmax and logits), run
     * on the CPU: it must stay close to the float32 reference. Half precision keeps about three
     * significant digits, so the bound is relative to the logits' range.
     */
    @Test
    void float16PathStaysCloseToTheReference() throws Exception {
        float[] expected = ReferenceFixture.tensors("forward.safetensors").get("logits").toFloats();
        double range = 0;
        for (float e : expected) {
            range = Math.max(range, Math.abs(e));
        }
        double worst = teacherForcedDifference("arpg.safetensors", DataType.FLOAT16);
        System.out.println("FLOAT16 on " + ReferenceFixture.device() + ": teacher-forced logits within " + worst
                + " (range " + range + ")");
        assertTrue(worst <= 0.02 * range, "max abs difference " + worst + " for logits up to " + range);
    }

    private static double teacherForcedDifference(String checkpoint, DataType dataType) throws Exception {
        ArpgConfig config = ReferenceFixture.config();
        StateDict forward = ReferenceFixture.tensors("forward.safetensors");
        int[] tokens = ReferenceFixture.ints(forward.get("input_ids").toLongs());
        int[] classes = ReferenceFixture.ints(forward.get("condition").toLongs());
        int[] orders = ReferenceFixture.ints(forward.get("orders").toLongs());
        float[] expected = forward.get("logits").toFloats();
        int batch = classes.length;
        int length = config.blockSize();
        int[][] rowTokens = new int[batch][];
        int[][] rowOrders = new int[batch][];
        Integer[] classIds = new Integer[batch];
        for (int b = 0; b < batch; b++) {
            rowTokens[b] = java.util.Arrays.copyOfRange(tokens, b * length, (b + 1) * length);
            rowOrders[b] = java.util.Arrays.copyOfRange(orders, b * length, (b + 1) * length);
            classIds[b] = classes[b];
        }
        try (ArpgModel model = ArpgModel.load(ReferenceFixtures.file(checkpoint), config,
                        ReferenceFixture.device(), dataType);
                NDManager scope = model.manager().newSubManager()) {
            NDArray logits = model.teacherForced(scope, rowTokens, classIds, rowOrders, ArpgModel.Mask.NONE);
            assertArrayEquals(forward.get("logits").shape(), logits.getShape().getShape());
            float[] actual = logits.toFloatArray();
            double worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            }
            System.out.println(checkpoint + " as " + dataType + ": teacher-forced logits, max abs difference " + worst);
            assertEquals(expected.length, actual.length);
            return worst;
        }
    }
}
