package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * LlamaGen's {@code VectorQuantizer} at inference: nearest codebook entry by squared distance,
 * with latents and codebook L2-normalised first when {@code codebook_l2_norm} is set. Works in
 * FLOAT32 whatever the compute type, so codes do not depend on it.
 */
final class Quantizer {

    /** {@code F.normalize}'s default epsilon. */
    private static final double NORMALIZE_EPS = 1e-12;

    private final boolean l2Norm;
    private final int embedDim;
    private final NDArray embedding; // (K, D), normalised when l2Norm
    private final NDArray embeddingT; // (D, K)
    private final NDArray embeddingSquaredNorms; // (K)

    /** Derived tables are made once, in the manager holding the codebook. */
    Quantizer(VqWeights weights) {
        VqConfig config = weights.config();
        this.l2Norm = config.codebookL2Norm();
        this.embedDim = config.codebookEmbedDim();
        NDArray codebook = weights.codebook();
        // embedding = F.normalize(self.embedding.weight, p=2, dim=-1) if l2_norm
        this.embedding = l2Norm ? codebook.normalize(2, 1, NORMALIZE_EPS) : codebook;
        this.embeddingT = embedding.transpose(); // (D, K)
        this.embeddingSquaredNorms = embedding.square().sum(new int[] {1}); // (K)
    }

    /** Latents (B, D, h, w) to codes (B, h, w) INT64, ties to the lowest index like {@code torch.argmin}. */
    NDArray nearest(NDArray latents) {
        Shape shape = latents.getShape();
        long b = shape.get(0);
        long h = shape.get(2);
        long w = shape.get(3);
        // z = einsum('b c h w -> b h w c', z); z_flattened = z.view(-1, e_dim)
        NDArray z = latents.toType(DataType.FLOAT32, false).transpose(0, 2, 3, 1).reshape(-1, embedDim); // (N, D)
        if (l2Norm) {
            z = z.normalize(2, 1, NORMALIZE_EPS);
        }
        // d = sum(z**2, 1, keepdim) + sum(e**2, 1) - 2 * z @ e.T
        NDArray distances = z.square().sum(new int[] {1}, true)
                .add(embeddingSquaredNorms)
                .sub(z.matMul(embeddingT).mul(2)); // (N, K)
        return distances.argMin(1).reshape(b, h, w);
    }

    /** {@code get_codebook_entry}: codes (B, h, w) to (B, D, h, w) FLOAT32 vectors of the (normalised) codebook. */
    NDArray lookup(NDArray codes) {
        Shape shape = codes.getShape();
        NDManager manager = codes.getManager();
        NDArray flat = codes.toType(DataType.INT64, false).reshape(-1); // (N)
        long min = flat.min().getLong();
        long max = flat.max().getLong();
        if (min < 0 || max >= codebookSize()) {
            throw new IllegalArgumentException("expected codes in [0, " + codebookSize() + "), found values in ["
                    + min + ", " + max + "]");
        }
        // embedding[indices], allocated in the codes' manager rather than the codebook's
        NDArray vectors = embedding.get(manager, new NDIndex("{}", flat)); // (N, D)
        return vectors.reshape(shape.get(0), shape.get(1), shape.get(2), embedDim).transpose(0, 3, 1, 2);
    }

    int codebookSize() {
        return (int) embedding.getShape().get(0);
    }
}
