package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** LlamaGen's {@code AttnBlock}: single-head self-attention over all positions, with a residual. */
final class AttnBlock {

    private final VqWeights.Attn weights;
    private final GroupNorm norm;

    AttnBlock(VqWeights.Attn weights, int groups, UnitAffine unit) {
        this.weights = weights;
        this.norm = new GroupNorm(weights.norm(), groups, unit);
    }

    /** (B, C, H, W) to (B, C, H, W). */
    NDArray forward(NDArray x) {
        return Layers.scoped(() -> residual(x));
    }

    private NDArray residual(NDArray x) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        long c = shape.get(1);
        long hw = shape.get(2) * shape.get(3);
        NDArray normed = norm.forward(x);
        NDArray q = Layers.conv1x1(normed, weights.q()).reshape(b, c, hw).transpose(0, 2, 1); // (B, HW, C)
        NDArray k = Layers.conv1x1(normed, weights.k()).reshape(b, c, hw); // (B, C, HW)
        NDArray v = Layers.conv1x1(normed, weights.v()).reshape(b, c, hw); // (B, C, HW)
        // w_ = softmax(bmm(q, k) * int(c)**(-0.5), dim=2): w[b, i, j] = attention of query i to key j
        NDArray attention = q.batchMatMul(k).mul((float) Math.pow(c, -0.5)).softmax(2); // (B, HW, HW)
        // h_ = bmm(v, w_.permute(0, 2, 1)): h[b, c, i] = sum_j v[b, c, j] w[b, i, j]
        NDArray attended = v.batchMatMul(attention.transpose(0, 2, 1)).reshape(shape); // (B, C, H, W)
        return x.add(Layers.conv1x1(attended, weights.projOut()));
    }
}
