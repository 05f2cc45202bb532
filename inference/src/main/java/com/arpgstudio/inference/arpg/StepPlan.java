package com.arpgstudio.inference.arpg;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of a generation's steps: for each step, how many tokens it feeds and at which cache
 * slots, which query rows and uniforms it reads, how many positions it predicts and with which
 * guidance scale. It follows from the batch, the known and fill counts and the settings alone,
 * not from the tokens, positions or seeds: two requests with equal plans launch the same kernels
 * on the same slices step for step, which is what lets {@link StepGraphs} replay a captured step.
 *
 * <p>Step 0 feeds the class token and the known tokens, causally, at slots {@code [0, 1 + K)};
 * step {@code s > 0} feeds the tokens sampled by step {@code s - 1}. Step {@code s} predicts
 * {@code counts[s]} positions, entries {@code [done(s), done(s) + counts[s])} of each row's order.
 *
 * <p>A padded plan (rows of different lengths, see {@link BatchLayout}) has the longest row's known
 * tokens and, per step, the most positions any row predicts in it; which slots each row really
 * uses and each row's guidance scale are inputs of its steps, not part of the plan.
 *
 * @param batch rows generated (B); a guided pass runs 2B
 * @param known known tokens per row (K), the longest row's when padded
 * @param fill query slots per row (N): its positions to fill, and dummies when padded
 * @param padded whether the steps mask each row's cache slots and take each row's guidance scale
 * @param settings the sampler's settings: those given, without class, seed and variants
 * @param codeLimit codes sampled from {@code [0, codeLimit)}
 * @param samplingElements floats the sampling of one group of rows may hold at a time
 * @param counts query slots of each step, from the settings' schedule
 */
record StepPlan(int batch, int known, int fill, boolean padded, SamplingSettings settings, int codeLimit,
        long samplingElements, List<Integer> counts) {

    StepPlan {
        counts = List.copyOf(counts);
    }

    /**
     * The plan of a generation of equal rows; of the settings only the sampler's fields count (the
     * class, seed and variants reach the generator as rows).
     */
    static StepPlan of(int batch, int known, int fill, SamplingSettings settings, int codeLimit,
            long samplingElements) {
        int[] counts = settings.sampleSchedule().tokensPerStep(fill, settings.steps());
        return of(batch, known, fill, false, settings, counts, codeLimit, samplingElements);
    }

    /** The plan of a generation whose steps have {@code counts} query slots each. */
    static StepPlan of(int batch, int known, int fill, boolean padded, SamplingSettings settings, int[] counts,
            int codeLimit, long samplingElements) {
        SamplingSettings sampler = settings.withClassId(null).withSeed(0).withVariants(1);
        return new StepPlan(batch, known, fill, padded, sampler, codeLimit, samplingElements,
                Arrays.stream(counts).boxed().toList());
    }

    int steps() {
        return counts.size();
    }

    int count(int step) {
        return counts.get(step);
    }

    /** Rows of a pass: conditional then null-class rows when guided. */
    int passRows() {
        return settings.guided() ? 2 * batch : batch;
    }

    /** Positions of each row predicted before step {@code step}. */
    int done(int step) {
        int done = 0;
        for (int s = 0; s < step; s++) {
            done += counts.get(s);
        }
        return done;
    }

    /** Cache slots a generation fills: the last step's tokens are never fed back. */
    int capacity() {
        return 1 + known + fill - counts.get(counts.size() - 1);
    }

    /** The first cache slot step {@code step} feeds. */
    int start(int step) {
        return step == 0 ? 0 : 1 + known + rowsOffset(step);
    }

    /** Where the RoPE rows of the tokens step {@code step} feeds begin: in the prefill rows (step 0), else in the query rows. */
    int rowsOffset(int step) {
        return step == 0 ? 0 : done(step) - counts.get(step - 1);
    }

    /** How the tokens step {@code step} feeds see each other: step 0 feeds the prefill causally. */
    ArpgModel.Mask feedMask(int step) {
        return step == 0 ? ArpgModel.Mask.CAUSAL : ArpgModel.Mask.NONE;
    }

    /**
     * The guidance scale of step {@code step}, null when unguided (a padded plan's rows take their
     * own scales: {@link BatchLayout#guidanceScales}).
     */
    Double guidance(int step) {
        return settings.guided() ? settings.guidanceSchedule().scale(settings.guidanceScale(),
                known + done(step) + counts.get(step), known + fill) : null;
    }
}
