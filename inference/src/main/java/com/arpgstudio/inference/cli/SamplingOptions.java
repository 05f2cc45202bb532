package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The sampling settings every generating command takes: one option per field of
 * {@link SamplingSettings}, defaulting to {@link SamplingSettings#DEFAULTS} and validated by it.
 */
final class SamplingOptions {

    private static final SamplingSettings DEFAULTS = SamplingSettings.DEFAULTS;
    /** The option of each setting, to name it in an error. */
    private static final Map<String, String> OPTION_OF = Map.of("classId", "--class", "steps", "--steps",
            "guidanceScale", "--cfg", "guidanceSchedule", "--cfg-schedule", "sampleSchedule", "--schedule",
            "temperature", "--temperature", "topK", "--top-k", "topP", "--top-p", "variants", "--variants");

    @Option(names = "--class", paramLabel = "ID|none",
            description = "ImageNet class id, or none for the null class. Default: ${DEFAULT-VALUE}.")
    String classId = DEFAULTS.classId() == null ? "none" : DEFAULTS.classId().toString();

    @Option(names = "--steps", description = "Generation steps per window. Default: ${DEFAULT-VALUE}.")
    int steps = DEFAULTS.steps();

    @Option(names = "--cfg", description = "Classifier-free guidance scale (1: off). Default: ${DEFAULT-VALUE}.")
    double cfg = DEFAULTS.guidanceScale();

    @Option(names = "--cfg-schedule",
            description = "Guidance ramp: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Guidance cfgSchedule = DEFAULTS.guidanceSchedule();

    @Option(names = "--schedule", description = "Tokens per step: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Schedule schedule = DEFAULTS.sampleSchedule();

    @Option(names = "--temperature", description = "Sampling temperature. Default: ${DEFAULT-VALUE}.")
    double temperature = DEFAULTS.temperature();

    @Option(names = "--top-k", description = "Keep the k most likely codes (0: all). Default: ${DEFAULT-VALUE}.")
    int topK = DEFAULTS.topK();

    @Option(names = "--top-p", description = "Nucleus sampling threshold (1: off). Default: ${DEFAULT-VALUE}.")
    double topP = DEFAULTS.topP();

    @Option(names = "--seed", description = "Seed of the first variant (variant v uses seed + v). Default: random, printed and recorded.")
    Long seed;

    @Option(names = "--variants", description = "Results to produce, as one batch. Default: ${DEFAULT-VALUE}.")
    int variants = DEFAULTS.variants();

    /** The settings asked for; a value out of range is an {@link ExitCode#INVALID_SETTINGS} naming its option. */
    SamplingSettings settings() {
        try {
            return new SamplingSettings(classIdOrNone(), steps, cfg, cfgSchedule, schedule, temperature, topK, topP,
                    seed != null ? seed : SamplingSettings.randomSeed(), variants);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            for (Map.Entry<String, String> setting : OPTION_OF.entrySet()) {
                message = message.replace("setting '" + setting.getKey() + "'", setting.getValue());
            }
            throw new CliException(ExitCode.INVALID_SETTINGS, message, e);
        }
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
