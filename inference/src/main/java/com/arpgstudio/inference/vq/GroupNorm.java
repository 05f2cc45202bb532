package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * {@code nn.GroupNorm(num_groups, C, eps=1e-6, affine=True)}, which DJL lacks: per sample and
 * group, subtract the mean and divide by sqrt(biased variance + eps), then scale and shift per
 * channel. Built on {@code layer_norm} over each group's (C/G, H, W) values, which computes the
 * same statistics in one fused pass; statistics are FLOAT32 even for FLOAT16 activations.
 */
final class GroupNorm {

    private final int groups;
    private final UnitAffine unit;
    private final NDArray scale; // (1, C, 1, 1), a view of the weight
    private final NDArray shift; // (1, C, 1, 1), a view of the bias

    GroupNorm(VqWeights.Norm norm, int groups, UnitAffine unit) {
        long channels = norm.weight().getShape().get(0);
        this.groups = groups;
        this.unit = unit;
        // views made once here: an op whose first operand is a weight would allocate in the weights' manager
        this.scale = norm.weight().reshape(1, channels, 1, 1);
        this.shift = norm.bias().reshape(1, channels, 1, 1);
    }

    /** (B, C, H, W) to (B, C, H, W). */
    NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        long groupSize = shape.size() / (shape.get(0) * groups); // C/G * H * W
        NDArray grouped = x.toType(DataType.FLOAT32, false).reshape(shape.get(0), groups, groupSize);
        NDArray[] identity = unit.views(groupSize, grouped.getManager());
        // (x - mean) / sqrt(var + eps) over each group's values, var biased like torch's group_norm
        NDArray normalized = grouped.getNDArrayInternal()
                .layerNorm(grouped, new Shape(groupSize), identity[0], identity[1], VqConfig.NORM_EPS)
                .singletonOrThrow()
                .reshape(shape)
                .toType(x.getDataType(), false);
        return normalized.mul(scale).add(shift);
    }
}
