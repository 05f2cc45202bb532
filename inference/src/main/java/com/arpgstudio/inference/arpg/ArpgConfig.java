package com.arpgstudio.inference.arpg;

import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.UserFiles;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Hyper-parameters of one ARPG transformer ({@code ModelArgs} of the official models/arpg.py).
 *
 * @param dim model width
 * @param nLayer total layers: {@code nLayer / 2} self-decoder blocks, then as many cross-decoder blocks
 * @param nHead attention heads
 * @param vocabSize image codes {@code [0, vocabSize)}
 * @param numClasses class labels
 * @param blockSize image tokens per image ({@code grid * grid})
 * @param clsTokenNum condition tokens before the image tokens (always 1 in the official code)
 * @param ropeBase RoPE base (10000)
 * @param normEps RMSNorm epsilon
 * @param multipleOf the SwiGLU hidden size is rounded up to a multiple of this
 * @param ffnDimMultiplier optional factor on the SwiGLU hidden size ({@code null} when unset)
 */
public record ArpgConfig(
        int dim,
        int nLayer,
        int nHead,
        int vocabSize,
        int numClasses,
        int blockSize,
        int clsTokenNum,
        double ropeBase,
        double normEps,
        int multipleOf,
        Double ffnDimMultiplier) {

    public ArpgConfig {
        require(dim > 0 && nHead > 0 && dim % nHead == 0, "dim divisible by n_head", dim + " / " + nHead);
        require((dim / nHead) % 4 == 0, "head_dim divisible by 4 (2D RoPE)", String.valueOf(dim / nHead));
        require(nLayer > 0 && nLayer % 2 == 0, "an even positive n_layer", String.valueOf(nLayer));
        require(vocabSize > 0, "a positive vocab_size", String.valueOf(vocabSize));
        require(numClasses > 0, "a positive num_classes", String.valueOf(numClasses));
        int grid = (int) Math.round(Math.sqrt(blockSize));
        require(blockSize > 0 && grid * grid == blockSize, "a square block_size", String.valueOf(blockSize));
        require(clsTokenNum == 1, "cls_token_num 1 (the official generate() hard-codes one class token)",
                String.valueOf(clsTokenNum));
        require(ropeBase > 0, "a positive rope_base", String.valueOf(ropeBase));
        require(normEps > 0, "a positive norm_eps", String.valueOf(normEps));
        require(multipleOf > 0, "a positive multiple_of", String.valueOf(multipleOf));
    }

    /** ARPG-L: 24 layers of width 1024, 16 heads, the ImageNet vocabulary and classes. */
    public static ArpgConfig arpgL() {
        return standard(1024, 24, 16);
    }

    /** The official defaults (vocab 16384, 1000 classes, 256 tokens) at the given size. */
    public static ArpgConfig standard(int dim, int nLayer, int nHead) {
        return new ArpgConfig(dim, nLayer, nHead, 16384, 1000, 256, 1, 10000, 1e-5, 256, null);
    }

    /**
     * Reads a config.json: either the fixture layout {@code {"arpg": {...}, "vq": {...}}} or a bare
     * object with the official {@code ModelArgs} field names (dim, n_layer, n_head, ...).
     */
    public static ArpgConfig fromJson(Path file) throws IOException {
        try {
            JsonElement root = UserJson.read(file, UserFiles.Kind.MODEL_CONFIG);
            if (!root.isJsonObject()) {
                throw new IOException(file + ": expected a JSON object, found " + root);
            }
            JsonObject object = root.getAsJsonObject();
            return fromJson(object.has("arpg") ? object.getAsJsonObject("arpg") : object);
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Builds a config from an object with the official field names; absent fields take the official defaults. */
    public static ArpgConfig fromJson(JsonObject o) {
        return new ArpgConfig(
                intField(o, "dim", 4096),
                intField(o, "n_layer", 32),
                intField(o, "n_head", 32),
                intField(o, "vocab_size", 16384),
                intField(o, "num_classes", 1000),
                intField(o, "block_size", 256),
                intField(o, "cls_token_num", 1),
                o.has("rope_base") ? o.get("rope_base").getAsDouble() : 10000,
                o.has("norm_eps") ? o.get("norm_eps").getAsDouble() : 1e-5,
                intField(o, "multiple_of", 256),
                o.has("ffn_dim_multiplier") && !o.get("ffn_dim_multiplier").isJsonNull()
                        ? o.get("ffn_dim_multiplier").getAsDouble() : null);
    }

    /**
     * The configuration these weights imply ({@link ModelConfigs#arpg}): sizes from the tensor
     * shapes, every key checked, heads dim / 64 and a 16 x 16 grid as in the released models.
     */
    public static ArpgConfig fromWeights(StateDict weights) throws CheckpointException {
        return fromWeights(weights, null);
    }

    /**
     * As {@link #fromWeights(StateDict)}, with a config.json (fixture layout or bare ModelArgs; null
     * for none) supplying what the weights do not record; it must agree with what they do.
     */
    public static ArpgConfig fromWeights(StateDict weights, JsonObject config) throws CheckpointException {
        try {
            return fromJson(ModelConfigs.arpg(weights, config));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("ARPG weights in " + weights.source() + ": " + e.getMessage(), e);
        }
    }

    public int headDim() {
        return dim / nHead;
    }

    /** Side of the square token grid. */
    public int gridSize() {
        return (int) Math.round(Math.sqrt(blockSize));
    }

    /** SwiGLU hidden size, as FeedForward computes it. */
    public int ffnHiddenDim() {
        int hidden = (int) (2 * (4 * dim) / 3.0);
        if (ffnDimMultiplier != null) {
            hidden = (int) (ffnDimMultiplier * hidden);
        }
        return hidden % multipleOf == 0 ? hidden : hidden + multipleOf - hidden % multipleOf;
    }

    /** Rows of the embedding table: codes, [MASK], classes, the null class, the drop token. */
    public int embeddingRows() {
        return vocabSize + 1 + numClasses + 1 + 1;
    }

    public int maskTokenId() {
        return vocabSize;
    }

    /** Token id of class {@code classId} in {@code [0, numClasses)}. */
    public int classTokenId(int classId) {
        if (classId < 0 || classId >= numClasses) {
            throw new IllegalArgumentException("expected a class id in [0, " + numClasses + "), found " + classId);
        }
        return vocabSize + 1 + classId;
    }

    /** Token id of the null class, the unconditional half of classifier-free guidance. */
    public int nullClassTokenId() {
        return vocabSize + numClasses + 1;
    }

    private static int intField(JsonObject o, String name, int fallback) {
        return o.has(name) ? o.get(name).getAsInt() : fallback;
    }

    private static void require(boolean condition, String expected, String found) {
        if (!condition) {
            throw new IllegalArgumentException("ARPG config: expected " + expected + ", found " + found);
        }
    }
}
