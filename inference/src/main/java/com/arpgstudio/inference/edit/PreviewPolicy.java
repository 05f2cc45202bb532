package com.arpgstudio.inference.edit;

/** How previews are made after each generation step. */
public enum PreviewPolicy {
    /** Per-code patches only: cheapest, for the command line and benchmarks. */
    CODES_ONLY,
    /**
     * Per-code patches every step, a full decode as often as it costs at most about a fifth of the
     * time (and on the last step of each window): the editor's choice.
     */
    ADAPTIVE,
    /** A full decode every step: for fast devices. */
    DECODE_EVERY_STEP
}
