package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.edit.EditListener.Phase;
import com.arpgstudio.inference.edit.EditListener.Progress;
import com.arpgstudio.inference.edit.EditListener.Stage;
import java.util.List;

/**
 * Counts an edit's work units ({@link Progress}) and reports them: operations {@link #begin} with the
 * total once planned, then {@link #advance} after every piece of work. The time left comes from
 * this edit's own speed once it has run for a moment, before that from the models' {@link EditPace}.
 */
final class ProgressMeter {

    /** Before this much of the edit ran, its own speed is mostly warm-up: the pace is used instead. */
    private static final double MEASURED_AFTER_SECONDS = 1.0;

    private final EditListener listener;
    private final EditPace pace;
    private final int variantCount;
    private final long start = System.nanoTime();
    private long total;
    private int windowCount;
    private int passCount = 1;
    private long done;

    ProgressMeter(EditListener listener, EditPace pace, int variantCount) {
        this.listener = listener;
        this.pace = pace;
        this.variantCount = variantCount;
    }

    /** Units of work of one generation of {@code steps} steps, with the encode before it and the decode after it. */
    static long windowUnits(int steps, boolean encode, boolean decode) {
        return steps + (encode ? Progress.CODEC_UNITS : 0) + (decode ? Progress.CODEC_UNITS : 0);
    }

    /** Sets the whole edit's size and reports it ({@code done == 0}, the time left from the pace). */
    void begin(long totalUnits, int windows, int passes) {
        this.total = totalUnits;
        this.windowCount = windows;
        this.passCount = passes;
        listener.onProgress(progress(stage(Phase.ENCODE, 0, List.of(), 0, 0)));
    }

    /** Counts {@code units} more as done and reports the progress. */
    Progress advance(long units, Stage stage) {
        done = Math.min(total, done + units);
        Progress progress = progress(stage);
        listener.onProgress(progress);
        return progress;
    }

    /** The stage of work on {@code windows} (every variant) in {@code pass}. */
    Stage stage(Phase phase, int pass, List<Integer> windows, int step, int stepCount) {
        return new Stage(phase, pass, passCount, windows, windowCount, allVariants(), variantCount, step, stepCount);
    }

    /** The stage of work on one variant of {@code windows} (Expand assembles variant by variant). */
    Stage variantStage(Phase phase, int pass, List<Integer> windows, int variant) {
        return new Stage(phase, pass, passCount, windows, windowCount, List.of(variant), variantCount, 0, 0);
    }

    /** Keeps this edit's speed for the next edit's up-front estimate. */
    void finish() {
        pace.record(done, seconds());
    }

    private List<Integer> allVariants() {
        return java.util.stream.IntStream.range(0, variantCount).boxed().toList();
    }

    private Progress progress(Stage stage) {
        double elapsed = seconds();
        long left = total - done;
        double secondsLeft = done > 0 && elapsed >= MEASURED_AFTER_SECONDS ? left * elapsed / done
                : pace.estimateSeconds(left);
        return new Progress(done, total, stage, elapsed, secondsLeft);
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
