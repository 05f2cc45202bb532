package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;

/**
 * A block of the second pass ({@code CrossDecoder}): queries that stand for the positions to
 * predict (target-aware: [MASK] embeddings rotated by the RoPE of those positions) attend to the
 * shared context keys and values of every token fed so far.
 * <pre>
 * h = x + self.attn(x=self.attn_norm(x), k=k, v=v, freqs_cis=freqs_cis)
 * out = h + self.ffn(self.ffn_norm(h))
 * </pre>
 */
final class CrossDecoderBlock {

    private final ArpgWeights.CrossLayer weights;
    private final ArpgConfig config;
    private final Rope2d rope;

    CrossDecoderBlock(ArpgWeights.CrossLayer weights, ArpgConfig config, Rope2d rope) {
        this.weights = weights;
        this.config = config;
        this.rope = rope;
    }

    /**
     * @param x (B, Q, D) query stream
     * @param cos (B, Q, 1, head_dim) RoPE factors of the positions to predict
     * @param sin (B, Q, 1, head_dim)
     * @param keys (B, H, S, head_dim) rotated context keys
     * @param values (B, H, S, head_dim) context values
     * @param mask (Q, S) additive mask, or null for the official inference (no mask)
     * @return (B, Q, D)
     */
    NDArray forward(NDArray x, NDArray cos, NDArray sin, NDArray keys, NDArray values, NDArray mask) {
        NDArray normed = Norms.rmsNorm(x, config.normEps());
        NDArray q = Norms.linear(normed, weights.q());                                // (B, Q, D)
        long b = q.getShape().get(0);
        long queries = q.getShape().get(1);
        // q = apply_rotary_emb(q, freqs_cis[:, -q.shape[1]:, ...])
        q = rope.rotate(q.reshape(b, queries, config.nHead(), config.headDim()), cos, sin)
                .transpose(0, 2, 1, 3);                                                // (B, H, Q, head_dim)
        NDArray attended = Attention.attend(q, keys, values, mask);                   // (B, Q, D)

        NDArray h = x.add(Norms.linear(attended, weights.proj()));
        return h.addi(Norms.feedForward(Norms.rmsNorm(h, config.normEps()),
                weights.w13(), weights.w2()));
    }
}
