package com.arpgstudio.inference.runtime;

/**
 * The GPU ran out of memory during a generation. The UI offers the CPU or fewer variants instead of
 * failing; nothing of the model's state is lost (the run that failed is simply not committed).
 */
public final class GpuOutOfMemoryException extends RuntimeException {

    private final int variants;

    public GpuOutOfMemoryException(int variants, Throwable cause) {
        super("the GPU ran out of memory while generating " + variants + " variant" + (variants == 1 ? "" : "s")
                + "; use the CPU, or generate fewer variants at once", cause);
        this.variants = variants;
    }

    /** How many variants the failed run generated at once. */
    public int variants() {
        return variants;
    }
}
