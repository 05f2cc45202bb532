package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int DRAWS = 20_000;

    @Test
    void histogramOfDrawsMatchesSoftmax() {
        int vocab = 24;
        float[] logits = new float[vocab];
        SplittableRandom random = new SplittableRandom(7);
        for (int v = 0; v < vocab; v++) {
            logits[v] = (float) (random.nextGaussian() * 1.5);
        }
        double[] probabilities = softmax(logits);
        long[] tokens = draw(logits, 1.0f, 0, 1.0, 11);
        int[] histogram = new int[vocab];
        for (long t : tokens) {
            histogram[(int) t]++;
        }
        double chiSquare = 0;
        for (int v = 0; v < vocab; v++) {
            double expected = probabilities[v] * DRAWS;
            chiSquare += (histogram[v] - expected) * (histogram[v] - expected) / expected;
            double sigma = Math.sqrt(DRAWS * probabilities[v] * (1 - probabilities[v]));
            assertTrue(Math.abs(histogram[v] - expected) <= 5 * sigma + 1,
                    "token " + v + ": " + histogram[v] + " draws, expected " + expected);
        }
        // 23 degrees of freedom: P(chi2 > 60) is about 4e-5
        assertTrue(chiSquare < 60, "chi-square " + chiSquare);
    }

    @Test
    void topKKeepsTheKLargestLogits() {
        float[] logits = {0.1f, 2.0f, -1.0f, 3.0f, 1.5f, 0.0f};
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            float[] filtered = Sampler.filter(manager.create(logits, new Shape(1, 1, 6)), 3, 1.0).toFloatArray();
            float ninf = Float.NEGATIVE_INFINITY;
            assertArrayEquals(new float[] {ninf, 2.0f, ninf, 3.0f, 1.5f, ninf}, filtered);
        }
        long[] tokens = draw(logits, 1.0f, 3, 1.0, 3);
        for (long t : tokens) {
            assertTrue(t == 1 || t == 3 || t == 4, "drew filtered token " + t);
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // probabilities 0.5, 0.3, 0.15, 0.05: cumulative 0.5, 0.8, 0.95, 1.0
        float[] logits = {(float) Math.log(0.15), (float) Math.log(0.5), (float) Math.log(0.05), (float) Math.log(0.3)};
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            NDArray array = manager.create(logits, new Shape(1, 1, 4));
            float ninf = Float.NEGATIVE_INFINITY;
            // p = 0.6: 0.5 alone is not enough, 0.5 + 0.3 is: two tokens kept
            assertArrayEquals(new float[] {ninf, logits[1], ninf, logits[3]}, Sampler.filter(array, 0, 0.6).toFloatArray());
            // p = 0.4: the most likely token alone
            assertArrayEquals(new float[] {ninf, logits[1], ninf, ninf}, Sampler.filter(array, 0, 0.4).toFloatArray());
            // p = 0.9: three tokens
            assertArrayEquals(new float[] {logits[0], logits[1], ninf, logits[3]},
                    Sampler.filter(array, 0, 0.9).toFloatArray());
        }
        long[] tokens = draw(logits, 1.0f, 0, 0.6, 5);
        int[] histogram = new int[4];
        for (long t : tokens) {
            histogram[(int) t]++;
        }
        assertEquals(0, histogram[0] + histogram[2]);
        // renormalised: 0.5 / 0.8 and 0.3 / 0.8
        assertEquals(0.625, histogram[1] / (double) DRAWS, 0.02);
    }

    @Test
    void lowTemperatureConcentratesOnTheMaximum() {
        float[] logits = {1.0f, 1.2f, 0.9f};
        long[] tokens = draw(logits, 0.01f, 0, 1.0, 9);
        for (long t : tokens) {
            assertEquals(1, t);
        }
    }

    @Test
    void theSameUniformsGiveTheSameTokens() {
        float[] logits = {0.3f, 0.2f, 0.1f, 0.4f, 0.0f};
        assertArrayEquals(draw(logits, 1.0f, 0, 1.0, 42), draw(logits, 1.0f, 0, 1.0, 42));
    }

    /** DRAWS samples from the same logits, as one (1, DRAWS, V) batch. */
    private static long[] draw(float[] logits, float temperature, int topK, double topP, long seed) {
        int vocab = logits.length;
        float[] repeated = new float[DRAWS * vocab];
        float[] uniforms = new float[DRAWS];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < DRAWS; i++) {
            System.arraycopy(logits, 0, repeated, i * vocab, vocab);
            uniforms[i] = (float) random.nextDouble();
        }
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            NDArray scaled = Sampler.applyTemperature(manager.create(repeated, new Shape(1, DRAWS, vocab)), temperature);
            NDArray filtered = Sampler.filter(scaled, topK, topP);
            return Sampler.sample(filtered, manager.create(uniforms, new Shape(1, DRAWS))).toLongArray();
        }
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
