package com.arpgstudio.inference.arpg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One image of a generation batch: its class, its seed, the tokens already known and the
 * positions to fill. Positions are raster indices {@code row * grid + column} in
 * {@code [0, grid * grid)}; a position neither known nor to fill is simply absent from the context.
 *
 * @param classId class label in {@code [0, numClasses)}, or {@code null} for the null class (unconditional)
 * @param seed seeds the random order (when {@code order} is null) and the sampler of this row
 * @param knownPositions raster positions whose tokens are given (prefilled into the cache)
 * @param knownTokens the tokens at {@code knownPositions}, each in {@code [0, vocabSize)}
 * @param fillPositions raster positions to generate
 * @param order the generation order: a permutation of {@code fillPositions}, or {@code null} for
 *     a random one drawn from {@code seed}
 */
public record GenerationRow(
        Integer classId,
        long seed,
        int[] knownPositions,
        int[] knownTokens,
        int[] fillPositions,
        int[] order) {

    /** Marks a cell of a token grid that is not known. */
    public static final int UNKNOWN = -1;

    public GenerationRow {
        if (knownPositions == null || knownTokens == null || fillPositions == null) {
            throw new IllegalArgumentException("expected known positions, known tokens and fill positions, found null");
        }
        if (knownPositions.length != knownTokens.length) {
            throw new IllegalArgumentException("expected one known token per known position, found "
                    + knownTokens.length + " tokens for " + knownPositions.length + " positions");
        }
        if (fillPositions.length == 0) {
            throw new IllegalArgumentException("expected at least one position to fill, found none");
        }
        knownPositions = knownPositions.clone();
        knownTokens = knownTokens.clone();
        fillPositions = fillPositions.clone();
        if (order != null) {
            int[] sortedOrder = order.clone();
            int[] sortedFill = fillPositions.clone();
            Arrays.sort(sortedOrder);
            Arrays.sort(sortedFill);
            if (!Arrays.equals(sortedOrder, sortedFill)) {
                throw new IllegalArgumentException("expected the order to be a permutation of the fill positions");
            }
            order = order.clone();
        }
    }

    /** Generates a whole image of {@code tokens} positions from nothing but the class. */
    public static GenerationRow unconditionalCanvas(Integer classId, long seed, int tokens) {
        int[] all = new int[tokens];
        Arrays.setAll(all, i -> i);
        return new GenerationRow(classId, seed, new int[0], new int[0], all, null);
    }

    /**
     * From a token grid in raster order: cells holding a token are known, cells holding
     * {@link #UNKNOWN} are filled (inpainting, outpainting).
     */
    public static GenerationRow fromGrid(Integer classId, long seed, int[] grid) {
        List<Integer> known = new ArrayList<>();
        List<Integer> fill = new ArrayList<>();
        for (int p = 0; p < grid.length; p++) {
            if (grid[p] == UNKNOWN) {
                fill.add(p);
            } else if (grid[p] >= 0) {
                known.add(p);
            } else {
                throw new IllegalArgumentException("grid cell " + p + ": expected a token or UNKNOWN, found " + grid[p]);
            }
        }
        int[] knownPositions = known.stream().mapToInt(Integer::intValue).toArray();
        int[] knownTokens = Arrays.stream(knownPositions).map(p -> grid[p]).toArray();
        return new GenerationRow(classId, seed, knownPositions, knownTokens,
                fill.stream().mapToInt(Integer::intValue).toArray(), null);
    }

    /** The same row with a fixed generation order. */
    public GenerationRow withOrder(int[] newOrder) {
        return new GenerationRow(classId, seed, knownPositions, knownTokens, fillPositions, newOrder);
    }

    /** The same row with another seed: a variant sharing the known context. */
    public GenerationRow withSeed(long newSeed) {
        return new GenerationRow(classId, newSeed, knownPositions, knownTokens, fillPositions, order);
    }

    @Override
    public int[] knownPositions() {
        return knownPositions.clone();
    }

    @Override
    public int[] knownTokens() {
        return knownTokens.clone();
    }

    @Override
    public int[] fillPositions() {
        return fillPositions.clone();
    }

    @Override
    public int[] order() {
        return order == null ? null : order.clone();
    }
}
