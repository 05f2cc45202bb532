package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.FillTokens;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the editor needs from the generative engine: the app's one seam to the {@code inference}
 * module, so the view models are tested with any implementation and the wiring is one class.
 * Called on the engine thread, never on the FX thread.
 */
public interface EditEngine {

    /** The loaded model as the status bar and the class list show it. */
    record Description(String modelName, String device, List<String> classNames, int windowPixels) {}

    /** A preview of the area being generated, placed in document coordinates (may reach beyond the image). */
    record Preview(Raster pixels, Rect placement) {}

    /**
     * The finished edit: one image per variant (same size as the result), with its JSON record and,
     * for fills and re-rolls, its tokens (what a re-roll of it starts from; empty for expansion).
     */
    record Outcome(List<Raster> variants, List<String> records, List<FillTokens> tokens) {
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
        public Outcome(List<Raster> variants, List<String> records) {
            this(variants, records, List.of());
        }
    }

    /** Per-step progress; the preview may be null on steps without one. */
    interface StepListener {
        void onStep(int step, int totalSteps, Preview preview);
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
    default java.util.List<ModelChoice> models() throws Exception {
        return java.util.List.of();
    }

    /** Forgets the loaded model so the next {@link #describe()} loads the current choice. */
    default void reload() {
    }

    /** Frees the loaded model (native memory) when the application ends; engine thread. */
    default void close() {
    }

    /**
     * Runs the edit. Checks {@code cancelled} at every step and then throws
     * {@link java.util.concurrent.CancellationException} without touching the input.
     */
    Outcome run(EditJob job, SamplingSettings settings, StepListener listener, BooleanSupplier cancelled)
            throws Exception;
}
