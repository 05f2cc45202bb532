package com.arpgstudio.inference.arpg;

/**
 * What a generation produced.
 *
 * @param tokens per row, {@code grid * grid} tokens in raster order: the known tokens, the
 *     generated ones, and {@link GenerationRow#UNKNOWN} where a position was neither
 * @param tokensPerStep how many tokens each step emitted (the same for every row)
 */
public record GenerationResult(int[][] tokens, int[] tokensPerStep) {

    public int stepCount() {
        return tokensPerStep.length;
    }
}
