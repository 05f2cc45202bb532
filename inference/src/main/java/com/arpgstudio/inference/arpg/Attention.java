package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Scaled dot-product attention over cached keys, softmax in float32. */
final class Attention {

    private Attention() {}

    /**
     * {@code F.scaled_dot_product_attention(q, k, v, attn_mask)} with the scale already folded
     * into {@code q}.
     *
     * @param q (B, H, T, head_dim), pre-scaled by {@code 1/sqrt(head_dim)}
     * @param k (B, H, S, head_dim)
     * @param v (B, H, S, head_dim)
     * @param mask (T, S) float32 additive mask (0 or -inf), or null to attend to every key
     * @return (B, T, H * head_dim)
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask) {
        DataType type = q.getDataType();
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).toType(DataType.FLOAT32, false); // (B, H, T, S)
        if (mask != null) {
            scores = scores.addi(mask);
        }
        NDArray weights = scores.softmax(3).toType(type, false);                            // (B, H, T, S)
        NDArray out = weights.matMul(v);                                                    // (B, H, T, head_dim)
        Shape shape = out.getShape();
        // rearrange(output, 'b h n d -> b n (h d)')
        return out.transpose(0, 2, 1, 3).reshape(shape.get(0), shape.get(2), shape.get(1) * shape.get(3));
    }

    /** Splits the last axis into heads and moves them first: (B, T, H * d) to (B, H, T, d). */
    static NDArray heads(NDArray x, int nHead) {
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), nHead, shape.get(2) / nHead).transpose(0, 2, 1, 3);
    }
}
