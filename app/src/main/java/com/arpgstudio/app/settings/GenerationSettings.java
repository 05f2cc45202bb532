package com.arpgstudio.app.settings;

/**
 * What a Generate run uses besides the pixels. {@code classId} -1 means "none" (the null class).
 * Validated on construction so a broken settings file or a bad typed value is refused clearly.
 */
public record GenerationSettings(int classId, int steps, double guidanceScale, String guidanceSchedule,
                                 double temperature, int topK, double topP, long seed, boolean seedLocked,
                                 int variants) {

    public static final String SCHEDULE_LINEAR = "linear";
    public static final String SCHEDULE_CONSTANT = "constant";
    public static final int MAX_VARIANTS = 8;

    public GenerationSettings {
        require(classId >= -1, "class id >= -1 (-1 = none)", classId);
        require(steps >= 1 && steps <= 1024, "steps in 1..1024", steps);
        require(guidanceScale >= 0 && guidanceScale <= 50, "guidance scale in 0..50", guidanceScale);
        require(SCHEDULE_LINEAR.equals(guidanceSchedule) || SCHEDULE_CONSTANT.equals(guidanceSchedule),
                "guidance schedule linear or constant", guidanceSchedule);
        require(temperature > 0 && temperature <= 10, "temperature in (0, 10]", temperature);
        require(topK >= 0, "top-k >= 0 (0 = off)", topK);
        require(topP > 0 && topP <= 1, "top-p in (0, 1]", topP);
        require(variants >= 1 && variants <= MAX_VARIANTS, "variants in 1.." + MAX_VARIANTS, variants);
    }

    public static GenerationSettings defaults() {
        return new GenerationSettings(-1, 32, 4.0, SCHEDULE_LINEAR, 1.0, 0, 1.0, 42L, false, 1);
    }

    public GenerationSettings withSeed(long newSeed) {
        return new GenerationSettings(classId, steps, guidanceScale, guidanceSchedule, temperature, topK, topP,
                newSeed, seedLocked, variants);
    }

    private static void require(boolean ok, String expected, Object found) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + expected + ", found " + found);
        }
    }
}
