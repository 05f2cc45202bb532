package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The sampling settings every generating command takes: one option per field of
 * {@link SamplingSettings}, validated by it. An option not given takes the model's recommended
 * value (its config.json's {@value SamplingSettings#CONFIG_KEY}), else {@link SamplingSettings#DEFAULTS}'s.
 */
final class SamplingOptions {

    private static final SamplingSettings DEFAULTS = SamplingSettings.DEFAULTS;
    /** The option of each setting, to name it in an error. */
    private static final Map<String, String> OPTION_OF = Map.of("classId", "--class", "steps", "--steps",
            "guidanceScale", "--cfg", "guidanceSchedule", "--cfg-schedule", "sampleSchedule", "--schedule",
            "temperature", "--temperature", "topK", "--top-k", "topP", "--top-p",
            "detailTemperatureRatio", "--detail-temperature-ratio", "variants", "--variants");
    private static final String MODEL_DEFAULT = " Default: the model's recommended value (`arpg models` lists each model's).";

    @Option(names = "--class", paramLabel = "ID|none",
            description = "ImageNet class id, or none for the null class. Default: ${DEFAULT-VALUE}.")
    String classId = DEFAULTS.classId() == null ? "none" : DEFAULTS.classId().toString();

    @Option(names = "--steps", description = "Generation steps per window." + MODEL_DEFAULT)
    Integer steps;

    @Option(names = "--cfg", description = "Classifier-free guidance scale (1: off)." + MODEL_DEFAULT)
    Double cfg;

    @Option(names = "--cfg-schedule",
            description = "Guidance ramp: ${COMPLETION-CANDIDATES}." + MODEL_DEFAULT)
    Guidance cfgSchedule;

    @Option(names = "--schedule", description = "Tokens per step: ${COMPLETION-CANDIDATES}." + MODEL_DEFAULT)
    Schedule schedule;

    @Option(names = "--temperature", description = "Sampling temperature." + MODEL_DEFAULT)
    Double temperature;

    @Option(names = "--top-k", description = "Keep the k most likely codes (0: all)." + MODEL_DEFAULT)
    Integer topK;

    @Option(names = "--top-p", description = "Nucleus sampling threshold (1: off)." + MODEL_DEFAULT)
    Double topP;

    @Option(names = "--detail-temperature-ratio", paramLabel = "RATIO",
            description = "The detail passes' temperature over --temperature (masks larger than the model's window)."
                    + MODEL_DEFAULT)
    Double detailTemperatureRatio;

    @Option(names = "--seed", description = "Seed of the first variant (variant v uses seed + v). Default: random, printed and recorded.")
    Long seed;

    @Option(names = "--variants", description = "Results to produce, as one batch. Default: ${DEFAULT-VALUE}.")
    int variants = DEFAULTS.variants();

    /**
     * The settings asked for, each option not given taken from {@code model} (the model's
     * recommended settings); a value out of range is an {@link ExitCode#INVALID_SETTINGS} naming its
     * option.
     */
    SamplingSettings settings(SamplingSettings model) {
        try {
            return new SamplingSettings(classIdOrNone(), or(steps, model.steps()), or(cfg, model.guidanceScale()),
                    or(cfgSchedule, model.guidanceSchedule()), or(schedule, model.sampleSchedule()),
                    or(temperature, model.temperature()), or(topK, model.topK()), or(topP, model.topP()),
                    or(detailTemperatureRatio, model.detailTemperatureRatio()),
                    seed != null ? seed : SamplingSettings.randomSeed(), variants);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            for (Map.Entry<String, String> setting : OPTION_OF.entrySet()) {
                message = message.replace("setting '" + setting.getKey() + "'", setting.getValue());
            }
            throw new CliException(ExitCode.INVALID_SETTINGS, message, e);
        }
    }

    private static <T> T or(T given, T model) {
        return given != null ? given : model;
    }

    private Integer classIdOrNone() {
        if (classId.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Integer.valueOf(classId.trim());
        } catch (NumberFormatException e) {
            throw new CliException(ExitCode.INVALID_SETTINGS, "--class: expected a class id or none, found " + classId);
        }
    }
}
