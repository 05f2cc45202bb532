package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * LlamaGen's {@code Encoder} followed by {@code quant_conv}: images (B, 3, H, W) in [-1, 1] to
 * pre-quantisation latents (B, codebook_embed_dim, H/f, W/f) with f the downsampling factor.
 */
final class Encoder {

    private final VqWeights.Coder weights;
    private final VqWeights.Conv quantConv;
    private final List<List<ResnetBlock>> res = new ArrayList<>();
    private final List<List<AttnBlock>> attn = new ArrayList<>();
    private final ResnetBlock midFirst;
    private final AttnBlock midAttn;
    private final ResnetBlock midSecond;
    private final GroupNorm normOut;

    Encoder(VqWeights weights, UnitAffine unit) {
        this.weights = weights.encoder();
        this.quantConv = weights.quantConv();
        int groups = weights.config().normGroups();
        for (VqWeights.Level level : this.weights.levels()) {
            res.add(level.res().stream().map(w -> new ResnetBlock(w, groups, unit)).toList());
            attn.add(level.attn().stream().map(w -> new AttnBlock(w, groups, unit)).toList());
        }
        VqWeights.Mid mid = this.weights.mid();
        midFirst = new ResnetBlock(mid.first(), groups, unit);
        midAttn = new AttnBlock(mid.attn(), groups, unit);
        midSecond = new ResnetBlock(mid.second(), groups, unit);
        normOut = new GroupNorm(this.weights.normOut(), groups, unit);
    }

    NDArray forward(NDArray image) {
        NDArray h = Layers.scoped(() -> Layers.conv3x3(image, weights.convIn())); // (B, ch, H, W)
        List<VqWeights.Level> levels = weights.levels();
        for (int level = 0; level < levels.size(); level++) {
            // for i_block: h = res[i_block](h); h = attn[i_block](h) if the level has attention
            for (int i = 0; i < res.get(level).size(); i++) {
                h = Layers.advance(h, res.get(level).get(i)::forward);
                if (!attn.get(level).isEmpty()) {
                    h = Layers.advance(h, attn.get(level).get(i)::forward);
                }
            }
            VqWeights.Conv downsample = levels.get(level).resample();
            if (downsample != null) {
                h = Layers.advance(h, x -> Layers.scoped(() -> Layers.downsample(x, downsample))); // H, W halved
            }
        }
        h = Layers.advance(h, midFirst::forward);
        h = Layers.advance(h, midAttn::forward);
        h = Layers.advance(h, midSecond::forward);
        return Layers.advance(h, x -> Layers.scoped(() -> {
            NDArray out = Layers.conv3x3(Layers.swish(normOut.forward(x)), weights.convOut()); // (B, z, h, w)
            return Layers.conv1x1(out, quantConv); // (B, codebook_embed_dim, h, w)
        }));
    }
}
