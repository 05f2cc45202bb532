package com.arpgstudio.inference.vq;

import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.UserFiles;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyper-parameters of a LlamaGen VQ tokenizer ({@code tokenizer_image/vq_model.py}: {@code ModelArgs},
 * {@code Encoder}, {@code Decoder}, {@code VectorQuantizer}). Encoder and decoder share the channel
 * multipliers, as in every released LlamaGen and ARPG tokenizer.
 *
 * @param ch base channel count ({@code ch}, 128 in VQ-16)
 * @param chMult channel multiplier per resolution level ({@code ch_mult}); one downsampling between levels
 * @param zChannels encoder output / decoder input channels ({@code z_channels})
 * @param codebookSize number of codes ({@code codebook_size})
 * @param codebookEmbedDim code vector length ({@code codebook_embed_dim})
 * @param codebookL2Norm whether latents and codebook are L2-normalised before the nearest-code search
 * @param numResBlocks ResNet blocks per encoder level; the decoder has one more per level
 * @param normGroups GroupNorm groups (LlamaGen's {@code Normalize} hard-codes 32)
 */
public record VqConfig(
        int ch,
        List<Integer> chMult,
        int zChannels,
        int codebookSize,
        int codebookEmbedDim,
        boolean codebookL2Norm,
        int numResBlocks,
        int normGroups) {

    /** GroupNorm epsilon of LlamaGen's {@code Normalize}. */
    public static final float NORM_EPS = 1e-6f;

    /** GroupNorm group count of LlamaGen's {@code Normalize}; not recorded in checkpoints. */
    public static final int DEFAULT_NORM_GROUPS = 32;

    public VqConfig {
        chMult = List.copyOf(chMult);
        require(ch > 0, "ch", ch);
        require(!chMult.isEmpty(), "ch_mult length", 0);
        for (int mult : chMult) {
            require(mult > 0, "ch_mult entry", mult);
        }
        require(zChannels > 0, "z_channels", zChannels);
        require(codebookSize > 0, "codebook_size", codebookSize);
        require(codebookEmbedDim > 0, "codebook_embed_dim", codebookEmbedDim);
        require(numResBlocks > 0, "num_res_blocks", numResBlocks);
        require(normGroups > 0, "norm_groups", normGroups);
        for (int mult : chMult) {
            if ((ch * mult) % normGroups != 0) {
                throw new IllegalArgumentException("expected every level's channels to be divisible by norm_groups "
                        + normGroups + ", found " + ch * mult + " (ch " + ch + " x " + mult + ")");
            }
        }
    }

    /** LlamaGen's released {@code VQ-16} ({@code vq_ds16_c2i.pt}), the tokenizer of the ARPG checkpoints. */
    public static VqConfig vq16() {
        return new VqConfig(128, List.of(1, 1, 2, 2, 4), 256, 16384, 8, true, 2, DEFAULT_NORM_GROUPS);
    }

    /** Number of resolution levels ({@code len(ch_mult)}). */
    public int levels() {
        return chMult.size();
    }

    /** Pixels per token along each axis: 2^(levels - 1). */
    public int downsampleFactor() {
        return 1 << (levels() - 1);
    }

    /** Channels at a level: {@code ch * ch_mult[level]}. */
    public int channels(int level) {
        return ch * chMult.get(level);
    }

    /**
     * The configuration implied by a checkpoint's tensor names and shapes alone. Two values are not
     * recorded in the weights and take LlamaGen's fixed choices: L2-normalised codebook and 32 norm
     * groups. The full key set is checked when the weights are loaded ({@link VqWeights}).
     */
    public static VqConfig fromWeights(StateDict weights) throws CheckpointException {
        int ch = (int) dim(weights, "encoder.conv_in.weight", 4, 0);
        int levels = 0;
        while (weights.contains("encoder.conv_blocks." + levels + ".res.0.conv1.weight")) {
            levels++;
        }
        if (levels == 0) {
            throw new CheckpointException("expected VQ encoder levels 'encoder.conv_blocks.N.res.0.conv1.weight' in "
                    + weights.source() + ", found none");
        }
        int numResBlocks = 0;
        while (weights.contains("encoder.conv_blocks.0.res." + numResBlocks + ".conv1.weight")) {
            numResBlocks++;
        }
        List<Integer> chMult = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            String key = "encoder.conv_blocks." + level + ".res.0.conv1.weight";
            long out = dim(weights, key, 4, 0);
            if (out % ch != 0) {
                throw new CheckpointException("key '" + key + "': expected output channels a multiple of ch "
                        + ch + ", found " + out);
            }
            chMult.add((int) (out / ch));
        }
        int zChannels = (int) dim(weights, "encoder.conv_out.weight", 4, 0);
        int codebookSize = (int) dim(weights, "quantize.embedding.weight", 2, 0);
        int codebookEmbedDim = (int) dim(weights, "quantize.embedding.weight", 2, 1);
        try {
            return new VqConfig(ch, chMult, zChannels, codebookSize, codebookEmbedDim, true, numResBlocks,
                    DEFAULT_NORM_GROUPS);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("VQ weights in " + weights.source() + ": " + e.getMessage());
        }
    }

    /**
     * The configuration of these weights, with a config.json (fixture layout, or null) supplying
     * what the weights do not record (codebook_l2_norm, norm_groups). What the weights do record
     * must agree with the file; a disagreement names the field and both values.
     */
    public static VqConfig fromWeights(StateDict weights, JsonObject config) throws CheckpointException {
        VqConfig derived = fromWeights(weights);
        if (config == null || (config.has("arpg") && !config.has("vq"))) {
            return derived;
        }
        VqConfig given;
        try {
            given = fromJson(config);
        } catch (RuntimeException e) {
            throw new CheckpointException("bad VQ config.json beside " + weights.source() + ": " + e.getMessage(), e);
        }
        agree("ch (encoder.conv_in.weight)", given.ch(), derived.ch());
        agree("ch_mult (encoder.conv_blocks.N.res.0.conv1.weight)", given.chMult(), derived.chMult());
        agree("z_channels (encoder.conv_out.weight)", given.zChannels(), derived.zChannels());
        agree("codebook_size (quantize.embedding.weight)", given.codebookSize(), derived.codebookSize());
        agree("codebook_embed_dim (quantize.embedding.weight)", given.codebookEmbedDim(), derived.codebookEmbedDim());
        agree("num_res_blocks (encoder.conv_blocks.0.res.N)", given.numResBlocks(), derived.numResBlocks());
        return given;
    }

    private static void agree(String field, Object given, Object derived) throws CheckpointException {
        if (!given.equals(derived)) {
            throw new CheckpointException("VQ config.json says " + field + " is " + given + ", the weights have " + derived);
        }
    }

    /**
     * Reads the fixture / embedded-model layout: an object with a {@code vq} member holding
     * {@code ch, ch_mult, z_channels, codebook_size, codebook_embed_dim, codebook_l2_norm,
     * num_res_blocks, norm_groups}, or that member itself. Missing optional fields
     * ({@code codebook_l2_norm}, {@code num_res_blocks}, {@code norm_groups}) take LlamaGen's defaults.
     */
    public static VqConfig fromJson(JsonObject json) {
        JsonObject vq = json.has("vq") && json.get("vq").isJsonObject() ? json.getAsJsonObject("vq") : json;
        JsonArray mult = required(vq, "ch_mult").getAsJsonArray();
        List<Integer> chMult = new ArrayList<>();
        mult.forEach(e -> chMult.add(e.getAsInt()));
        return new VqConfig(
                required(vq, "ch").getAsInt(),
                chMult,
                required(vq, "z_channels").getAsInt(),
                required(vq, "codebook_size").getAsInt(),
                required(vq, "codebook_embed_dim").getAsInt(),
                !vq.has("codebook_l2_norm") || vq.get("codebook_l2_norm").getAsBoolean(),
                vq.has("num_res_blocks") ? vq.get("num_res_blocks").getAsInt() : 2,
                vq.has("norm_groups") ? vq.get("norm_groups").getAsInt() : DEFAULT_NORM_GROUPS);
    }

    /** {@link #fromJson(JsonObject)} on a {@code config.json} file. */
    public static VqConfig readJson(Path file) throws IOException {
        JsonElement root;
        try {
            root = UserJson.read(file, UserFiles.Kind.MODEL_CONFIG);
        } catch (RuntimeException e) {
            throw new IOException("bad VQ config in " + file + ": " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IOException("expected a JSON object in " + file + ", found " + root);
        }
        try {
            return fromJson(root.getAsJsonObject());
        } catch (RuntimeException e) {
            throw new IOException("bad VQ config in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The configuration for a weights file: {@link #fromWeights(StateDict, JsonObject)} with the
     * {@code config.json} beside it, if any.
     */
    public static VqConfig resolve(StateDict weights, Path weightsFile) throws IOException {
        return fromWeights(weights, ModelConfigs.readConfigBeside(weightsFile));
    }

    /** This configuration in the {@code config.json} layout of {@link #fromJson}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("ch", ch);
        JsonArray mult = new JsonArray();
        chMult.forEach(mult::add);
        json.add("ch_mult", mult);
        json.addProperty("z_channels", zChannels);
        json.addProperty("codebook_size", codebookSize);
        json.addProperty("codebook_embed_dim", codebookEmbedDim);
        json.addProperty("codebook_l2_norm", codebookL2Norm);
        json.addProperty("num_res_blocks", numResBlocks);
        json.addProperty("norm_groups", normGroups);
        return json;
    }

    private static long dim(StateDict weights, String key, int rank, int axis) throws CheckpointException {
        long[] shape = weights.get(key).shape();
        if (shape.length != rank) {
            throw new CheckpointException("key '" + key + "': expected rank " + rank + ", found shape "
                    + java.util.Arrays.toString(shape));
        }
        return shape[axis];
    }

    private static JsonElement required(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("expected field '" + name + "' in VQ config, found none");
        }
        return value;
    }

    private static void require(boolean ok, String what, int value) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + what + " > 0, found " + value);
        }
    }
}
