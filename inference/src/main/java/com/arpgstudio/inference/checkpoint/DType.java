package com.arpgstudio.inference.checkpoint;

/** Element types a checkpoint may store, with their size in bytes. */
public enum DType {
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    U8(1),
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** Whether the values are floating point (and so can become a FLOAT32/FLOAT16 array). */
    public boolean isFloating() {
        return this == F32 || this == F16 || this == BF16;
    }
}
