package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@code nn.GroupNorm(num_groups, C, eps=1e-6, affine=True)}, which DJL lacks: per sample and
 * group, subtract the mean and divide by sqrt(biased variance + eps), then scale and shift per
 * channel. Statistics are taken in FLOAT32 even when the activations are FLOAT16.
 */
final class GroupNorm {

    private final int groups;
    private final NDArray scale; // (1, C, 1, 1), a view of the weight
    private final NDArray shift; // (1, C, 1, 1), a view of the bias

    GroupNorm(VqWeights.Norm norm, int groups) {
        long channels = norm.weight().getShape().get(0);
        this.groups = groups;
        // views made once here: an op whose first operand is a weight would allocate in the weights' manager
        this.scale = norm.weight().reshape(1, channels, 1, 1);
        this.shift = norm.bias().reshape(1, channels, 1, 1);
    }

    /** (B, C, H, W) to (B, C, H, W). */
    NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        NDArray grouped = x.toType(DataType.FLOAT32, false).reshape(shape.get(0), groups, -1); // (B, G, C/G*H*W)
        NDArray centered = grouped.sub(grouped.mean(new int[] {2}, true));
        NDArray variance = centered.square().mean(new int[] {2}, true); // (B, G, 1)
        NDArray normalized = centered.div(variance.add(VqConfig.NORM_EPS).sqrt()) // (B, G, C/G*H*W)
                .reshape(shape)
                .toType(x.getDataType(), false);
        return normalized.mul(scale).add(shift);
    }
}
