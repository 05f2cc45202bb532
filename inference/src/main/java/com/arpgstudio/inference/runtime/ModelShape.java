package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.vq.VqConfig;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What the editor needs to know about a model before loading it: the native window (a square of
 * {@code gridTokens x gridTokens} tokens, each {@code pixelsPerToken} pixels wide) and how many
 * classes it is conditioned on.
 *
 * @param gridTokens     tokens along one side ({@code sqrt(block_size)})
 * @param pixelsPerToken the VQ tokenizer's downsampling factor ({@code 2^(len(ch_mult) - 1)})
 * @param classCount     {@code num_classes}
 */
public record ModelShape(int gridTokens, int pixelsPerToken, int classCount) {

    /** The released ARPG models: 16x16 tokens of VQ-16 (256 px), ImageNet's 1000 classes. */
    public static final ModelShape IMAGENET_256 = new ModelShape(16, 16, 1000);

    public ModelShape {
        if (gridTokens <= 0 || pixelsPerToken <= 0 || classCount <= 0) {
            throw new IllegalArgumentException("model shape: expected positive sizes, found " + gridTokens
                    + " tokens, " + pixelsPerToken + " px per token, " + classCount + " classes");
        }
    }

    /** The side of the native window in pixels. */
    public int windowPixels() {
        return gridTokens * pixelsPerToken;
    }

    /** For lists: "256 px, 16x16 tokens, 1000 classes". */
    public String describe() {
        return windowPixels() + " px, " + gridTokens + "x" + gridTokens + " tokens, " + classCount + " classes";
    }

    /**
     * Derives the shape from a pair of weights files (their headers only) and an optional
     * config.json in the fixture layout: the ARPG hyper-parameters through {@link ModelConfigs#arpg},
     * which checks every key; the tokenizer's downsampling through {@link VqConfig#fromWeights}.
     * Without a config.json the token grid is the official 16x16, which checkpoints do not record.
     * The config's recommended sampling settings, if any, must be usable too.
     */
    public static ModelShape of(Path generatorFile, Path tokenizerFile, Path configJson) throws IOException {
        JsonObject config = configJson == null ? null : ModelConfigs.readConfig(configJson);
        try {
            SamplingSettings.recommendedBy(config);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(configJson + ": " + e.getMessage(), e);
        }
        StateDict generator = StateDict.open(generatorFile);
        StateDict tokenizer = StateDict.open(tokenizerFile);
        ModelConfigs.requireType(generator, ModelConfigs.ModelType.ARPG, "ARPG weights");
        ModelConfigs.requireType(tokenizer, ModelConfigs.ModelType.VQ, "VQ tokenizer weights");
        JsonObject args = ModelConfigs.arpg(generator, config);
        int blockSize = args.get("block_size").getAsInt();
        int grid = (int) Math.round(Math.sqrt(blockSize));
        if (blockSize <= 0 || grid * grid != blockSize) {
            throw new IOException((configJson != null ? configJson : generatorFile) + ": expected a square block_size, found "
                    + blockSize);
        }
        int pixelsPerToken = VqConfig.fromWeights(tokenizer, config).downsampleFactor();
        return new ModelShape(grid, pixelsPerToken, args.get("num_classes").getAsInt());
    }
}
