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
    private final GroupNorm normOut;
    private final List<List<ResnetBlock>> res = new ArrayList<>();
    private final List<List<AttnBlock>> attn = new ArrayList<>();
    private final ResnetBlock midFirst;
    private final AttnBlock midAttn;
    private final ResnetBlock midSecond;

    Encoder(VqWeights weights) {
        this.weights = weights.encoder();
        this.quantConv = weights.quantConv();
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

    NDArray forward(NDArray image) {
        NDArray h = Layers.conv3x3(image, weights.convIn()); // (B, ch, H, W)
        List<VqWeights.Level> levels = weights.levels();
        for (int level = 0; level < levels.size(); level++) {
            // for i_block: h = res[i_block](h); h = attn[i_block](h) if the level has attention
            for (int i = 0; i < res.get(level).size(); i++) {
                h = res.get(level).get(i).forward(h);
                if (!attn.get(level).isEmpty()) {
                    h = attn.get(level).get(i).forward(h);
                }
            }
            if (levels.get(level).resample() != null) {
                h = Layers.downsample(h, levels.get(level).resample()); // H, W halved
            }
        }
        h = midSecond.forward(midAttn.forward(midFirst.forward(h)));
        h = Layers.conv3x3(Layers.swish(normOut.forward(h)), weights.convOut());
        return Layers.conv1x1(h, quantConv); // (B, codebook_embed_dim, H/f, W/f)
    }
}
