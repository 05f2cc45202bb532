package com.arpgstudio.inference.arpg;

import java.util.Locale;

/**
 * When the steps of a generation plan are captured as CUDA graphs on a GPU ({@link StepGraphs});
 * the default comes from {@code -Darpg.cudaGraphs=off|repeated|always} ({@code repeated} unset).
 */
public enum GraphCapture {
    /** Never: every step runs as a scripted step. */
    OFF,
    /** At a plan's second run: an edit run once never pays for a capture. */
    REPEATED,
    /** At a plan's first run. */
    ALWAYS;

    static final String PROPERTY = "arpg.cudaGraphs";

    /** The setting of {@code -Darpg.cudaGraphs}. */
    static GraphCapture fromProperty() {
        String value = System.getProperty(PROPERTY, "repeated");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected -D" + PROPERTY + "=off, repeated or always, found " + value, e);
        }
    }
}
