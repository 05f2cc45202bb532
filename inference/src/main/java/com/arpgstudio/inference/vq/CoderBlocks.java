package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The blocks LlamaGen's {@code Encoder} and {@code Decoder} share in structure: per level a run of
 * ResNet blocks, each followed by an attention block where the level has attention; the mid block
 * (res, attention, res); and the output GroupNorm. Only the order they run in differs.
 */
final class CoderBlocks {

    private final VqWeights.Coder weights;
    private final List<List<ResnetBlock>> res;
    private final List<List<AttnBlock>> attn;
    private final ResnetBlock midFirst;
    private final AttnBlock midAttn;
    private final ResnetBlock midSecond;
    private final GroupNorm normOut;

    CoderBlocks(VqWeights.Coder weights, int groups, UnitAffine unit) {
        this.weights = weights;
        this.res = weights.levels().stream()
                .map(level -> level.res().stream().map(w -> new ResnetBlock(w, groups, unit)).toList())
                .toList();
        this.attn = weights.levels().stream()
                .map(level -> level.attn().stream().map(w -> new AttnBlock(w, groups, unit)).toList())
                .toList();
        VqWeights.Mid mid = weights.mid();
        midFirst = new ResnetBlock(mid.first(), groups, unit);
        midAttn = new AttnBlock(mid.attn(), groups, unit);
        midSecond = new ResnetBlock(mid.second(), groups, unit);
        normOut = new GroupNorm(weights.normOut(), groups, unit);
    }

    VqWeights.Coder weights() {
        return weights;
    }

    /** {@code for i_block: h = res[i_block](h); h = attn[i_block](h)} of conv_blocks[index]. */
    NDArray level(NDArray h, int index) {
        for (int i = 0; i < res.get(index).size(); i++) {
            h = Layers.advance(h, res.get(index).get(i)::forward);
            if (!attn.get(index).isEmpty()) {
                h = Layers.advance(h, attn.get(index).get(i)::forward);
            }
        }
        return h;
    }

    /** {@code h = mid(h)}: res, attention, res. */
    NDArray mid(NDArray h) {
        h = Layers.advance(h, midFirst::forward);
        h = Layers.advance(h, midAttn::forward);
        return Layers.advance(h, midSecond::forward);
    }

    /** {@code conv_out(nonlinearity(norm_out(h)))}, within the caller's scope. */
    NDArray out(NDArray h) {
        return Layers.conv3x3(Layers.swish(normOut.forward(h)), weights.convOut());
    }
}
