package com.arpgstudio.inference.edit;

import java.util.List;

/**
 * Told what an edit is doing: its plan once, then every generation step of every window. Called
 * on the engine thread; a UI hands events to its own thread and returns quickly (throwing
 * {@link EditCancelledException} from here cancels the edit).
 */
public interface EditListener {

    /** A listener that ignores everything. */
    EditListener NONE = new EditListener() { };

    /** The windows about to run and any notes about them (for example a shrunk region). */
    default void onPlan(WindowPlan plan) {}

    /** After every generation step. */
    default void onStep(Step step) {}

    /**
     * @param window        0-based window index
     * @param windowCount   windows of the edit
     * @param step          0-based step within the window
     * @param stepCount     steps of this window
     * @param positions     token cells (window raster order, {@code row * columns + column}) produced
     *                      in this step, for the first variant
     * @param changedPixels canvas pixels those cells cover (the union over the cells)
     * @param previews      one per variant
     */
    record Step(int window, int windowCount, int step, int stepCount, int[] positions, Rect changedPixels,
                List<Preview> previews) {

        /** Fraction of the whole edit done after this step, in (0, 1]. */
        public double progress() {
            return (window + (step + 1.0) / stepCount) / windowCount;
        }
    }
}
