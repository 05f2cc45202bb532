package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.runtime.CancelledException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Told what an edit is doing: its plan once, its progress as one figure, and every generation step
 * of every window with previews. Called on the engine thread; a UI hands events to its own thread
 * and returns quickly (throwing {@link CancelledException} from here cancels the edit).
 *
 * <h2>Progress</h2>
 * {@link #onProgress} reports the whole edit as {@code done} of {@code total} work units: every
 * window of the plan, every pass (Expand runs two), encoding, generation and decoding. The total is
 * fixed once the edit is planned and {@code done} only goes up, so a progress bar never jumps back
 * between windows. A unit is one generation step of one window (its variants run as rows of the same
 * batch, so they share the step); encoding or decoding one window's pixels counts
 * {@link Progress#CODEC_UNITS} units. The first event comes right after planning with
 * {@code done == 0}: its {@link Progress#secondsLeft()} is the up-front estimate of the whole edit
 * from the speed these models were last measured at ({@link EditPace}; NaN before any edit ran),
 * which an editor can show, or ask about, before a long edit. Later events estimate the time left
 * from the speed measured in this edit. {@link Editor#estimate} gives the same up-front figure
 * without running the edit (before any edit ran, it times one generation step to have one).
 */
public interface EditListener {

    /** A listener that ignores everything. */
    EditListener NONE = new EditListener() { };

    /** A listener that hands every step to {@code steps} and ignores the other events. */
    static EditListener onSteps(Consumer<Step> steps) {
        return new EditListener() {
            @Override
            public void onStep(Step step) {
                steps.accept(step);
            }
        };
    }

    /** The windows about to run and any notes about them (for example a shrunk region). */
    default void onPlan(WindowPlan plan) {}

    /** After planning ({@code done == 0}), then after every step, encode and decode of any window. */
    default void onProgress(Progress progress) {}

    /** After every generation step, with previews. */
    default void onStep(Step step) {}

    /**
     * @param window        0-based window index
     * @param windowCount   windows of the edit
     * @param step          0-based step within the window
     * @param stepCount     steps of this window
     * @param positions     token cells (window raster order, {@code row * columns + column}) produced
     *                      in this step, for the first variant
     * @param changedPixels canvas pixels those cells cover (the union over the cells)
     * @param previews      one per variant (none under {@link PreviewPolicy#NONE})
     * @param progress      the whole edit's progress after this step
     */
    record Step(int window, int windowCount, int step, int stepCount, int[] positions, Rect changedPixels,
                List<Preview> previews, Progress progress) {}

    /** What an edit is busy with. */
    enum Phase {
        /** Encoding a window's pixels into tokens. */
        ENCODE,
        /** Generating a window's unknown tokens, step by step. */
        GENERATE,
        /** Decoding a window's tokens into pixels (Expand: assembling the result). */
        DECODE
    }

    /**
     * Where in the edit the work is.
     *
     * @param phase        encode, generate or decode
     * @param pass         0-based pass: Expand's pass 0 fills between the anchors, pass 1 refreshes the
     *                     anchors; other edits have one pass
     * @param passCount    passes of the edit
     * @param windows      0-based plan indices of the windows being worked on now, as rows of one batch
     *                     (empty for work on the whole image: Expand encodes and assembles it in tiles)
     * @param windowCount  windows of the plan
     * @param variants     0-based indices of the variants being worked on now
     * @param variantCount variants of the edit
     * @param step         0-based generation step just finished (0 outside {@link Phase#GENERATE})
     * @param stepCount    steps of this generation (0 outside {@link Phase#GENERATE})
     */
    record Stage(Phase phase, int pass, int passCount, List<Integer> windows, int windowCount,
                 List<Integer> variants, int variantCount, int step, int stepCount) {

        public Stage {
            windows = List.copyOf(windows);
            variants = List.copyOf(variants);
        }

        /** For a status line: "window 5 of 18, variants 1-4 of 4, step 12 of 48" (1-based, passes when more than one). */
        public String describe() {
            StringBuilder s = new StringBuilder();
            if (passCount > 1) {
                s.append(String.format(Locale.ROOT, "pass %d of %d, ", pass + 1, passCount));
            }
            s.append(range(windows.size() == 1 ? "window " : "windows ", windows, windowCount));
            if (variantCount > 1) {
                s.append(", ").append(range(variants.size() == 1 ? "variant " : "variants ", variants, variantCount));
            }
            switch (phase) {
                case ENCODE -> s.append(", encoding");
                case DECODE -> s.append(", decoding");
                case GENERATE -> s.append(String.format(Locale.ROOT, ", step %d of %d", step + 1, stepCount));
            }
            return s.toString();
        }

        private static String range(String word, List<Integer> indices, int count) {
            if (indices.isEmpty()) {
                return "the whole image";
            }
            int first = indices.stream().mapToInt(Integer::intValue).min().orElseThrow() + 1;
            int last = indices.stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
            boolean contiguous = last - first + 1 == indices.size();
            String shown = first == last ? Integer.toString(first)
                    : contiguous ? first + "-" + last : indices.size() + " (" + first + "-" + last + ")";
            return word + shown + " of " + count;
        }
    }

    /**
     * One figure for the whole edit.
     *
     * @param done           work units finished; never decreases during an edit
     * @param total          work units of the whole edit, fixed once planned
     * @param stage          what was just worked on
     * @param elapsedSeconds since the edit started
     * @param secondsLeft    estimated time to the end, from the speed measured so far (before
     *                       anything was measured in this edit: from earlier edits on the same
     *                       models), NaN when nothing is known yet
     */
    record Progress(long done, long total, Stage stage, double elapsedSeconds, double secondsLeft) {

        /** Units one window's encode or decode counts, against 1 for a generation step. */
        public static final int CODEC_UNITS = 4;

        /** {@code done / total}, in [0, 1]. */
        public double fraction() {
            return total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
        }

        /** Whether {@link #secondsLeft()} holds an estimate. */
        public boolean hasEstimate() {
            return Double.isFinite(secondsLeft);
        }
    }
}
