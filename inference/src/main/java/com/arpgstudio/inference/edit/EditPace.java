package com.arpgstudio.inference.edit;

/**
 * How fast edits went on one pair of models on one device: seconds per work unit of
 * {@link EditListener.Progress}, as the last edit long enough to tell measured it. It gives the
 * up-front estimate of an edit before anything of it ran ({@link Editor#estimate}, and the first
 * {@link EditListener#onProgress} event). A rough guide: a unit's cost depends on the edit's
 * window sizes and batch, so the running edit's own measured speed replaces it as soon as there is
 * one. Thread-safe.
 */
public final class EditPace {

    /** Edits shorter than this say little about the speed (warm-up dominates) and are not kept. */
    private static final double MIN_SECONDS = 0.5;

    private volatile double secondsPerUnit = Double.NaN;

    /** Seconds per unit of the last measured edit, NaN before any. */
    public double secondsPerUnit() {
        return secondsPerUnit;
    }

    /** The expected seconds of {@code units} units of work, NaN when nothing was measured yet. */
    public double estimateSeconds(long units) {
        return units * secondsPerUnit;
    }

    /** Keeps the speed of an edit that did {@code units} units in {@code seconds}. */
    void record(long units, double seconds) {
        if (units > 0 && seconds >= MIN_SECONDS) {
            secondsPerUnit = seconds / units;
        }
    }
}
