package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditSettings;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/** The sampling settings every generating command takes. */
final class SamplingOptions {

    @Option(names = "--class", paramLabel = "ID|none", defaultValue = "none",
            description = "ImageNet class id, or none for the null class. Default: ${DEFAULT-VALUE}.")
    String classId;

    @Option(names = "--steps", defaultValue = "64", description = "Generation steps per window. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--cfg", defaultValue = "4.0", description = "Classifier-free guidance scale. Default: ${DEFAULT-VALUE}.")
    double cfg;

    @Option(names = "--cfg-schedule", defaultValue = "LINEAR",
            description = "Guidance schedule: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    EditSettings.GuidanceSchedule cfgSchedule;

    @Option(names = "--schedule", defaultValue = "ARCCOS",
            description = "Tokens per step: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    EditSettings.SampleSchedule schedule;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely codes (0: all). Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling threshold (1: off). Default: ${DEFAULT-VALUE}.")
    double topP;

    @Option(names = "--seed", description = "Seed of the first variant (variant v uses seed + v). Default: random, printed and recorded.")
    Long seed;

    @Option(names = "--variants", defaultValue = "1", description = "Results to produce, as one batch. Default: ${DEFAULT-VALUE}.")
    int variants;

    Integer classId() {
        if (classId.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Integer.valueOf(classId.trim());
        } catch (NumberFormatException e) {
            throw new CliException(ExitCode.INVALID_SETTINGS, "--class: expected a class id or none, found " + classId);
        }
    }

    EditSettings settings() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 31);
        return new EditSettings(steps, cfg, cfgSchedule, schedule, temperature, topK, topP, s, variants).validate();
    }
}
