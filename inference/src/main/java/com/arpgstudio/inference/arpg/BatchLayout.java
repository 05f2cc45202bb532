package com.arpgstudio.inference.arpg;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where each row's tokens go in a generation's steps. Every row runs its own schedule, as it would
 * alone: step {@code s} predicts {@code own(r, s)} of row r's positions, in the random order its
 * seed draws. A batch's step has as many query slots as the row that predicts the most in it; a
 * row's own positions come first and dummy slots (RoPE row 0, never attended to) after. In a
 * batch of equal rows (as many known tokens and positions to fill) every row has every slot and
 * nothing is padded; otherwise the prefill is padded to the longest row too, and the cache slots of
 * padding and of dummies are masked out ({@link #valid}).
 *
 * <p>Each row's seed drives, in this order, its order (unless the row gives one) and its sampler's
 * uniforms, one a position in the order; a dummy slot's uniform is 0.5.
 */
final class BatchLayout {

    private final int batch;
    private final boolean padded;
    private final int[] known;
    private final int[] fills;
    private final int maxKnown;
    /** Positions predicted by row r at step s: {@code rowCounts[r][s]}, the row's own schedule. */
    private final int[][] rowCounts;
    /** Query slots of each step: the most any row predicts in it. */
    private final int[] counts;
    /** Where each step's slots begin; {@code starts[steps]} is the width. */
    private final int[] starts;
    /** Row r's position at each slot, or -1 for a dummy. */
    private final int[][] slotOrder;
    /** (B, W) the sampler's uniforms by slot, flattened. */
    private final float[] uniforms;

    private BatchLayout(List<GenerationRow> rows, SamplingSettings settings) {
        batch = rows.size();
        GenerationRow first = rows.get(0);
        padded = rows.stream().anyMatch(row -> row.knownTokens().length != first.knownTokens().length
                || row.fillPositions().length != first.fillPositions().length);
        known = rows.stream().mapToInt(r -> r.knownPositions().length).toArray();
        fills = rows.stream().mapToInt(r -> r.fillPositions().length).toArray();
        maxKnown = Arrays.stream(known).max().orElseThrow();
        rowCounts = new int[batch][];
        int steps = 0;
        for (int r = 0; r < batch; r++) {
            rowCounts[r] = settings.sampleSchedule().tokensPerStep(fills[r], settings.steps());
            steps = Math.max(steps, rowCounts[r].length);
        }
        counts = new int[steps];
        starts = new int[steps + 1];
        for (int step = 0; step < steps; step++) {
            for (int[] own : rowCounts) {
                counts[step] = Math.max(counts[step], step < own.length ? own[step] : 0);
            }
            starts[step + 1] = starts[step] + counts[step];
        }
        int width = starts[steps];
        slotOrder = new int[batch][width];
        uniforms = new float[batch * width];
        Arrays.fill(uniforms, 0.5f);
        for (int r = 0; r < batch; r++) {
            GenerationRow row = rows.get(r);
            SplittableRandom random = new SplittableRandom(row.seed());
            int[] order = row.order() != null ? row.order() : shuffled(row.fillPositions(), random);
            Arrays.fill(slotOrder[r], -1);
            int next = 0;
            for (int step = 0; step < rowCounts[r].length; step++) {
                for (int i = 0; i < rowCounts[r][step]; i++, next++) {
                    slotOrder[r][starts[step] + i] = order[next];
                    uniforms[r * width + starts[step] + i] = (float) Math.min(random.nextDouble(), Math.nextDown(1.0f));
                }
            }
        }
    }

    static BatchLayout of(List<GenerationRow> rows, SamplingSettings settings) {
        return new BatchLayout(rows, settings);
    }

    /** Whether rows differ in their numbers of known tokens or positions to fill (then slots are masked). */
    boolean padded() {
        return padded;
    }

    int maxKnown() {
        return maxKnown;
    }

    /** Query slots of every step together (W): each row's positions to fill, and the dummies. */
    int width() {
        return starts[starts.length - 1];
    }

    int[] counts() {
        return counts.clone();
    }

    /** The plan of this layout's steps (see {@link StepPlan}); its settings are those the steps sample with. */
    StepPlan plan(SamplingSettings settings, int codeLimit, long samplingElements) {
        return StepPlan.of(batch, maxKnown, width(), padded, settings, counts, codeLimit, samplingElements);
    }

    /** Positions row {@code row} predicts at step {@code step}. */
    int own(int row, int step) {
        return step < rowCounts[row].length ? rowCounts[row][step] : 0;
    }

    /** Row {@code row}'s position at each slot, -1 for a dummy (not a copy: do not change it). */
    int[] slotOrder(int row) {
        return slotOrder[row];
    }

    /** (B, W) the sampler's uniforms by slot, flattened. */
    float[] uniforms() {
        return uniforms;
    }

    /** (2B or B, W) RoPE rows of every slot, flattened: a dummy's is 0; the null-class half repeats the rows. */
    long[] queryRows(boolean guided) {
        int width = width();
        long[] out = new long[(guided ? 2 : 1) * batch * width];
        for (int half = 0; half < (guided ? 2 : 1); half++) {
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < width; i++) {
                    out[(half * batch + r) * width + i] = slotOrder[r][i] < 0 ? 0 : Rope2d.row(slotOrder[r][i]);
                }
            }
        }
        return out;
    }

    /**
     * (2B or B, capacity) the cache slots that hold each row's tokens, flattened: the class token,
     * the row's known tokens, the tokens it fed back (not the dummies').
     */
    boolean[] valid(boolean guided, int capacity) {
        int fed = width() - counts[counts.length - 1];
        boolean[] valid = new boolean[(guided ? 2 : 1) * batch * capacity];
        for (int half = 0; half < (guided ? 2 : 1); half++) {
            for (int r = 0; r < batch; r++) {
                int base = (half * batch + r) * capacity;
                Arrays.fill(valid, base, base + 1 + known[r], true);
                for (int i = 0; i < fed; i++) {
                    valid[base + 1 + maxKnown + i] = slotOrder[r][i] >= 0;
                }
            }
        }
        return valid;
    }

    /**
     * (steps, B, 1) each row's guidance scale at each step, flattened: the schedule's scale at the
     * row's own progress (its known tokens, those it generated, those this step adds), as alone.
     */
    float[] guidanceScales(SamplingSettings settings) {
        float[] scales = new float[counts.length * batch];
        for (int r = 0; r < batch; r++) {
            int done = 0;
            for (int step = 0; step < counts.length; step++) {
                int own = own(r, step);
                scales[step * batch + r] = (float) settings.guidanceSchedule().scale(settings.guidanceScale(),
                        known[r] + done + own, known[r] + fills[r]);
                done += own;
            }
        }
        return scales;
    }

    private static int[] shuffled(int[] positions, SplittableRandom random) {
        int[] order = positions.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
