package com.arpgstudio.app.editing;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.Rect;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the editor needs from the generative engine: the app's one seam to the {@code inference}
 * module, so the view models are tested with any implementation and the wiring is one class.
 * Called on the engine thread, never on the FX thread.
 */
public interface EditEngine {

    /** The loaded model as the status bar and the class list show it. */
    record Description(String modelName, String device, List<String> classNames, int windowPixels,
                       SamplingSettings recommended) {}

    /**
     * Pixels shown over {@code placement} (document coordinates, may reach beyond the image) while
     * an edit runs or a variant is chosen; transparent pixels show what is below (the document, or
     * the checkerboard of an outpaint area not generated yet).
     */
    record Preview(ArgbImage pixels, Rect placement) {}

    /**
     * The finished edit: one image per variant (same size as the result), with its JSON record and,
     * for fills and re-rolls, its tokens (what a re-roll of it starts from; empty for expansion).
     */
    record Outcome(List<ArgbImage> variants, List<String> records, List<FillTokens> tokens) {
        public Outcome {
            if (variants.isEmpty() || variants.size() != records.size()
                    || !tokens.isEmpty() && tokens.size() != variants.size()) {
                throw new IllegalArgumentException("expected one record (and none or one token set) per variant, found "
                        + variants.size() + " variants, " + records.size() + " records and " + tokens.size()
                        + " token sets");
            }
            tokens = List.copyOf(tokens);
        }

        /** An outcome that keeps no tokens. */
        public Outcome(List<ArgbImage> variants, List<String> records) {
            this(variants, records, List.of());
        }
    }

    /** What a running edit reports, on the engine thread; implementations hand it over quickly. */
    interface RunListener {

        /** The whole edit's progress: one figure that only goes up, the stage and the time left. */
        void onProgress(EditListener.Progress progress);

        /**
         * The preview's pixels changed inside {@code changed} (document coordinates). The same
         * preview raster is updated in place from one call to the next; a new one starts a new picture.
         */
        void onPreview(Preview preview, Rect changed);
    }

    /** Loads the model if needed (slow the first time) and describes it. */
    Description describe() throws Exception;

    /** A model the user can choose; {@code present} when its files are on this computer. */
    record ModelChoice(String id, String name, boolean present) {
        @Override
        public String toString() {
            return present ? name : name + " (not downloaded)";
        }
    }

    /** The models to choose from (may scan disk; engine thread). */
    default List<ModelChoice> models() throws Exception {
        return List.of();
    }

    /** Forgets the loaded model so the next {@link #describe()} loads the current choice. */
    default void reload() {
    }

    /** Frees the loaded model (native memory) when the application ends; engine thread. */
    default void close() {
    }

    /**
     * How much work the edit is, before anything of it runs: its progress at the start, whose
     * {@code secondsLeft} is the expected time from the speed measured on earlier edits (NaN when
     * nothing was measured yet).
     */
    EditListener.Progress estimate(EditJob job, SamplingSettings settings) throws Exception;

    /**
     * Runs the edit. Checks {@code cancelled} at every step and then throws
     * {@link java.util.concurrent.CancellationException} without touching the input.
     */
    Outcome run(EditJob job, SamplingSettings settings, RunListener listener, BooleanSupplier cancelled)
            throws Exception;
}
