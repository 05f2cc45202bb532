package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.List;

/**
 * What the editor needs from the generative engine: the app's one seam to the {@code inference}
 * module, so the view models are tested with any implementation and the wiring is one class.
 * Called on the engine thread, never on the FX thread.
 */
public interface EditEngine {

    /** The loaded model as the status bar and the class list show it. */
    record Description(String modelName, String device, List<String> classNames, int windowPixels,
                       SamplingSettings recommended) {}

    /** Loads the model if needed (slow the first time) and describes it. */
    Description describe() throws Exception;

    /** A model the user can choose; {@code present} when its files are on this computer. */
    record ModelChoice(String id, String name, boolean present) {
        @Override
        public String toString() {
            return present ? name : Messages.text("model.notDownloaded", name);
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
     * Runs the edit and returns its result (one image per variant, its record with the tokens a
     * re-roll starts from), telling {@code listener} the engine's events (on the engine thread; it hands
     * them over quickly). A step's preview is the edit's picture so far in document coordinates: one
     * {@link Preview} whose region may reach beyond the image (an outpaint) and whose transparent
     * pixels show what is below; the same preview image is updated in place from one step to the
     * next (a new one starts a new picture), and the step's {@code changedPixels} is the document
     * area that changed. Checks {@code cancellation} at every step and then throws
     * {@link com.arpgstudio.inference.runtime.CancelledException} without touching the input.
     */
    EditResult run(EditJob job, SamplingSettings settings, EditListener listener, Cancellation cancellation)
            throws Exception;
}
