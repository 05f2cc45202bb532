package com.arpgstudio.inference.edit;

import java.util.List;

/**
 * The windows of one edit, in plan order: each window sees what the windows before it produced
 * where their results reach its region ({@link Window#reaches}). Windows that depend on nothing
 * still pending run together as rows of one generation batch ({@link #waves}); the planners order
 * windows so that waves are large.
 *
 * @param windows the windows
 * @param notes   what a user should know about the plan, for example that the region was shrunk
 *                to fit the model's window (empty when nothing is worth saying)
 */
public record WindowPlan(List<Window> windows, List<String> notes) {

    public WindowPlan {
        windows = List.copyOf(windows);
        notes = List.copyOf(notes);
    }

    /** How the windows of one wave may overlap. */
    public enum Sharing {
        /** Not at all: no window's target, grown by the margin, reaches into another's region. */
        NONE,
        /**
         * A window's target may reach into the region of a window before it in plan order, not after:
         * for operations where every window of a wave reads its pixels before any writes, and they
         * write in plan order, so the earlier window read what it would have read alone.
         */
        WRITE_AFTER_READ
    }

    /**
     * The windows grouped into waves, in the order the waves run: a window joins the wave after the
     * last one holding an earlier window (in plan order) whose target, grown by {@code margin}
     * canvas pixels, reaches into its region; with {@link Sharing#NONE} also the other way round,
     * else it just does not run before such an earlier window. So every window sees exactly what it
     * would see with the windows run one by one in plan order, and the targets of a wave's windows
     * never overlap. Indices are plan indices, ascending within a wave.
     */
    public List<List<Integer>> waves(int margin, Sharing sharing) {
        List<List<Integer>> waves = new java.util.ArrayList<>();
        int[] waveOf = new int[windows.size()];
        for (int k = 0; k < windows.size(); k++) {
            Window window = windows.get(k);
            int wave = 0;
            for (int j = 0; j < k; j++) {
                Window earlier = windows.get(j);
                if (earlier.reaches(window, margin)) {
                    wave = Math.max(wave, waveOf[j] + 1);
                } else if (window.reaches(earlier, margin)) {
                    wave = Math.max(wave, sharing == Sharing.NONE ? waveOf[j] + 1 : waveOf[j]);
                }
            }
            waveOf[k] = wave;
            while (waves.size() <= wave) {
                waves.add(new java.util.ArrayList<>());
            }
            waves.get(wave).add(k);
        }
        return waves.stream().map(List::copyOf).toList();
    }

    /** The largest scale any window uses (1 = everything at native resolution). */
    public double maxScale() {
        return windows.stream().mapToDouble(Window::scale).max().orElse(1.0);
    }
}
