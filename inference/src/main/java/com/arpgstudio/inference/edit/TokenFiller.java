package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import java.util.List;

/**
 * The part of the ARPG engine an edit drives: fill chosen positions of the model's token grid,
 * given the tokens known elsewhere, several rows (windows x variants) in one batch. {@link ArpgTokenFiller}
 * implements it over {@code arpg.Generator}; tests may use a stand-in.
 */
public interface TokenFiller {

    /** Token columns of the model's grid; positions are {@code row * gridColumns() + column}. */
    int gridColumns();

    /** Token rows of the model's grid. */
    int gridRows();

    /** Classes the model knows; class ids are {@code [0, numClasses())}. */
    int numClasses();

    /** Generation steps a {@link #fill} of {@code fill} positions per row takes with these settings. */
    int stepCount(int fill, SamplingSettings settings);

    /**
     * Device memory free now, which batches of windows are sized to when no limit is set;
     * {@link Long#MAX_VALUE} where nothing bounds it.
     */
    default long freeDeviceBytes() {
        return Long.MAX_VALUE;
    }

    /** Device bytes the engine's weights take. */
    long weightBytes();

    /**
     * Device memory a {@link #fill} of {@code rows} rows with {@code known} known and {@code fill}
     * generated tokens each needs at its peak, beyond the weights (an estimate, for
     * {@link MemoryEstimate}).
     */
    FillMemory fillMemory(int rows, int known, int fill, SamplingSettings settings);

    /**
     * @param kvCache  bytes of the per-run KV cache, alive for the whole fill
     * @param stepPeak bytes of the largest step's activations and logits, alive until the step ends
     */
    record FillMemory(long kvCache, long stepPeak) {}

    /**
     * Generates the {@code fillPositions} of every row; a row gets the tokens it would get alone.
     *
     * @param settings     sampling settings, with the class of every row (the seeds come from the rows)
     * @param rows         windows x variants; they may differ in how many positions are known and filled
     * @param listener     told after every step
     * @param cancellation checked between steps
     * @return per row, the grid and the generated tokens' confidence
     * @throws CancelledException when cancelled
     */
    Filled fill(SamplingSettings settings, List<Row> rows, StepListener listener, Cancellation cancellation);

    /**
     * What a {@link #fill} produced, per row in raster order.
     *
     * @param tokens        known tokens, generated tokens, -1 elsewhere
     * @param probabilities the probability of each generated token (see {@code arpg.Sampler.confidence}), NaN elsewhere
     * @param entropies     the entropy (nats) of the distribution each generated token was drawn from, NaN elsewhere
     */
    record Filled(int[][] tokens, float[][] probabilities, float[][] entropies) {}

    /**
     * One batch row.
     *
     * @param seed           seeds this row's order and sampler
     * @param knownPositions positions whose tokens are given
     * @param knownTokens    the tokens at those positions
     * @param fillPositions  positions to generate
     */
    record Row(long seed, int[] knownPositions, int[] knownTokens, int[] fillPositions) {}
}
