package com.arpgstudio.inference.edit;

import java.util.List;

/**
 * The windows of one edit, in the order they run; each later window sees what the earlier ones
 * produced.
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

    /** The largest scale any window uses (1 = everything at native resolution). */
    public double maxScale() {
        return windows.stream().mapToDouble(Window::scale).max().orElse(1.0);
    }
}
