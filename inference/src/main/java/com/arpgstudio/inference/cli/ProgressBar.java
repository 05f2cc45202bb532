package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.WindowPlan;
import com.arpgstudio.inference.runtime.Texts;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line terminal progress bar on standard error: the edit's one progress figure, its stage and
 * the time left, redrawn as the edit advances. When standard error is not a terminal it prints a
 * line at every tenth of the work instead.
 */
final class ProgressBar implements EditListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long firstPreviewNanos = -1;
    private int lastTenth;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onPlan(WindowPlan plan) {
        for (String note : plan.notes()) {
            out.println("note: " + Texts.escaped(note));
        }
    }

    @Override
    public void onProgress(Progress progress) {
        if (progress.done() == 0) {
            if (progress.hasEstimate()) {
                out.printf(Locale.ROOT, "expected to take about %s%n", duration(progress.secondsLeft()));
            }
            return;
        }
        double fraction = progress.fraction();
        String left = progress.hasEstimate() ? ", " + duration(progress.secondsLeft()) + " left" : "";
        if (terminal) {
            int filled = (int) Math.round(fraction * WIDTH);
            out.printf(Locale.ROOT, "\r[%s%s] %3d%%  %s  %.1fs%s\033[K", "#".repeat(filled), "-".repeat(WIDTH - filled),
                    Math.round(fraction * 100), progress.stage().describe(), seconds(), left);
            out.flush();
        } else if ((int) (fraction * 10) > lastTenth) {
            lastTenth = (int) (fraction * 10);
            out.printf(Locale.ROOT, "%3d%%  %s  %.1fs%s%n", Math.round(fraction * 100), progress.stage().describe(),
                    seconds(), left);
        }
    }

    @Override
    public void onStep(Step step) {
        if (firstPreviewNanos < 0) {
            firstPreviewNanos = System.nanoTime() - start;
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

    /** "42s", "3m05s", "1h02m". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
