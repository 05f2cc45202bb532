package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/**
 * Classifier-free guidance: the batch runs twice, conditional rows first and null-class rows
 * second, and the logits combine as {@code uncond + (cond - uncond) * scale}. The scale follows
 * the official {@code cfg_schedule}; its name in settings, records and on the command line is the
 * constant's name in lower case.
 */
public enum Guidance {
    /** The same scale at every step. */
    @SerializedName("constant") CONSTANT,
    /** {@code 1 + (g - 1) * done / total}: weak guidance early, full guidance at the end. */
    @SerializedName("linear") LINEAR;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The guidance scale of a step after which {@code done} of {@code total} tokens are known.
     * Official: {@code cfg_scale = 1.0 + (guidance_scale - 1.0) * last_pos / seq_len} with
     * {@code last_pos} already advanced by this step's tokens.
     */
    public double scale(double guidanceScale, int done, int total) {
        return switch (this) {
            case CONSTANT -> guidanceScale;
            case LINEAR -> 1.0 + (guidanceScale - 1.0) * done / total;
        };
    }

    /**
     * Combines the two halves of a guided batch.
     *
     * @param logits (2B, Q, V) float32: rows {@code [0, B)} conditional, {@code [B, 2B)} unconditional
     * @return (B, Q, V) float32
     */
    public static NDArray combine(NDArray logits, int batch, double scale) {
        NDArray cond = logits.get(new NDIndex("0:{}", batch));            // (B, Q, V)
        NDArray uncond = logits.get(new NDIndex("{}:", batch));           // (B, Q, V)
        // uncond_logits + (cond_logits - uncond_logits) * cfg_scale
        return uncond.add(cond.sub(uncond).muli(scale));
    }

    /** {@link #combine} with a scale per row: {@code scales} (B, 1, 1) float32. */
    public static NDArray combine(NDArray logits, int batch, NDArray scales) {
        NDArray cond = logits.get(new NDIndex("0:{}", batch));            // (B, Q, V)
        NDArray uncond = logits.get(new NDIndex("{}:", batch));           // (B, Q, V)
        return uncond.add(cond.sub(uncond).muli(scales));
    }
}
