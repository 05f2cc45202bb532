package com.arpgstudio.inference.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the editor and the CLI remember between runs. Immutable and always valid: the constructor
 * rejects out-of-range values with a message naming the field, and {@link SettingsStore} replaces
 * such values in a file by their defaults.
 *
 * @param device         which device generation runs on
 * @param modelId        the {@link ModelEntry#id()} of the chosen model
 * @param classId        the class the model is conditioned on (0-based, as the weights number them),
 *                       or {@value #NO_CLASS} for none (the null class: unconditional generation)
 * @param steps          generation steps (parallel decoding groups), 1..{@value #MAX_STEPS}
 * @param guidanceScale  classifier-free guidance scale, {@value #MIN_GUIDANCE}..{@value #MAX_GUIDANCE}
 * @param guidanceSchedule {@code constant} or {@code linear} (the guidance ramps up over the steps)
 * @param sampleSchedule   {@code arccos} or {@code cosine}: how many tokens each step emits
 * @param temperature    softmax temperature, above 0 and at most {@value #MAX_TEMPERATURE}
 * @param topK           keep the k most likely tokens; 0 keeps all
 * @param topP           nucleus sampling mass, above 0 and at most 1 (1 keeps all)
 * @param seed           random seed of the next generation
 * @param seedLocked     whether the seed stays the same between generations
 * @param variants       how many variants one generation produces, 1..{@value #MAX_VARIANTS}
 * @param theme          {@code light} or {@code dark}
 * @param recentFiles    most recent first, at most {@value #MAX_RECENT_FILES}
 * @param userModels     model pairs the user added from disk
 * @param deviceMemoryLimitMiB the most device memory one edit may use, in MiB; 0 for no limit
 *                       (see {@link DeviceMemoryLimit}; the system property of that name wins)
 */
public record Settings(
        DeviceChoice device,
        String modelId,
        int classId,
        int steps,
        double guidanceScale,
        String guidanceSchedule,
        String sampleSchedule,
        double temperature,
        int topK,
        double topP,
        long seed,
        boolean seedLocked,
        int variants,
        String theme,
        List<String> recentFiles,
        List<UserModel> userModels,
        long deviceMemoryLimitMiB) {

    public static final int NO_CLASS = -1;
    public static final int MAX_STEPS = 256;
    public static final double MIN_GUIDANCE = 1.0;
    public static final double MAX_GUIDANCE = 20.0;
    public static final double MAX_TEMPERATURE = 10.0;
    public static final int MAX_VARIANTS = 16;
    public static final int MAX_RECENT_FILES = 10;
    /** 1 PiB: any larger device memory limit is a typo. */
    public static final long MAX_DEVICE_MEMORY_MIB = 1L << 30;
    public static final Set<String> GUIDANCE_SCHEDULES = Set.of("constant", "linear");
    public static final Set<String> SAMPLE_SCHEDULES = Set.of("arccos", "cosine");
    public static final Set<String> THEMES = Set.of("light", "dark");

    public Settings {
        require(device != null, "device", "auto, cpu or gpu", device);
        require(modelId != null && !modelId.isBlank(), "modelId", "a model id", modelId);
        require(classId >= NO_CLASS, "classId", "a class id >= 0, or " + NO_CLASS + " for none", classId);
        require(steps >= 1 && steps <= MAX_STEPS, "steps", "1.." + MAX_STEPS, steps);
        require(guidanceScale >= MIN_GUIDANCE && guidanceScale <= MAX_GUIDANCE, "guidanceScale",
                MIN_GUIDANCE + ".." + MAX_GUIDANCE, guidanceScale);
        require(GUIDANCE_SCHEDULES.contains(guidanceSchedule), "guidanceSchedule", "one of " + GUIDANCE_SCHEDULES,
                guidanceSchedule);
        require(SAMPLE_SCHEDULES.contains(sampleSchedule), "sampleSchedule", "one of " + SAMPLE_SCHEDULES,
                sampleSchedule);
        require(temperature > 0 && temperature <= MAX_TEMPERATURE, "temperature", "above 0 and at most "
                + MAX_TEMPERATURE, temperature);
        require(topK >= 0, "topK", "0 (off) or more", topK);
        require(topP > 0 && topP <= 1, "topP", "above 0 and at most 1", topP);
        require(variants >= 1 && variants <= MAX_VARIANTS, "variants", "1.." + MAX_VARIANTS, variants);
        require(THEMES.contains(theme), "theme", "one of " + THEMES, theme);
        require(recentFiles != null && recentFiles.stream().allMatch(f -> f != null && !f.isBlank()),
                "recentFiles", "a list of paths", recentFiles);
        require(recentFiles.size() <= MAX_RECENT_FILES, "recentFiles", "at most " + MAX_RECENT_FILES + " entries",
                recentFiles.size());
        require(userModels != null && userModels.stream().allMatch(m -> m != null), "userModels",
                "a list of models", userModels);
        require(deviceMemoryLimitMiB >= 0 && deviceMemoryLimitMiB <= MAX_DEVICE_MEMORY_MIB, "deviceMemoryLimitMiB",
                "0 (no limit) .. " + MAX_DEVICE_MEMORY_MIB, deviceMemoryLimitMiB);
        recentFiles = List.copyOf(recentFiles);
        userModels = List.copyOf(userModels);
    }

    /** What a first start uses: the embedded model, automatic device, the paper's sampling settings. */
    public static Settings defaults() {
        return new Settings(DeviceChoice.AUTO, ModelRegistry.DEFAULT_MODEL_ID, NO_CLASS, 64, 4.0, "constant", "arccos",
                1.0, 0, 1.0, 0L, false, 4, "dark", List.of(), List.of(), 0);
    }

    /** A builder starting from these values. */
    public Builder edit() {
        return new Builder(this);
    }

    /** These settings with the file put first in the recent list (once), trimmed to the maximum. */
    public Settings withRecentFile(String file) {
        List<String> recent = new ArrayList<>(recentFiles);
        recent.remove(file);
        recent.add(0, file);
        return edit().recentFiles(recent.subList(0, Math.min(recent.size(), MAX_RECENT_FILES))).build();
    }

    private static void require(boolean valid, String field, String expected, Object found) {
        if (!valid) {
            throw new IllegalArgumentException("setting '" + field + "': expected " + expected + ", found " + found);
        }
    }

    /** Changes a few fields; {@link #build()} validates the result. */
    public static final class Builder {
        private DeviceChoice device;
        private String modelId;
        private int classId;
        private int steps;
        private double guidanceScale;
        private String guidanceSchedule;
        private String sampleSchedule;
        private double temperature;
        private int topK;
        private double topP;
        private long seed;
        private boolean seedLocked;
        private int variants;
        private String theme;
        private List<String> recentFiles;
        private List<UserModel> userModels;
        private long deviceMemoryLimitMiB;

        private Builder(Settings s) {
            device = s.device;
            modelId = s.modelId;
            classId = s.classId;
            steps = s.steps;
            guidanceScale = s.guidanceScale;
            guidanceSchedule = s.guidanceSchedule;
            sampleSchedule = s.sampleSchedule;
            temperature = s.temperature;
            topK = s.topK;
            topP = s.topP;
            seed = s.seed;
            seedLocked = s.seedLocked;
            variants = s.variants;
            theme = s.theme;
            recentFiles = s.recentFiles;
            userModels = s.userModels;
            deviceMemoryLimitMiB = s.deviceMemoryLimitMiB;
        }

        public Builder device(DeviceChoice value) { device = value; return this; }
        public Builder modelId(String value) { modelId = value; return this; }
        public Builder classId(int value) { classId = value; return this; }
        public Builder steps(int value) { steps = value; return this; }
        public Builder guidanceScale(double value) { guidanceScale = value; return this; }
        public Builder guidanceSchedule(String value) { guidanceSchedule = value; return this; }
        public Builder sampleSchedule(String value) { sampleSchedule = value; return this; }
        public Builder temperature(double value) { temperature = value; return this; }
        public Builder topK(int value) { topK = value; return this; }
        public Builder topP(double value) { topP = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder seedLocked(boolean value) { seedLocked = value; return this; }
        public Builder variants(int value) { variants = value; return this; }
        public Builder theme(String value) { theme = value; return this; }
        public Builder recentFiles(List<String> value) { recentFiles = value; return this; }
        public Builder userModels(List<UserModel> value) { userModels = value; return this; }
        public Builder deviceMemoryLimitMiB(long value) { deviceMemoryLimitMiB = value; return this; }

        public Settings build() {
            return new Settings(device, modelId, classId, steps, guidanceScale, guidanceSchedule, sampleSchedule,
                    temperature, topK, topP, seed, seedLocked, variants, theme, recentFiles, userModels,
                    deviceMemoryLimitMiB);
        }
    }
}
