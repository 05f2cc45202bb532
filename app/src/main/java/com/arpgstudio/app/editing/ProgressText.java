package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.EditListener;

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
            return stage + " · " + Generation.formatSeconds(elapsedSeconds);
        }
        String percent = Messages.text("progress.percent", (int) Math.floor(latest.fraction() * 100));
        String time = latest.hasEstimate() && latest.done() > 0
                ? Messages.text("progress.left", duration(Math.max(0, latest.secondsLeft() - sinceLatest)))
                : Generation.formatSeconds(elapsedSeconds);
        return stage + " · " + percent + " · " + time;
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
