package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.EditListener;
import java.util.ArrayList;
import java.util.List;

/** The progress line of a running edit: "window 5 of 18, step 12 of 48 · 42% · about 3 min left". */
public final class ProgressText {

    private ProgressText() {}

    /**
     * @param stage          what the edit does now (the engine's stage, or "Preparing…" before it reported)
     * @param latest         the newest progress, or null before the first
     * @param sinceLatest    seconds since it arrived (the time left counts down between events)
     * @param elapsedSeconds since the edit started
     */
    static String describe(String stage, EditListener.Progress latest, double sinceLatest, double elapsedSeconds) {
        if (latest == null) {
            return String.join(Messages.text("progress.separator"), stage, Generation.formatSeconds(elapsedSeconds));
        }
        String percent = Messages.text("progress.percent", (int) Math.floor(latest.fraction() * 100));
        String time = latest.hasEstimate() && latest.done() > 0
                ? Messages.text("progress.left", duration(Math.max(0, latest.secondsLeft() - sinceLatest)))
                : Generation.formatSeconds(elapsedSeconds);
        return String.join(Messages.text("progress.separator"), stage, percent, time);
    }

    /**
     * What the engine works on, in the user's language: "pass 1 of 2, windows 3-4 of 18, variant 1 of
     * 4, step 12 of 48" (1-based; the pass only when there are several, the variants only when more
     * than one is made).
     */
    static String stage(EditListener.Stage stage) {
        List<String> parts = new ArrayList<>();
        if (stage.passCount() > 1) {
            parts.add(Messages.text("stage.pass", stage.pass() + 1, stage.passCount()));
        }
        parts.add(stage.windows().isEmpty() ? Messages.text("stage.wholeImage")
                : Messages.text(stage.windows().size() == 1 ? "stage.window" : "stage.windows",
                        range(stage.windows()), stage.windowCount()));
        if (stage.variantCount() > 1) {
            parts.add(Messages.text(stage.variants().size() == 1 ? "stage.variant" : "stage.variants",
                    range(stage.variants()), stage.variantCount()));
        }
        parts.add(switch (stage.phase()) {
            case ENCODE -> Messages.text("stage.encoding");
            case DECODE -> Messages.text("stage.decoding");
            case GENERATE -> Messages.text("stage.step", stage.step() + 1, stage.stepCount());
        });
        return String.join(Messages.text("stage.separator"), parts);
    }

    /** 0-based indices as people count them: "5", "1-4", or "3 (1-6)" when some between are left out. */
    private static String range(List<Integer> indices) {
        int first = indices.stream().mapToInt(Integer::intValue).min().orElseThrow() + 1;
        int last = indices.stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        if (first == last) {
            return Integer.toString(first);
        }
        return Messages.text(last - first + 1 == indices.size() ? "stage.range" : "stage.someOf", first, last,
                indices.size());
    }

    /** "40 s", "3 min", "1 h 5 min": rounded as a person would say it. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return Messages.text("duration.seconds", Math.max(1, (s + 4) / 5 * 5));
        }
        long minutes = Math.round(seconds / 60);
        if (minutes < 60) {
            return Messages.text("duration.minutes", minutes);
        }
        return Messages.text("duration.hours", minutes / 60, minutes % 60);
    }
}
