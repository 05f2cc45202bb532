package com.arpgstudio.inference.edit;

/** How previews are made after each generation step. */
public enum PreviewPolicy {
    /**
     * No previews (steps carry none): for the command line, which shows progress only. On a GPU a
     * per-code preview of codes not seen before costs a decode of their patches in every step.
     */
    NONE,
    /** Per-code patches only: the cheapest live view, for the local server's events and benchmarks. */
    CODES_ONLY,
    /**
     * Per-code patches every step, a full decode as often as it costs at most about a fifth of the
     * time (and on the last step of each window): the editor's choice.
     */
    ADAPTIVE,
    /** A full decode every step: for fast devices. */
    DECODE_EVERY_STEP
}
