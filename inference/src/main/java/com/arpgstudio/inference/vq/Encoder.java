package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.arpgstudio.inference.runtime.GraphCapture;
import java.util.List;

/**
 * LlamaGen's {@code Encoder} followed by {@code quant_conv}: images (B, 3, H, W) in [-1, 1] to
 * pre-quantisation latents (B, codebook_embed_dim, H/f, W/f) with f the downsampling factor.
 * Runs as one TorchScript call ({@link ScriptedCoder}), on a GPU optionally replayed as a CUDA graph
 * ({@link CoderGraphs}); the op-by-op port below is its reference.
 */
final class Encoder implements AutoCloseable {

    private final CoderBlocks blocks;
    private final VqWeights.Conv quantConv;
    private final CoderGraphs scripted;

    Encoder(VqWeights weights, UnitAffine unit, NDManager manager) {
        this.blocks = new CoderBlocks(weights.encoder(), weights.config().normGroups(), unit);
        this.quantConv = weights.quantConv();
        this.scripted = new CoderGraphs(ScriptedCoder.encoder(weights, manager), manager,
                GraphCapture.fromProperty(CoderGraphs.PROPERTY, "off"));
    }

    NDArray forward(NDArray image) {
        return scripted.forward(image);
    }

    /** {@link #forward} op by op in Java, one DJL call per tensor operation. */
    NDArray forwardOpByOp(NDArray image) {
        NDArray h = Layers.scoped(() -> Layers.conv3x3(image, blocks.weights().convIn())); // (B, ch, H, W)
        List<VqWeights.Level> levels = blocks.weights().levels();
        for (int level = 0; level < levels.size(); level++) {
            h = blocks.level(h, level);
            VqWeights.Conv downsample = levels.get(level).resample();
            if (downsample != null) {
                h = Layers.advance(h, x -> Layers.scoped(() -> Layers.downsample(x, downsample))); // H, W halved
            }
        }
        h = blocks.mid(h);
        return Layers.advance(h, x -> Layers.scoped(() -> {
            NDArray out = blocks.out(x); // (B, z, h, w)
            return Layers.conv1x1(out, quantConv); // (B, codebook_embed_dim, h, w)
        }));
    }

    @Override
    public void close() {
        scripted.close();
    }
}
