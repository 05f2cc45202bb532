package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A block of the first pass ({@code SelfDecoder}): the tokens fed this step attend to every token
 * cached so far and to each other, and their rotated keys and values join the cache.
 * <pre>
 * h = x + self.attn(x=self.attn_norm(x), freqs_cis=freqs_cis[:, :x.shape[1], ...])
 * out = h + self.ffn(self.ffn_norm(h))
 * </pre>
 */
final class SelfDecoderBlock {

    private final ArpgWeights.SelfLayer weights;
    private final ArpgConfig config;
    private final Rope2d rope;

    SelfDecoderBlock(ArpgWeights.SelfLayer weights, ArpgConfig config, Rope2d rope) {
        this.weights = weights;
        this.config = config;
        this.rope = rope;
    }

    /**
     * @param x (B, T, D) the tokens fed this step
     * @param cos (B, T, 1, 1, head_dim) RoPE factors of their positions
     * @param sin (B, T, 1, 1, head_dim)
     * @param cache this block's keys and values; slots {@code [start, start + T)} are written
     * @param start slots already filled
     * @param mask (T, start + T) additive mask, or null for the official inference (no mask)
     * @return (B, T, D)
     */
    NDArray forward(NDArray x, NDArray cos, NDArray sin, KvCache.Layer cache, int start, NDArray mask) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int heads = config.nHead();
        int headDim = config.headDim();

        NDArray normed = Norms.rmsNorm(x, config.normEps());
        // q, k, v = self.to_q(x), self.to_k(x), self.to_v(x), fused: (B, T, 3, H, head_dim)
        NDArray qkv = Norms.linear(normed, weights.qkv()).reshape(b, t, 3, heads, headDim);
        // apply_rotary_emb on q and k together: (B, T, 2, H, head_dim)
        NDArray qk = rope.rotate(qkv.get(new NDIndex(":, :, 0:2")), cos, sin);
        NDArray q = qk.get(new NDIndex(":, :, 0")).transpose(0, 2, 1, 3);      // (B, H, T, head_dim)
        NDArray k = qk.get(new NDIndex(":, :, 1")).transpose(0, 2, 1, 3);      // (B, H, T, head_dim)
        NDArray v = qkv.get(new NDIndex(":, :, 2")).transpose(0, 2, 1, 3);     // (B, H, T, head_dim)

        // k, v = self.update_kv_cache(k, v)
        cache.write(start, k, v);
        NDArray[] kv = cache.upTo(start + t);                                 // (B, H, start + T, head_dim)
        NDArray attended = Attention.attend(q, kv[0], kv[1], mask);           // (B, T, D)

        NDArray h = x.add(Norms.linear(attended, weights.proj()));
        return h.addi(Norms.feedForward(Norms.rmsNorm(h, config.normEps()),
                weights.w13(), weights.w2()));
    }
}
