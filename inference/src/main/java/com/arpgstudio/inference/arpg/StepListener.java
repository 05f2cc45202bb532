package com.arpgstudio.inference.arpg;

/**
 * Told after every generation step which tokens were just produced. Called on the generating
 * thread; an implementation that draws must hand the event to its own thread and return quickly.
 */
@FunctionalInterface
public interface StepListener {

    /** A listener that ignores every event. */
    StepListener NONE = event -> { };

    void onStep(StepEvent event);

    /**
     * @param step 0-based index of the step just finished
     * @param stepCount steps of this generation
     * @param positions per row, the raster positions filled in this step
     * @param tokens per row, the tokens placed at those positions
     */
    record StepEvent(int step, int stepCount, int[][] positions, int[][] tokens) {

        /** Whether this is the last step. */
        public boolean last() {
            return step == stepCount - 1;
        }
    }
}
