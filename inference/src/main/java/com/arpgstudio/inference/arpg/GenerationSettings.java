package com.arpgstudio.inference.arpg;

/**
 * How to sample: the arguments of the official {@code generate()}.
 *
 * @param steps decoding steps ({@code num_iter}); fewer are run when fewer tokens are to be filled
 * @param guidanceScale classifier-free guidance scale {@code g} (> 0); 1 turns guidance off
 * @param guidance how the scale evolves over the steps ({@code cfg_schedule})
 * @param schedule how many tokens each step emits ({@code sample_schedule})
 * @param temperature logits are divided by {@code max(temperature, 1e-5)}
 * @param topK keep only the k most likely tokens (0: all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1: all)
 */
public record GenerationSettings(
        int steps,
        double guidanceScale,
        Guidance guidance,
        Schedule schedule,
        double temperature,
        int topK,
        double topP) {

    public GenerationSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("expected at least 1 step, found " + steps);
        }
        if (!(guidanceScale > 0) || Double.isInfinite(guidanceScale)) {
            throw new IllegalArgumentException("expected a finite guidance scale > 0, found " + guidanceScale);
        }
        if (guidance == null || schedule == null) {
            throw new IllegalArgumentException("expected a guidance and a sample schedule, found null");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("expected a finite temperature >= 0, found " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("expected top-k >= 0, found " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("expected top-p in (0, 1], found " + topP);
        }
    }

    /** The paper's sampling setup for ARPG-L: 64 steps, guidance 4 linear, arccos, no filtering. */
    public static GenerationSettings defaults() {
        return new GenerationSettings(64, 4.0, Guidance.LINEAR, Schedule.ARCCOS, 1.0, 0, 1.0);
    }

    public GenerationSettings withSteps(int newSteps) {
        return new GenerationSettings(newSteps, guidanceScale, guidance, schedule, temperature, topK, topP);
    }

    public GenerationSettings withGuidance(double newScale, Guidance newGuidance) {
        return new GenerationSettings(steps, newScale, newGuidance, schedule, temperature, topK, topP);
    }

    public GenerationSettings withSchedule(Schedule newSchedule) {
        return new GenerationSettings(steps, guidanceScale, guidance, newSchedule, temperature, topK, topP);
    }

    public GenerationSettings withSampling(double newTemperature, int newTopK, double newTopP) {
        return new GenerationSettings(steps, guidanceScale, guidance, schedule, newTemperature, newTopK, newTopP);
    }

    /** Whether the null-class half of the batch is needed at all. */
    public boolean guided() {
        return guidanceScale != 1.0;
    }
}
