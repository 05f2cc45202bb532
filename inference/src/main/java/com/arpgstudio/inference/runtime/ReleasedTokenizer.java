package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.vq.VqConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A released VQ tokenizer the ARPG checkpoints decode with, and what its file must hold.
 *
 * @param repo       its Hugging Face repository
 * @param file       its file name there
 * @param parameters published parameter count (float32 on disk: the size shown before a download)
 * @param config     the configuration its tensors must imply
 */
public record ReleasedTokenizer(String repo, String file, long parameters, VqConfig config) {

    /** LlamaGen's VQ-16 ({@code vq_ds16_c2i.pt}): 72 M parameters, 16 px per token, 16384 codes. */
    public static final ReleasedTokenizer VQ_16 = new ReleasedTokenizer("FoundationVision/LlamaGen",
            "vq_ds16_c2i.pt", 72_000_000L, VqConfig.vq16());

    /** Approximate size of the checkpoint (float32 weights). */
    public long expectedBytes() {
        return parameters * Float.BYTES;
    }

    /** Reads the file with the safe readers; throws, saying what differs, unless it is this tokenizer. */
    public void check(Path weights) throws IOException {
        StateDict state = StateDict.open(weights);
        ModelConfigs.requireType(state, ModelConfigs.ModelType.VQ, "the " + file + " VQ tokenizer");
        VqConfig found = VqConfig.fromWeights(state);
        if (!found.equals(config)) {
            throw new CheckpointException("expected the " + file + " VQ tokenizer (" + config + "), found " + found);
        }
    }
}
