package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.vq.VqConfig;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
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

    /** block_size of the official ModelArgs, which checkpoints do not record. */
    static final int DEFAULT_BLOCK_SIZE = 256;
    /** Rows of the embedding table beyond codes and classes: [MASK], the null class, the drop token. */
    private static final int EXTRA_EMBEDDINGS = 3;

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
     * Reads a config.json in the fixture layout {@code {"arpg": {block_size, num_classes, ...},
     * "vq": {ch_mult, ...}}}; absent fields take the official defaults (256 tokens, 1000 classes, VQ-16).
     */
    public static ModelShape fromConfig(Path configJson) throws IOException {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(configJson));
            if (!parsed.isJsonObject()) {
                throw new IOException(configJson + ": expected a JSON object, found " + parsed);
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(configJson + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonObject arpg = root.has("arpg") && root.get("arpg").isJsonObject() ? root.getAsJsonObject("arpg") : root;
        try {
            int blockSize = arpg.has("block_size") ? arpg.get("block_size").getAsInt() : DEFAULT_BLOCK_SIZE;
            int classes = arpg.has("num_classes") ? arpg.get("num_classes").getAsInt()
                    : IMAGENET_256.classCount();
            int pixelsPerToken = root.has("vq") ? VqConfig.fromJson(root).downsampleFactor()
                    : IMAGENET_256.pixelsPerToken();
            return new ModelShape(grid(blockSize, configJson.toString()), pixelsPerToken, classes);
        } catch (RuntimeException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * Derives the shape from the weights: classes from the embedding table ({@code vocab + 1 +
     * classes + 2} rows, vocab = rows of {@code head.weight}), pixels per token from the tokenizer's
     * levels ({@link VqConfig#fromWeights}). The token grid is not stored in checkpoints; the
     * official 256 tokens (16x16) are assumed.
     */
    public static ModelShape fromWeights(StateDict arpg, StateDict vq) throws IOException {
        long embeddingRows = arpg.get("embeddings.weight").shape()[0];
        long vocab = arpg.get("head.weight").shape()[0];
        long classes = embeddingRows - vocab - EXTRA_EMBEDDINGS;
        if (classes <= 0) {
            throw new IOException(arpg.source() + ": expected embeddings.weight to have more than " + (vocab
                    + EXTRA_EMBEDDINGS) + " rows (vocab " + vocab + " + [MASK] + classes + 2), found " + embeddingRows);
        }
        return new ModelShape(grid(DEFAULT_BLOCK_SIZE, arpg.source().toString()),
                VqConfig.fromWeights(vq).downsampleFactor(), Math.toIntExact(classes));
    }

    private static int grid(int blockSize, String where) {
        int grid = (int) Math.round(Math.sqrt(blockSize));
        if (blockSize <= 0 || grid * grid != blockSize) {
            throw new IllegalArgumentException(where + ": expected a square block_size, found " + blockSize);
        }
        return grid;
    }
}
