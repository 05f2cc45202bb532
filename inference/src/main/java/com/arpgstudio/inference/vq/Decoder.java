package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code post_quant_conv} followed by LlamaGen's {@code Decoder}: quantised latents
 * (B, codebook_embed_dim, h, w) to images (B, 3, h*f, w*f), roughly in [-1, 1].
 */
final class Decoder {

    private final VqWeights.Coder weights;
    private final VqWeights.Conv postQuantConv;
    private final List<List<ResnetBlock>> res = new ArrayList<>();
    private final List<List<AttnBlock>> attn = new ArrayList<>();
    private final ResnetBlock midFirst;
    private final AttnBlock midAttn;
    private final ResnetBlock midSecond;
    private final GroupNorm normOut;

    Decoder(VqWeights weights, UnitAffine unit) {
        this.weights = weights.decoder();
        this.postQuantConv = weights.postQuantConv();
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

    NDArray forward(NDArray quant) {
        NDArray h = Layers.scoped(() -> {
            NDArray z = Layers.conv1x1(quant, postQuantConv); // (B, z, h, w)
            return Layers.conv3x3(z, weights.convIn()); // (B, ch * ch_mult[-1], h, w)
        });
        h = Layers.advance(h, midFirst::forward);
        h = Layers.advance(h, midAttn::forward);
        h = Layers.advance(h, midSecond::forward);
        List<VqWeights.Level> levels = weights.levels();
        for (int j = 0; j < levels.size(); j++) {
            // conv_blocks[j] is level (levels - 1 - j): deepest first
            for (int i = 0; i < res.get(j).size(); i++) {
                h = Layers.advance(h, res.get(j).get(i)::forward);
                if (!attn.get(j).isEmpty()) {
                    h = Layers.advance(h, attn.get(j).get(i)::forward);
                }
            }
            VqWeights.Conv upsample = levels.get(j).resample();
            if (upsample != null) {
                h = Layers.advance(h, x -> Layers.scoped(
                        () -> Layers.conv3x3(Layers.upsampleNearest2x(x), upsample))); // H, W doubled
            }
        }
        return Layers.advance(h, x -> Layers.scoped(
                () -> Layers.conv3x3(Layers.swish(normOut.forward(x)), weights.convOut()))); // (B, 3, H, W)
    }
}
