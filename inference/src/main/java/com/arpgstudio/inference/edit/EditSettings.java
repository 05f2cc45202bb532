package com.arpgstudio.inference.edit;

import com.google.gson.annotations.SerializedName;

/**
 * How the engine samples the tokens of an edit. Field names follow the official sampler's
 * arguments ({@code num_iter}, {@code guidance_scale}, {@code cfg_schedule},
 * {@code sample_schedule}, {@code temperature}, {@code top_k}, {@code top_p}).
 *
 * @param steps           generation steps per window; a window with fewer unknown tokens takes one
 *                        token per step
 * @param guidanceScale   classifier-free guidance scale g (1 = no guidance)
 * @param guidanceSchedule constant g, or linear {@code 1 + (g - 1) * done / L}
 * @param sampleSchedule  how many tokens each step emits
 * @param temperature     logits are divided by it before sampling
 * @param topK            keep the k most likely codes (0 = all)
 * @param topP            keep the smallest set of codes whose probability reaches p (1 = all)
 * @param seed            seed of the first variant; variant v uses {@code seed + v}
 * @param variants        results asked for, generated as rows of one batch
 */
public record EditSettings(
        int steps,
        double guidanceScale,
        GuidanceSchedule guidanceSchedule,
        SampleSchedule sampleSchedule,
        double temperature,
        int topK,
        double topP,
        long seed,
        int variants) {

    /** The most variants one edit produces (they share one batch, so memory grows with them). */
    public static final int MAX_VARIANTS = 16;
    /** The most generation steps a window takes; ARPG-L's grid has 256 tokens. */
    public static final int MAX_STEPS = 1024;

    public enum GuidanceSchedule {
        @SerializedName("constant") CONSTANT,
        @SerializedName("linear") LINEAR
    }

    public enum SampleSchedule {
        @SerializedName("arccos") ARCCOS,
        @SerializedName("cosine") COSINE
    }

    /** The official sampler's defaults with the guidance the CLI documents. */
    public static EditSettings defaults() {
        return new EditSettings(64, 4.0, GuidanceSchedule.LINEAR, SampleSchedule.ARCCOS, 1.0, 0, 1.0, 0L, 1);
    }

    /** Throws {@link EditException} ({@code INVALID_SETTINGS}) naming the first value out of range. */
    public EditSettings validate() {
        require(steps >= 1 && steps <= MAX_STEPS, "steps", "1.." + MAX_STEPS, steps);
        require(Double.isFinite(guidanceScale) && guidanceScale > 0 && guidanceScale <= 100,
                "guidance scale", "a number in (0, 100]", guidanceScale);
        require(guidanceSchedule != null, "guidance schedule", "constant or linear", guidanceSchedule);
        require(sampleSchedule != null, "sample schedule", "arccos or cosine", sampleSchedule);
        require(Double.isFinite(temperature) && temperature > 0 && temperature <= 100,
                "temperature", "a number in (0, 100]", temperature);
        require(topK >= 0, "top-k", "0 (off) or a positive count", topK);
        require(Double.isFinite(topP) && topP > 0 && topP <= 1, "top-p", "a number in (0, 1]", topP);
        require(variants >= 1 && variants <= MAX_VARIANTS, "variants", "1.." + MAX_VARIANTS, variants);
        return this;
    }

    /** The seed of variant {@code v}. */
    public long seedOf(int variant) {
        return seed + variant;
    }

    public EditSettings withSeed(long newSeed) {
        return new EditSettings(steps, guidanceScale, guidanceSchedule, sampleSchedule, temperature, topK, topP,
                newSeed, variants);
    }

    public EditSettings withVariants(int count) {
        return new EditSettings(steps, guidanceScale, guidanceSchedule, sampleSchedule, temperature, topK, topP,
                seed, count);
    }

    public EditSettings withSteps(int count) {
        return new EditSettings(count, guidanceScale, guidanceSchedule, sampleSchedule, temperature, topK, topP,
                seed, variants);
    }

    private static void require(boolean ok, String name, String expected, Object found) {
        if (!ok) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS,
                    name + ": expected " + expected + ", found " + found);
        }
    }
}
