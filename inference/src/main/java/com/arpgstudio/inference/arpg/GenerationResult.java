package com.arpgstudio.inference.arpg;

/**
 * What a generation produced.
 *
 * @param tokens per row, {@code grid * grid} tokens in raster order: the known tokens, the
 *     generated ones, and {@link GenerationRow#UNKNOWN} where a position was neither
 * @param tokensPerStep how many tokens each step emitted (the same for every row)
 * @param probabilities per row and raster position, the probability of the generated token
 *     ({@link Sampler#confidence}); NaN where no token was generated
 * @param entropies per row and raster position, the entropy (nats) of the distribution the
 *     generated token was drawn from; NaN where no token was generated
 */
public record GenerationResult(int[][] tokens, int[] tokensPerStep, float[][] probabilities, float[][] entropies) {

    public int stepCount() {
        return tokensPerStep.length;
    }
}
