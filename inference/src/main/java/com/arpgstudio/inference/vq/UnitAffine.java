package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * FLOAT32 ones and zeros of any length, for {@code layer_norm} without an affine (DJL's
 * {@code layerNorm} requires weight and bias). One buffer pair, grown by doubling, lives in the
 * tokenizer's manager; callers get views of the length they need in their own manager.
 */
final class UnitAffine {

    private final NDManager owner;
    private NDArray ones;
    private NDArray zeros;

    UnitAffine(NDManager owner) {
        this.owner = owner;
    }

    /** {ones, zeros} of {@code length}, views attached to {@code manager}. */
    synchronized NDArray[] views(long length, NDManager manager) {
        if (ones == null || ones.getShape().get(0) < length) {
            long capacity = Math.max(length, ones == null ? 0 : 2 * ones.getShape().get(0));
            NDArray grownOnes = owner.ones(new Shape(capacity));
            NDArray grownZeros = owner.zeros(new Shape(capacity));
            NDScope.unregister(grownOnes, grownZeros); // persistent, whatever scope the caller is in
            if (ones != null) {
                // views handed out earlier keep their storage alive in libtorch
                ones.close();
                zeros.close();
            }
            ones = grownOnes;
            zeros = grownZeros;
        }
        NDIndex prefix = new NDIndex().addSliceDim(0, length);
        return new NDArray[] {ones.get(manager, prefix), zeros.get(manager, prefix)};
    }
}
