package com.arpgstudio.inference.arpg;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.cuda.CudaUtils;
import java.util.Locale;
import java.util.Map;

/**
 * Which kernel the scripted passes ({@link ScriptedPasses}) run for attention without a mask (a
 * generation step's; the masked prefill always goes through {@code scaled_dot_product_attention}).
 * The default comes from {@code -Darpg.attention=flash|efficient|matmul|sdpa}; unset, flash
 * attention where it runs, else {@code scaled_dot_product_attention}. A kernel the device cannot
 * run falls back to {@code scaled_dot_product_attention} ({@link #on}). With {@link #FLASH}, calls
 * that span at least {@code -Darpg.attention.efficientFrom=N} (row, head) pairs run the
 * memory-efficient kernel instead ({@link #DEFAULT_EFFICIENT_FROM} unset).
 */
public enum AttentionKernel {
    /** Flash attention: float16 on a CUDA GPU of compute capability 8.0 or newer; 128 queries a tile. */
    FLASH,
    /** The memory-efficient (cutlass) kernel on a CUDA GPU; 64 queries a tile. */
    EFFICIENT,
    /** Two batched matrix products around a softmax: no padded queries, five kernels; any device. */
    MATMUL,
    /** {@code scaled_dot_product_attention}, which picks its kernel per call; any device. */
    SDPA;

    static final String PROPERTY = "arpg.attention";
    static final String EFFICIENT_FROM_PROPERTY = "arpg.attention.efficientFrom";
    /**
     * (Row, head) pairs of a call from which {@link #FLASH} hands over to the memory-efficient
     * kernel by default: 1,024, ARPG-L's 16 heads over 64 rows (32 images guided). Measured on an
     * H100 only at the ends (bench/gpu-graphs.sh): at 2,048 pairs (batch 64) the efficient
     * kernel's 64-query tiles gave 296-299 images/s against flash's 265 (a step brings 1-30
     * queries a row, so most of a tile is padding); at 32 pairs (batch 1) flash was faster, 97.0-97.5
     * ms against 98.2-99.4.
     */
    static final int DEFAULT_EFFICIENT_FROM = 1024;

    /** The setting of {@code -Darpg.attention}, or null when unset. */
    static AttentionKernel fromProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected -D" + PROPERTY + "=flash, efficient, matmul or sdpa, found "
                    + value, e);
        }
    }

    /** The setting of {@code -Darpg.attention.efficientFrom}, {@link #DEFAULT_EFFICIENT_FROM} when unset. */
    static int efficientFromProperty() {
        String value = System.getProperty(EFFICIENT_FROM_PROPERTY);
        try {
            int pairs = value == null ? DEFAULT_EFFICIENT_FROM : Integer.parseInt(value.trim());
            if (pairs < 0) {
                throw new NumberFormatException("negative");
            }
            return pairs;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected -D" + EFFICIENT_FROM_PROPERTY
                    + "=N, a count of (row, head) pairs of 0 or more, found " + value, e);
        }
    }

    /** The kernel to run for {@code requested} (null: the default) on {@code device} with weights of {@code dataType}. */
    static AttentionKernel on(AttentionKernel requested, Device device, DataType dataType) {
        boolean gpu = device.isGpu();
        boolean flash = gpu && dataType == DataType.FLOAT16 && computeCapability(device) >= 80;
        AttentionKernel wanted = requested != null ? requested : FLASH;
        return switch (wanted) {
            case FLASH -> flash ? FLASH : SDPA;
            case EFFICIENT -> gpu ? EFFICIENT : SDPA;
            case MATMUL, SDPA -> wanted;
        };
    }

    /**
     * The script's attributes that choose this kernel: flash, efficient, matmul, and
     * efficient_from, the (row, head) pairs from which {@link #FLASH} hands over to the efficient kernel.
     */
    Map<String, Object> attributes(int efficientFrom) {
        return Map.of("flash", this == FLASH, "efficient", this == EFFICIENT, "matmul", this == MATMUL,
                "efficient_from", efficientFrom);
    }

    /** A CUDA GPU's compute capability as a number ("90" for 9.0), 0 where unknown. */
    private static int computeCapability(Device device) {
        String capability = CudaUtils.getComputeCapability(device.getDeviceId());
        return capability.matches("\\d+") ? Integer.parseInt(capability) : 0;
    }
}
