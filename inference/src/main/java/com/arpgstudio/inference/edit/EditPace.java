package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How fast edits went on one pair of models on one device: seconds per work unit of
 * {@link EditListener.Progress}, as the last edit long enough to tell measured it. It gives the
 * up-front estimate of an edit before anything of it ran ({@link Editor#estimate}, and the first
 * {@link EditListener#onProgress} event). A rough guide: a unit's cost depends on the edit's
 * window sizes and batch, so the running edit's own measured speed replaces it as soon as there is
 * one. Before any edit ran, {@link #measureIfUnknown} times one generation step instead. Thread-safe.
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

    /**
     * Times one generation step of one whole window (its variants as rows of the batch: one work
     * unit) when no edit has measured the speed yet, so that the first edit's up-front estimate is
     * not missing; a fraction of a second. The step after the first is timed: the first also pays
     * one-time warm-up, which would make every first edit look long.
     */
    void measureIfUnknown(TokenFiller generator, SamplingSettings settings) {
        if (Double.isFinite(secondsPerUnit)) {
            return;
        }
        int[] wholeWindow = IntStream.range(0, generator.gridColumns() * generator.gridRows()).toArray();
        List<TokenFiller.Row> rows = new ArrayList<>();
        for (int variant = 0; variant < settings.variants(); variant++) {
            rows.add(new TokenFiller.Row(settings.seedOf(variant), new int[0], new int[0], wholeWindow));
        }
        long[] timedFrom = {System.nanoTime()};
        Cancellation stop = new Cancellation();
        try {
            generator.fill(settings, rows, event -> {
                long now = System.nanoTime();
                if (event.step() == 0 && event.stepCount() > 1) {
                    timedFrom[0] = now;
                } else {
                    secondsPerUnit = (now - timedFrom[0]) / 1e9;
                    stop.cancel();
                }
            }, stop);
        } catch (CancelledException e) {
            // the timed step is done: the rest of the window is not needed
        }
    }

    /** Keeps the speed of an edit that did {@code units} units in {@code seconds}. */
    void record(long units, double seconds) {
        if (units > 0 && seconds >= MIN_SECONDS) {
            secondsPerUnit = seconds / units;
        }
    }
}
