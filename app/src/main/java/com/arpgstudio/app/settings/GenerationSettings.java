package com.arpgstudio.app.settings;

import com.arpgstudio.inference.runtime.Settings;

/**
 * What one Generate run uses besides the pixels, taken from the settings panel when it starts.
 * {@code classId} {@link Settings#NO_CLASS} means "none" (the null class). Validated with the
 * limits of the shared {@link Settings}, so a bad typed value is refused with its name.
 */
public record GenerationSettings(int classId, int steps, double guidanceScale, String guidanceSchedule,
                                 String sampleSchedule, double temperature, int topK, double topP, long seed,
                                 int variants) {

    public GenerationSettings {
        require(classId >= Settings.NO_CLASS, "class id >= 0, or none", classId);
        require(steps >= 1 && steps <= Settings.MAX_STEPS, "steps in 1.." + Settings.MAX_STEPS, steps);
        require(guidanceScale >= Settings.MIN_GUIDANCE && guidanceScale <= Settings.MAX_GUIDANCE,
                "guidance scale in " + Settings.MIN_GUIDANCE + ".." + Settings.MAX_GUIDANCE, guidanceScale);
        require(Settings.GUIDANCE_SCHEDULES.contains(guidanceSchedule), "guidance schedule linear or constant",
                guidanceSchedule);
        require(Settings.SAMPLE_SCHEDULES.contains(sampleSchedule), "sample schedule arccos or cosine", sampleSchedule);
        require(temperature > 0 && temperature <= Settings.MAX_TEMPERATURE,
                "temperature in (0, " + Settings.MAX_TEMPERATURE + "]", temperature);
        require(topK >= 0, "top-k >= 0 (0 = off)", topK);
        require(topP > 0 && topP <= 1, "top-p in (0, 1]", topP);
        require(variants >= 1 && variants <= Settings.MAX_VARIANTS, "variants in 1.." + Settings.MAX_VARIANTS, variants);
    }

    private static void require(boolean ok, String expected, Object found) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + expected + ", found " + found);
        }
    }
}
