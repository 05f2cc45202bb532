package com.arpgstudio.inference.runtime;

import java.util.Locale;

/**
 * When work that repeats is captured as CUDA graphs on a GPU ({@link CudaGraphs}): the steps of a
 * generation plan ({@code arpg.StepGraphs}; the default from
 * {@code -Darpg.cudaGraphs=off|repeated|always}, {@code repeated} unset), the tokenizer's calls
 * of one shape ({@code vq.CoderGraphs}).
 */
public enum GraphCapture {
    /** Never: every step runs as a scripted step. */
    OFF,
    /**
     * Only what repeats: a generation plan at its third run in a row, a tokenizer shape at its second
     * run; an edit run once never pays for a capture.
     */
    REPEATED,
    /** At a plan's first run. */
    ALWAYS;

    static final String PROPERTY = "arpg.cudaGraphs";

    /** The setting of {@code -Darpg.cudaGraphs}. */
    public static GraphCapture fromProperty() {
        return fromProperty(PROPERTY, "repeated");
    }

    /** The setting of the system property {@code property} (off, repeated or always), {@code unset} when it is not set. */
    public static GraphCapture fromProperty(String property, String unset) {
        String value = System.getProperty(property, unset);
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected -D" + property + "=off, repeated or always, found " + value, e);
        }
    }
}
