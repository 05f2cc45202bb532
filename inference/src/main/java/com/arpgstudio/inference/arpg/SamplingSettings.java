package com.arpgstudio.inference.arpg;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a fill is sampled: the one definition of every sampling setting, its default and its limits,
 * used by the engine ({@link Generator}, the edit operations), the command line's options, the
 * settings file and the editor's panel. Always valid: the constructor refuses a value out of range
 * with a message naming the setting. Field names follow the official {@code generate()}'s
 * arguments ({@code num_iter}, {@code guidance_scale}, {@code cfg_schedule}, {@code sample_schedule},
 * {@code temperature}, {@code top_k}, {@code top_p}); the JSON names (settings file, edit records)
 * are the field names.
 *
 * <p>{@link Generator} reads the sampler's fields; the class and the seed reach it per batch row
 * ({@link GenerationRow}), derived by the edit from {@code classId}, {@code seed} and
 * {@code variants}.
 *
 * @param classId          class the fill is conditioned on (0-based, as the weights number them),
 *                         or null for the null class (unconditional); the model bounds it
 * @param steps            generation steps per window, 1..{@value #MAX_STEPS}; a window with fewer
 *                         tokens to fill than steps takes one token per step
 * @param guidanceScale    classifier-free guidance scale g, {@value #MIN_GUIDANCE} (off) ..
 *                         {@value #MAX_GUIDANCE}
 * @param guidanceSchedule how g evolves over the steps ({@link Guidance})
 * @param sampleSchedule   how many tokens each step emits ({@link Schedule})
 * @param temperature      logits are divided by it before sampling; {@value #MIN_TEMPERATURE} ..
 *                         {@value #MAX_TEMPERATURE}
 * @param topK             keep the k most likely codes; 0 keeps all; at most {@value #MAX_TOP_K}
 * @param topP             keep the smallest set of codes whose probability reaches p;
 *                         {@value #MIN_TOP_P} .. 1 (1 keeps all)
 * @param detailTemperatureRatio the detail passes' temperature over {@code temperature} (a fill larger than
 *                         the model's window redraws its detail at the photo's scale);
 *                         {@value #MIN_DETAIL_TEMPERATURE_RATIO} .. {@value #MAX_DETAIL_TEMPERATURE_RATIO}, the
 *                         passes' temperature at most {@value #MAX_TEMPERATURE}
 * @param seed             seed of the first variant; variant v uses {@code seed + v}
 * @param variants         results one fill produces, as rows of one batch, 1..{@value #MAX_VARIANTS}
 */
public record SamplingSettings(
        Integer classId,
        int steps,
        double guidanceScale,
        Guidance guidanceSchedule,
        Schedule sampleSchedule,
        double temperature,
        int topK,
        double topP,
        double detailTemperatureRatio,
        long seed,
        int variants) {

    /** 1024 steps: one token per step on a 32x32 grid (ARPG-L's grid has 256 tokens). */
    public static final int MAX_STEPS = 1024;
    public static final double MIN_GUIDANCE = 1.0;
    public static final double MAX_GUIDANCE = 20.0;
    /** Lower is as good as greedy (the most likely code every time). */
    public static final double MIN_TEMPERATURE = 0.05;
    public static final double MAX_TEMPERATURE = 10.0;
    /** More than any codebook (VQ-16 has 16,384 codes), so it keeps all of them. */
    public static final int MAX_TOP_K = 1 << 16;
    public static final double MIN_TOP_P = 0.01;
    public static final double MIN_DETAIL_TEMPERATURE_RATIO = 0.5;
    public static final double MAX_DETAIL_TEMPERATURE_RATIO = 3.0;
    /**
     * The detail passes sample this much hotter than the fill unless the model recommends otherwise. A window of
     * a detail pass generates most of its tokens, many in each step, which at the fill's temperature comes out
     * softer than the fill at native scale (measured with {@code DetailBench} on china.jpg with the first embedded
     * model: 1.15x sharpened the fills of a 1/2.99 shrink from 69% to 93% of the native fill's sharpness; 1.25x
     * was softer on another seed). How much hotter depends on the model: {@code DetailBench MODEL_DIR} measures it.
     */
    public static final double DEFAULT_DETAIL_TEMPERATURE_RATIO = 1.15;
    /** The most variants one fill produces (they share one batch, so memory grows with them). */
    public static final int MAX_VARIANTS = 16;
    /** Random seeds are drawn from 0..MAX_RANDOM_SEED, short enough to read and type. */
    public static final long MAX_RANDOM_SEED = (1L << 31) - 1;

    /**
     * The official sampler's defaults for ARPG-L ({@code generate(guidance_scale=4.0,
     * schedule='linear', temperature=1.0, top_k=0, top_p=1.0, num_iter=64)}), the detail passes
     * {@value #DEFAULT_DETAIL_TEMPERATURE_RATIO}x hotter (the official code has none), the null class, seed 0
     * and one variant.
     */
    public static final SamplingSettings DEFAULTS = new SamplingSettings(null, 64, 4.0, Guidance.LINEAR,
            Schedule.ARCCOS, 1.0, 0, 1.0, DEFAULT_DETAIL_TEMPERATURE_RATIO, 0L, 1);

    /** The object of a model's config.json that holds its recommended settings. */
    public static final String CONFIG_KEY = "sampling";
    /**
     * What a model may recommend: how to sample it. The class, the seed and the number of variants
     * are the user's choice alone.
     */
    public static final List<String> RECOMMENDABLE = List.of("steps", "guidanceScale", "guidanceSchedule",
            "sampleSchedule", "temperature", "topK", "topP", "detailTemperatureRatio");

    public SamplingSettings {
        require(classId == null || classId >= 0, "classId", "a class id >= 0, or none", classId);
        require(steps >= 1 && steps <= MAX_STEPS, "steps", "1.." + MAX_STEPS, steps);
        require(guidanceScale >= MIN_GUIDANCE && guidanceScale <= MAX_GUIDANCE, "guidanceScale",
                MIN_GUIDANCE + ".." + MAX_GUIDANCE, guidanceScale);
        require(guidanceSchedule != null, "guidanceSchedule", "one of " + Arrays.toString(Guidance.values()),
                "none or an unknown name");
        require(sampleSchedule != null, "sampleSchedule", "one of " + Arrays.toString(Schedule.values()),
                "none or an unknown name");
        require(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE, "temperature",
                MIN_TEMPERATURE + ".." + MAX_TEMPERATURE, temperature);
        require(topK >= 0 && topK <= MAX_TOP_K, "topK", "0 (all) .. " + MAX_TOP_K, topK);
        require(topP >= MIN_TOP_P && topP <= 1, "topP", MIN_TOP_P + "..1", topP);
        require(detailTemperatureRatio >= MIN_DETAIL_TEMPERATURE_RATIO
                        && detailTemperatureRatio <= MAX_DETAIL_TEMPERATURE_RATIO, "detailTemperatureRatio",
                MIN_DETAIL_TEMPERATURE_RATIO + ".." + MAX_DETAIL_TEMPERATURE_RATIO, detailTemperatureRatio);
        require(variants >= 1 && variants <= MAX_VARIANTS, "variants", "1.." + MAX_VARIANTS, variants);
    }

    /**
     * The settings a model's config.json recommends: {@link #DEFAULTS} with the values of its
     * {@value #CONFIG_KEY} object put in (none when it has none; {@code config} may be null). The
     * fixture layout ({@code {"arpg": ..., "vq": ..., "sampling": ...}}) and a bare ModelArgs object
     * with a {@value #CONFIG_KEY} key are both read.
     *
     * @throws IllegalArgumentException naming the key, for a key other than {@link #RECOMMENDABLE},
     *                                  a value of the wrong type or one out of its limits ({@link SamplingJson})
     */
    public static SamplingSettings recommendedBy(JsonObject config) {
        JsonElement given = config == null ? null : config.get(CONFIG_KEY);
        if (given == null) {
            return DEFAULTS;
        }
        if (!given.isJsonObject()) {
            throw new IllegalArgumentException("'" + CONFIG_KEY + "': expected an object of settings, found " + given);
        }
        return SamplingJson.read(given.getAsJsonObject().asMap(), DEFAULTS, RECOMMENDABLE, CONFIG_KEY + ".");
    }

    /** These settings with the {@link #RECOMMENDABLE} ones of {@code model}: class, seed and variants stay. */
    public SamplingSettings withRecommended(SamplingSettings model) {
        return new SamplingSettings(classId, model.steps, model.guidanceScale, model.guidanceSchedule,
                model.sampleSchedule, model.temperature, model.topK, model.topP, model.detailTemperatureRatio, seed,
                variants);
    }

    /** The {@link #RECOMMENDABLE} settings in words, for a listing: "64 steps (arccos), guidance 4.0 linear, ...". */
    public String describeSampler() {
        return String.format(Locale.ROOT,
                "%d steps (%s), guidance %s %s, temperature %s, top-k %d, top-p %s, detail passes %sx hotter",
                steps, sampleSchedule, guidanceScale, guidanceSchedule, temperature, topK, topP,
                detailTemperatureRatio);
    }

    /** The detail passes' temperature: {@code temperature} x {@code detailTemperatureRatio}, at most the limit. */
    public double detailTemperature() {
        return Math.min(MAX_TEMPERATURE, temperature * detailTemperatureRatio);
    }

    /** A seed drawn at random from 0..{@value #MAX_RANDOM_SEED}. */
    public static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(MAX_RANDOM_SEED + 1);
    }

    /** The seed of variant {@code v}. */
    public long seedOf(int variant) {
        return seed + variant;
    }

    /** Whether the null-class half of the batch is needed at all. */
    public boolean guided() {
        return guidanceScale != 1.0;
    }

    /**
     * Whether a row of {@code rowClassId} is guided: without a class its conditional row would be
     * a null-class row too, and guidance would add exactly zero, uncond + (uncond - uncond) * scale.
     */
    public boolean guidedTowards(Integer rowClassId) {
        return guided() && rowClassId != null;
    }

    public SamplingSettings withClassId(Integer newClassId) {
        return new SamplingSettings(newClassId, steps, guidanceScale, guidanceSchedule, sampleSchedule, temperature,
                topK, topP, detailTemperatureRatio, seed, variants);
    }

    public SamplingSettings withSteps(int newSteps) {
        return new SamplingSettings(classId, newSteps, guidanceScale, guidanceSchedule, sampleSchedule, temperature,
                topK, topP, detailTemperatureRatio, seed, variants);
    }

    public SamplingSettings withGuidance(double newScale, Guidance newSchedule) {
        return new SamplingSettings(classId, steps, newScale, newSchedule, sampleSchedule, temperature, topK, topP,
                detailTemperatureRatio, seed, variants);
    }

    public SamplingSettings withSampleSchedule(Schedule newSchedule) {
        return new SamplingSettings(classId, steps, guidanceScale, guidanceSchedule, newSchedule, temperature, topK,
                topP, detailTemperatureRatio, seed, variants);
    }

    public SamplingSettings withSampling(double newTemperature, int newTopK, double newTopP) {
        return new SamplingSettings(classId, steps, guidanceScale, guidanceSchedule, sampleSchedule, newTemperature,
                newTopK, newTopP, detailTemperatureRatio, seed, variants);
    }

    public SamplingSettings withDetailTemperatureRatio(double ratio) {
        return new SamplingSettings(classId, steps, guidanceScale, guidanceSchedule, sampleSchedule, temperature,
                topK, topP, ratio, seed, variants);
    }

    public SamplingSettings withSeed(long newSeed) {
        return new SamplingSettings(classId, steps, guidanceScale, guidanceSchedule, sampleSchedule, temperature,
                topK, topP, detailTemperatureRatio, newSeed, variants);
    }

    public SamplingSettings withVariants(int count) {
        return new SamplingSettings(classId, steps, guidanceScale, guidanceSchedule, sampleSchedule, temperature,
                topK, topP, detailTemperatureRatio, seed, count);
    }

    private static void require(boolean valid, String setting, String expected, Object found) {
        if (!valid) {
            throw new IllegalArgumentException("setting '" + setting + "': expected " + expected + ", found " + found);
        }
    }
}
