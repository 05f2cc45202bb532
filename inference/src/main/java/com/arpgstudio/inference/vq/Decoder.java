package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.arpgstudio.inference.runtime.GraphCapture;
import java.util.List;

/**
 * {@code post_quant_conv} followed by LlamaGen's {@code Decoder}: quantised latents
 * (B, codebook_embed_dim, h, w) to images (B, 3, h*f, w*f), roughly in [-1, 1]. Runs as one
 * TorchScript call ({@link ScriptedCoder}), on a GPU optionally replayed as a CUDA graph
 * ({@link CoderGraphs}); the op-by-op port below is its reference.
 */
final class Decoder implements AutoCloseable {

    private final CoderBlocks blocks;
    private final VqWeights.Conv postQuantConv;
    private final CoderGraphs scripted;

    Decoder(VqWeights weights, UnitAffine unit, NDManager manager) {
        this.blocks = new CoderBlocks(weights.decoder(), weights.config().normGroups(), unit);
        this.postQuantConv = weights.postQuantConv();
        this.scripted = new CoderGraphs(ScriptedCoder.decoder(weights, manager), manager,
                GraphCapture.fromProperty(CoderGraphs.PROPERTY, "off"));
    }

    NDArray forward(NDArray quant) {
        return scripted.forward(quant);
    }

    /** {@link #forward} op by op in Java, one DJL call per tensor operation. */
    NDArray forwardOpByOp(NDArray quant) {
        NDArray h = Layers.scoped(() -> {
            NDArray z = Layers.conv1x1(quant, postQuantConv); // (B, z, h, w)
            return Layers.conv3x3(z, blocks.weights().convIn()); // (B, ch * ch_mult[-1], h, w)
        });
        h = blocks.mid(h);
        List<VqWeights.Level> levels = blocks.weights().levels();
        for (int j = 0; j < levels.size(); j++) {
            // conv_blocks[j] is level (levels - 1 - j): deepest first
            h = blocks.level(h, j);
            VqWeights.Conv upsample = levels.get(j).resample();
            if (upsample != null) {
                h = Layers.advance(h, x -> Layers.scoped(
                        () -> Layers.conv3x3(Layers.upsampleNearest2x(x), upsample))); // H, W doubled
            }
        }
        return Layers.advance(h, x -> Layers.scoped(() -> blocks.out(x))); // (B, 3, H, W)
    }

    @Override
    public void close() {
        scripted.close();
    }
}
