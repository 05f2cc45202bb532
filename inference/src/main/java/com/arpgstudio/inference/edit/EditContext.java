package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.List;

/** What every operation needs while it runs: the models, the request's knobs and the event sinks. */
record EditContext(EditModels models, SamplingSettings settings, EditOptions options, EditListener listener,
                   Cancellation cancellation, WindowRunner runner, ProgressMeter progress) {

    /** The order windows run in: {@link WindowPlan#waves}, or with a window batch of 1 one window at a time in plan order. */
    List<List<Integer>> waves(WindowPlan plan, int margin, WindowPlan.Sharing sharing) {
        if (runner.windowBatch() == 1) {
            return java.util.stream.IntStream.range(0, plan.windows().size()).mapToObj(List::of).toList();
        }
        return plan.waves(margin, sharing);
    }

    /** Generation steps of a window that fills {@code fill} tokens (0 for none). */
    int stepCount(int fill) {
        return stepCount(fill, settings);
    }

    /** Generation steps of a window that fills {@code fill} tokens (0 for none) sampled with {@code sampling}. */
    int stepCount(int fill, SamplingSettings sampling) {
        return fill == 0 ? 0 : models.generator().stepCount(fill, sampling);
    }

    int patch() {
        return models.tokenizer().patchSize();
    }

    WindowPlanner planner() {
        return new WindowPlanner(options.plannerConfig(models.generator().gridColumns(), models.generator().gridRows(),
                patch()));
    }

    /** The seeds of every variant for window {@code window}; window 0 uses the settings' seeds as they are. */
    long[] seeds(int window) {
        long[] seeds = new long[settings.variants()];
        for (int v = 0; v < seeds.length; v++) {
            seeds[v] = settings.seedOf(v) ^ (window * 0x9E3779B97F4A7C15L);
        }
        return seeds;
    }

    List<Long> variantSeeds() {
        return java.util.stream.IntStream.range(0, settings.variants()).mapToObj(settings::seedOf).toList();
    }

    /** How window {@code window} pastes: the options' feather, colour ring and blend band, scaled with the window. */
    Compositor compositor(Window window) {
        int feather = (int) Math.round(options.featherPixels() * window.scale());
        int ring = (int) Math.round(options.colourRingPixels() * window.scale());
        return new Compositor(feather, Math.max(1, ring), blendBand(window));
    }

    /** The blend band of a window, in canvas pixels. */
    int blendBand(Window window) {
        return (int) Math.round(options.blendBandPixels() * window.scale());
    }

    /** Refuses work whose images would not fit the Java heap, instead of running out of memory midway. */
    static void requireHeap(long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > available * 0.8) {
            throw new EditException(EditException.Reason.IMAGE_TOO_LARGE, String.format(java.util.Locale.ROOT,
                    "%s needs about %d MB of memory, only %d MB are free: use a smaller image or fewer variants",
                    what, bytes >> 20, available >> 20));
        }
    }
}
