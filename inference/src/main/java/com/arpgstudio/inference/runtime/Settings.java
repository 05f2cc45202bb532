package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.arpg.SamplingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings file: what the editor and the CLI remember between runs (read and written by
 * {@link SettingsStore}). Immutable and always valid: the constructor rejects out-of-range values
 * with a message naming the field. The sampling settings are one {@link SamplingSettings}, which
 * defines their defaults and limits.
 *
 * @param device         which device generation runs on
 * @param modelId        the {@link ModelEntry#id()} of the chosen model
 * @param sampling       the sampling settings of the next fill (its seed is the next generation's)
 * @param recommendedSampling what the chosen model recommended when {@code sampling} was saved (only its
 *                       {@link SamplingSettings#RECOMMENDABLE} settings are kept; the others are the
 *                       defaults'): a value of {@code sampling} still equal to it follows the next model's
 *                       recommendation, one that differs is the user's own. A file from before it was
 *                       recorded reads as {@link SamplingSettings#DEFAULTS}, which the editor assumed then.
 * @param seedLocked     whether the seed stays the same between generations (else the editor rolls a
 *                       new one for every Generate)
 * @param theme          {@code light} or {@code dark}
 * @param recentFiles    most recent first, at most {@value #MAX_RECENT_FILES}
 * @param userModels     model pairs the user added from disk
 * @param deviceMemoryLimitMiB the most device memory one edit may use, in MiB; 0 for no limit
 *                       (see {@link DeviceMemoryLimit}; the system property of that name wins)
 * @param welcomeDismissed whether the first start's welcome was closed (it is not shown again)
 * @param windowBatch    the most windows of an edit generated together, as rows of one batch,
 *                       1..{@value #MAX_WINDOW_BATCH} (fewer when device memory asks for it; 1 runs one
 *                       window at a time). It changes the speed, never the result, so edit records
 *                       leave it out.
 * @param detailPass     whether fills generated shrunk get detail passes at the photo's own scale
 *                       ({@link DetailPass#DEFAULT} unless set)
 */
public record Settings(
        DeviceChoice device,
        String modelId,
        SamplingSettings sampling,
        SamplingSettings recommendedSampling,
        boolean seedLocked,
        String theme,
        List<String> recentFiles,
        List<UserModel> userModels,
        long deviceMemoryLimitMiB,
        boolean welcomeDismissed,
        int windowBatch,
        DetailPass detailPass) {

    public static final int MAX_RECENT_FILES = 10;
    public static final Set<String> THEMES = Set.of("light", "dark");
    /**
     * Windows per batch unless set: a whole wave of most edits (an outpaint's detail tiles, a photo's
     * expansion in waves of up to a few dozen windows) in one generation; memory sizes it down.
     */
    public static final int DEFAULT_WINDOW_BATCH = 64;
    public static final int MAX_WINDOW_BATCH = 256;
    /** The window batches a setting may hold, as errors say it. */
    public static final String WINDOW_BATCH_RANGE = "1.." + MAX_WINDOW_BATCH;

    public Settings {
        require(device != null, "device", "auto, cpu or gpu", device);
        require(modelId != null && !modelId.isBlank(), "modelId", "a model id", modelId);
        require(sampling != null, "sampling", "the sampling settings", sampling);
        require(recommendedSampling != null, "recommendedSampling", "the recommended sampling settings",
                recommendedSampling);
        require(THEMES.contains(theme), "theme", "one of " + THEMES, theme);
        require(recentFiles != null && recentFiles.stream().allMatch(f -> f != null && !f.isBlank()),
                "recentFiles", "a list of paths", recentFiles);
        require(recentFiles.size() <= MAX_RECENT_FILES, "recentFiles", "at most " + MAX_RECENT_FILES + " entries",
                recentFiles.size());
        require(userModels != null && userModels.stream().allMatch(m -> m != null), "userModels",
                "a list of models", userModels);
        require(deviceMemoryLimitMiB >= 0 && deviceMemoryLimitMiB <= DeviceMemoryLimit.MAX_MIB, "deviceMemoryLimitMiB",
                "0 (no limit) .. " + DeviceMemoryLimit.MAX_MIB, deviceMemoryLimitMiB);
        require(isWindowBatch(windowBatch), "windowBatch", WINDOW_BATCH_RANGE, windowBatch);
        require(detailPass != null, "detailPass", "auto or off", detailPass);
        recentFiles = List.copyOf(recentFiles);
        userModels = List.copyOf(userModels);
        // only what a model recommends, as the file keeps it, so that it reads back equal
        recommendedSampling = SamplingSettings.DEFAULTS.withRecommended(recommendedSampling);
    }

    /** Whether {@code windowBatch} is one the setting may hold: {@value #WINDOW_BATCH_RANGE}. */
    public static boolean isWindowBatch(int windowBatch) {
        return windowBatch >= 1 && windowBatch <= MAX_WINDOW_BATCH;
    }

    /** What a first start uses: the embedded model, automatic device, the default sampling settings. */
    public static Settings defaults() {
        return new Settings(DeviceChoice.AUTO, ModelRegistry.DEFAULT_MODEL_ID, SamplingSettings.DEFAULTS,
                SamplingSettings.DEFAULTS, false, "dark", List.of(), List.of(), 0, false, DEFAULT_WINDOW_BATCH,
                DetailPass.DEFAULT);
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
        private SamplingSettings sampling;
        private SamplingSettings recommendedSampling;
        private boolean seedLocked;
        private String theme;
        private List<String> recentFiles;
        private List<UserModel> userModels;
        private long deviceMemoryLimitMiB;
        private boolean welcomeDismissed;
        private int windowBatch;
        private DetailPass detailPass;

        private Builder(Settings s) {
            device = s.device;
            modelId = s.modelId;
            sampling = s.sampling;
            recommendedSampling = s.recommendedSampling;
            seedLocked = s.seedLocked;
            theme = s.theme;
            recentFiles = s.recentFiles;
            userModels = s.userModels;
            deviceMemoryLimitMiB = s.deviceMemoryLimitMiB;
            welcomeDismissed = s.welcomeDismissed;
            windowBatch = s.windowBatch;
            detailPass = s.detailPass;
        }

        public Builder device(DeviceChoice value) { device = value; return this; }
        public Builder modelId(String value) { modelId = value; return this; }
        public Builder sampling(SamplingSettings value) { sampling = value; return this; }
        public Builder recommendedSampling(SamplingSettings value) { recommendedSampling = value; return this; }
        public Builder seedLocked(boolean value) { seedLocked = value; return this; }
        public Builder theme(String value) { theme = value; return this; }
        public Builder recentFiles(List<String> value) { recentFiles = value; return this; }
        public Builder userModels(List<UserModel> value) { userModels = value; return this; }
        public Builder deviceMemoryLimitMiB(long value) { deviceMemoryLimitMiB = value; return this; }
        public Builder welcomeDismissed(boolean value) { welcomeDismissed = value; return this; }
        public Builder windowBatch(int value) { windowBatch = value; return this; }
        public Builder detailPass(DetailPass value) { detailPass = value; return this; }

        public Settings build() {
            return new Settings(device, modelId, sampling, recommendedSampling, seedLocked, theme, recentFiles,
                    userModels, deviceMemoryLimitMiB, welcomeDismissed, windowBatch, detailPass);
        }
    }
}
