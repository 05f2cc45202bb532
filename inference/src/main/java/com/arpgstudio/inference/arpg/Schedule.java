package com.arpgstudio.inference.arpg;

import com.google.gson.annotations.SerializedName;
import java.util.Arrays;
import java.util.Locale;

/**
 * How many tokens each step of generation emits: the {@code sample_schedule} of the official
 * {@code generate()}. After step {@code s} of {@code n}, a fraction {@code ratio(s)} of the tokens
 * stays masked; every step emits at least one token and the last step emits the rest. Its name in
 * settings, records and on the command line is the constant's name in lower case.
 */
public enum Schedule {
    /** {@code arccos((s + 1) / n) / (pi / 2)}: few tokens first, many at the end (the paper's default). */
    @SerializedName("arccos") ARCCOS,
    /** {@code cos(pi / 2 * (s + 1) / n)}. */
    @SerializedName("cosine") COSINE;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Fraction of tokens still masked after step {@code step} (0-based) of {@code steps}. */
    public double maskRatio(int step, int steps) {
        double progress = (step + 1.0) / steps;
        return switch (this) {
            case ARCCOS -> Math.acos(progress) / (Math.PI * 0.5);
            case COSINE -> Math.cos(Math.PI / 2.0 * progress);
        };
    }

    /**
     * Tokens emitted per step when {@code total} tokens are generated in at most {@code steps} steps.
     * Ports the official loop:
     * <pre>
     * mask_len = int(seq_len * mask_ratio)
     * mask_len = max(1, min(seq_len - last_pos - 1, mask_len))
     * num_pred = seq_len - last_pos - mask_len   (the last step: seq_len - last_pos)
     * </pre>
     * With fewer tokens than steps the loop would emit nothing in some steps; those steps are
     * dropped, so every entry of the result is positive and they sum to {@code total}.
     */
    public int[] tokensPerStep(int total, int steps) {
        if (total < 1 || steps < 1) {
            throw new IllegalArgumentException("expected at least one token and one step, found "
                    + total + " tokens and " + steps + " steps");
        }
        int[] counts = new int[steps];
        int done = 0;
        int kept = 0;
        for (int step = 0; step < steps; step++) {
            int maskLen = (int) (total * maskRatio(step, steps));
            maskLen = Math.max(1, Math.min(total - done - 1, maskLen));
            int emitted = step == steps - 1 ? total - done : total - done - maskLen;
            if (emitted > 0) {
                counts[kept++] = emitted;
                done += emitted;
            }
        }
        return Arrays.copyOf(counts, kept);
    }
}
