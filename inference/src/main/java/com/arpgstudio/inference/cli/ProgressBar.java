package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.WindowPlan;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line terminal progress bar on standard error, redrawn after every generation step. When
 * standard error is not a terminal it prints one line per finished window instead.
 */
final class ProgressBar implements EditListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long firstPreviewNanos = -1;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onPlan(WindowPlan plan) {
        for (String note : plan.notes()) {
            out.println("note: " + note);
        }
    }

    @Override
    public void onStep(Step step) {
        if (firstPreviewNanos < 0) {
            firstPreviewNanos = System.nanoTime() - start;
        }
        double progress = step.progress();
        if (terminal) {
            int filled = (int) Math.round(progress * WIDTH);
            out.printf(Locale.ROOT, "\r[%s%s] %3d%%  window %d/%d  step %d/%d  %.1fs",
                    "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(progress * 100), step.window() + 1,
                    step.windowCount(), step.step() + 1, step.stepCount(), seconds());
            out.flush();
        } else if (step.step() == step.stepCount() - 1) {
            out.printf(Locale.ROOT, "window %d/%d done (%d steps), %.1fs%n", step.window() + 1, step.windowCount(),
                    step.stepCount(), seconds());
        }
    }

    /** Ends the bar's line. */
    void finish() {
        if (terminal) {
            out.println();
        }
    }

    /** Seconds from the start to the first step's preview, or -1 when no step ran. */
    double firstPreviewSeconds() {
        return firstPreviewNanos < 0 ? -1 : firstPreviewNanos / 1e9;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
