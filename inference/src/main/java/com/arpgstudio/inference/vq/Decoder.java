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
    private final GroupNorm normOut;
    private final List<List<ResnetBlock>> res = new ArrayList<>();
    private final List<List<AttnBlock>> attn = new ArrayList<>();
    private final ResnetBlock midFirst;
    private final AttnBlock midAttn;
    private final ResnetBlock midSecond;

    Decoder(VqWeights weights) {
        this.weights = weights.decoder();
        this.postQuantConv = weights.postQuantConv();
        int groups = weights.config().normGroups();
        this.normOut = new GroupNorm(this.weights.normOut(), groups);
        for (VqWeights.Level level : this.weights.levels()) {
            res.add(level.res().stream().map(w -> new ResnetBlock(w, groups)).toList());
            attn.add(level.attn().stream().map(w -> new AttnBlock(w, groups)).toList());
        }
        VqWeights.Mid mid = this.weights.mid();
        midFirst = new ResnetBlock(mid.first(), groups);
        midAttn = new AttnBlock(mid.attn(), groups);
        midSecond = new ResnetBlock(mid.second(), groups);
    }

    NDArray forward(NDArray quant) {
        NDArray h = Layers.conv1x1(quant, postQuantConv); // (B, z, h, w)
        h = Layers.conv3x3(h, weights.convIn()); // (B, ch * ch_mult[-1], h, w)
        h = midSecond.forward(midAttn.forward(midFirst.forward(h)));
        List<VqWeights.Level> levels = weights.levels();
        for (int j = 0; j < levels.size(); j++) {
            // conv_blocks[j] is level (levels - 1 - j): deepest first
            for (int i = 0; i < res.get(j).size(); i++) {
                h = res.get(j).get(i).forward(h);
                if (!attn.get(j).isEmpty()) {
                    h = attn.get(j).get(i).forward(h);
                }
            }
            if (levels.get(j).resample() != null) {
                h = Layers.conv3x3(Layers.upsampleNearest2x(h), levels.get(j).resample()); // H, W doubled
            }
        }
        h = Layers.swish(normOut.forward(h));
        return Layers.conv3x3(h, weights.convOut()); // (B, 3, H, W)
    }
}
