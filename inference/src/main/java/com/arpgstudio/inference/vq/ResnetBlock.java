package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;

/** LlamaGen's {@code ResnetBlock} (dropout 0, {@code nin_shortcut} when channels change). */
final class ResnetBlock {

    private final VqWeights.Resnet weights;
    private final GroupNorm norm1;
    private final GroupNorm norm2;

    ResnetBlock(VqWeights.Resnet weights, int groups, UnitAffine unit) {
        this.weights = weights;
        this.norm1 = new GroupNorm(weights.norm1(), groups, unit);
        this.norm2 = new GroupNorm(weights.norm2(), groups, unit);
    }

    /** (B, C_in, H, W) to (B, C_out, H, W). */
    NDArray forward(NDArray x) {
        return Layers.scoped(() -> residual(x));
    }

    private NDArray residual(NDArray x) {
        // h = conv1(nonlinearity(norm1(x)))
        NDArray h = Layers.conv3x3(Layers.swish(norm1.forward(x)), weights.conv1());
        // h = conv2(dropout(nonlinearity(norm2(h))))
        h = Layers.conv3x3(Layers.swish(norm2.forward(h)), weights.conv2());
        // x = nin_shortcut(x) if in_channels != out_channels
        NDArray shortcut = weights.ninShortcut() == null ? x : Layers.conv1x1(x, weights.ninShortcut());
        return shortcut.add(h);
    }
}
