package com.arpgstudio.inference.checkpoint;

import com.arpgstudio.inference.runtime.UserFileException;
import com.arpgstudio.inference.runtime.UserFiles;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a checkpoint is, and the ARPG hyper-parameters its tensor shapes imply, in the field names
 * of the official {@code ModelArgs} (models/arpg.py): dim, n_layer, n_head, vocab_size,
 * num_classes, block_size, cls_token_num, rope_base, norm_eps, multiple_of and, when needed,
 * ffn_dim_multiplier. The result is plain JSON so that the engine's config record reads it as it
 * reads a config.json. A config.json beside the weights (the fixture layout
 * {@code {"arpg": {...}, "vq": {...}}}) overrides what the weights cannot tell (heads, grid, rope,
 * epsilon) and must agree with what they can.
 */
public final class ModelConfigs {

    /** What a state dict holds, told by its keys. */
    public enum ModelType {
        ARPG("ARPG transformer"),
        VQ("VQ image tokenizer (LlamaGen layout)"),
        UNKNOWN("unknown model");

        private final String description;

        ModelType(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Head width of every released ARPG model (L 1024/16, XL 1280/20, XXL 1536/24). */
    public static final int RELEASED_HEAD_DIM = 64;
    /** 16 x 16 tokens of a 256-pixel image through VQ-16: the official block_size. */
    public static final int DEFAULT_BLOCK_SIZE = 256;
    /** The largest token grid accepted from a config.json: 128 x 128 (2048 pixels through VQ-16). */
    public static final int MAX_BLOCK_SIZE = 128 * 128;
    /** Embedding rows beyond codes and classes: [MASK], the null class, the drop token. */
    private static final int EXTRA_EMBEDDINGS = 3;
    private static final int DEFAULT_MULTIPLE_OF = 256;
    private static final Pattern LAYER_KEY = Pattern.compile("layers\\.(self_dec|cross_dec)\\.(\\d+)\\..+");

    private ModelConfigs() {}

    public static ModelType detect(StateDict weights) {
        if (weights.contains("embeddings.weight") && weights.contains("head.weight")) {
            return ModelType.ARPG;
        }
        if (weights.contains("quantize.embedding.weight") && weights.contains("encoder.conv_in.weight")) {
            return ModelType.VQ;
        }
        return ModelType.UNKNOWN;
    }

    /** Throws, naming the file and what it holds instead, unless the weights are of the expected type. */
    public static void requireType(StateDict weights, ModelType expected, String what) throws CheckpointException {
        ModelType found = detect(weights);
        if (found != expected) {
            throw new CheckpointException(weights.source() + " is not " + what + ": it holds "
                    + (found == ModelType.UNKNOWN ? "no model this app knows" : "a " + found.description()));
        }
    }

    /** The root object of {@code config.json} in the weights' folder, or null when there is none. */
    public static JsonObject readConfigBeside(Path weightsFile) throws IOException {
        Path parent = weightsFile.toAbsolutePath().getParent();
        Path config = parent == null ? null : parent.resolve("config.json");
        return config == null || !Files.exists(config) ? null : readConfig(config);
    }

    /** The root object of a config.json file. */
    public static JsonObject readConfig(Path config) throws IOException {
        try {
            JsonElement root = UserJson.read(config, UserFiles.Kind.MODEL_CONFIG);
            if (!root.isJsonObject()) {
                throw new CheckpointException(config + ": expected a JSON object, found " + root);
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CheckpointException(config + ": not valid JSON: " + e.getMessage(), e);
        } catch (UserFileException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
    }

    /** {@link #arpg(StateDict, JsonObject)} without a config.json. */
    public static JsonObject arpgFromWeights(StateDict weights) throws CheckpointException {
        return arpg(weights, null);
    }

    /**
     * The ARPG {@code ModelArgs} of these weights. dim comes from {@code embeddings.weight}, vocab
     * from {@code head.weight}, classes from the embedding rows (vocab + [MASK] + classes + 2),
     * layers from the {@code layers.self_dec.N} / {@code layers.cross_dec.N} keys, the SwiGLU width
     * from {@code ffn.w1}; heads default to dim / 64 and the grid to 16 x 16. {@code config} (the
     * fixture layout, or a bare ModelArgs object; may be null) overrides these defaults and must
     * agree with the shapes. Every key is then checked: a missing, unexpected or mis-shaped one is
     * an error naming it with the expected and found shape.
     */
    public static JsonObject arpg(StateDict weights, JsonObject config) throws CheckpointException {
        String where = "ARPG weights in " + weights.source();
        long[] embeddings = shape(weights, "embeddings.weight", 2);
        long[] head = shape(weights, "head.weight", 2);
        long dim = embeddings[1];
        long vocab = head[0];
        long classes = embeddings[0] - vocab - EXTRA_EMBEDDINGS;
        if (classes <= 0) {
            throw new CheckpointException(where + ": key 'embeddings.weight': expected more than vocab " + vocab
                    + " + 3 rows (codes, [MASK], classes, null class, drop token), found shape " + Arrays.toString(embeddings));
        }
        Map<String, Integer> blocks = countBlocks(weights);
        int selfLayers = blocks.get("self_dec");
        int crossLayers = blocks.get("cross_dec");
        if (selfLayers == 0 || selfLayers != crossLayers) {
            throw new CheckpointException(where + ": expected as many layers.self_dec.N as layers.cross_dec.N blocks"
                    + " (n_layer / 2 each, at least one), found " + selfLayers + " and " + crossLayers);
        }
        long hidden = shape(weights, "layers.self_dec.0.ffn.w1.weight", 2)[0];

        JsonObject args = config == null ? new JsonObject()
                : config.has("arpg") && config.get("arpg").isJsonObject() ? config.getAsJsonObject("arpg") : config;
        JsonObject out = new JsonObject();
        out.addProperty("dim", agree(args, "dim", dim, "embeddings.weight", embeddings));
        out.addProperty("n_layer", agree(args, "n_layer", 2L * selfLayers, "layers.self_dec.N / layers.cross_dec.N",
                new long[] {selfLayers, crossLayers}));
        long heads = longField(args, "n_head", Math.max(1, dim / RELEASED_HEAD_DIM));
        if (heads <= 0 || dim % heads != 0) {
            throw new CheckpointException(where + ": expected n_head to divide dim " + dim + ", found " + heads);
        }
        out.addProperty("n_head", heads);
        out.addProperty("vocab_size", agree(args, "vocab_size", vocab, "head.weight", head));
        out.addProperty("num_classes", agree(args, "num_classes", classes, "embeddings.weight", embeddings));
        long blockSize = longField(args, "block_size", DEFAULT_BLOCK_SIZE);
        if (blockSize <= 0 || blockSize > MAX_BLOCK_SIZE) { // the position table and caches grow with it
            throw new CheckpointException("config.json: expected block_size (image tokens) from 1 to " + MAX_BLOCK_SIZE
                    + " (a 128x128 token grid), found " + blockSize);
        }
        out.addProperty("block_size", blockSize);
        out.addProperty("cls_token_num", longField(args, "cls_token_num", 1));
        out.addProperty("rope_base", numberField(args, "rope_base", 10000));
        out.addProperty("norm_eps", numberField(args, "norm_eps", 1e-5));
        ffnArgs(where, args, dim, hidden, out);

        checkKeys(weights, expectedArpgShapes(dim, vocab, classes, selfLayers, hidden));
        return out;
    }

    /**
     * multiple_of (and ffn_dim_multiplier if needed) that make FeedForward's rule
     * {@code find_multiple(int(ffn_dim_multiplier * int(2 * 4 * dim / 3)), multiple_of)} give the
     * width found in the weights.
     */
    private static void ffnArgs(String where, JsonObject args, long dim, long hidden, JsonObject out)
            throws CheckpointException {
        long base = (long) (2 * (4 * dim) / 3.0);
        if (args.has("multiple_of") || args.has("ffn_dim_multiplier")) {
            long multipleOf = longField(args, "multiple_of", DEFAULT_MULTIPLE_OF);
            if (multipleOf <= 0) {
                throw new CheckpointException("config.json: expected a positive multiple_of, found " + multipleOf);
            }
            JsonElement factor = args.get("ffn_dim_multiplier");
            boolean hasFactor = factor != null && !factor.isJsonNull();
            long width = hasFactor ? (long) (factor.getAsDouble() * base) : base;
            width = width % multipleOf == 0 ? width : width + multipleOf - width % multipleOf;
            if (width != hidden) {
                throw new CheckpointException(where + ": config gives an FFN width of " + width + " (multiple_of "
                        + multipleOf + (hasFactor ? ", ffn_dim_multiplier " + factor : "") + "), key "
                        + "'layers.self_dec.0.ffn.w1.weight' has " + hidden);
            }
            out.addProperty("multiple_of", multipleOf);
            if (hasFactor) {
                out.addProperty("ffn_dim_multiplier", factor.getAsDouble());
            }
            return;
        }
        long official = base % DEFAULT_MULTIPLE_OF == 0 ? base : base + DEFAULT_MULTIPLE_OF - base % DEFAULT_MULTIPLE_OF;
        if (official == hidden) {
            out.addProperty("multiple_of", DEFAULT_MULTIPLE_OF);
        } else if (hidden >= base) {
            out.addProperty("multiple_of", hidden); // find_multiple(base, hidden) == hidden
        } else {
            out.addProperty("multiple_of", 1);
            out.addProperty("ffn_dim_multiplier", (hidden + 0.5) / base);
        }
    }

    private static Map<String, Integer> countBlocks(StateDict weights) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("self_dec", 0);
        counts.put("cross_dec", 0);
        for (String name : weights.names()) {
            Matcher m = LAYER_KEY.matcher(name);
            if (m.matches() && m.group(2).length() < 6) {
                counts.merge(m.group(1), Integer.parseInt(m.group(2)) + 1, Math::max);
            }
        }
        return counts;
    }

    /** Every tensor of models/arpg.py's Transformer, with its shape. */
    public static Map<String, long[]> expectedArpgShapes(long dim, long vocab, long classes, int blocks, long hidden) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.weight", new long[] {vocab + classes + EXTRA_EMBEDDINGS, dim});
        for (String kind : new String[] {"self_dec", "cross_dec"}) {
            for (int i = 0; i < blocks; i++) {
                String block = "layers." + kind + "." + i + ".";
                shapes.put(block + "attn.to_q.weight", new long[] {dim, dim});
                if (kind.equals("self_dec")) {
                    shapes.put(block + "attn.to_k.weight", new long[] {dim, dim});
                    shapes.put(block + "attn.to_v.weight", new long[] {dim, dim});
                }
                shapes.put(block + "attn.proj.weight", new long[] {dim, dim});
                shapes.put(block + "attn_norm.weight", new long[] {dim});
                shapes.put(block + "ffn_norm.weight", new long[] {dim});
                shapes.put(block + "ffn.w1.weight", new long[] {hidden, dim});
                shapes.put(block + "ffn.w3.weight", new long[] {hidden, dim});
                shapes.put(block + "ffn.w2.weight", new long[] {dim, hidden});
            }
        }
        shapes.put("layers.norm.weight", new long[] {dim});
        shapes.put("layers.to_k.weight", new long[] {dim, dim});
        shapes.put("layers.to_v.weight", new long[] {dim, dim});
        shapes.put("norm.weight", new long[] {dim});
        shapes.put("head.weight", new long[] {vocab, dim});
        return shapes;
    }

    private static void checkKeys(StateDict weights, Map<String, long[]> expected) throws CheckpointException {
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            weights.get(entry.getKey(), entry.getValue());
        }
        Set<String> unexpected = new TreeSet<>(weights.names());
        unexpected.removeAll(expected.keySet());
        if (!unexpected.isEmpty()) {
            String first = unexpected.iterator().next();
            throw new CheckpointException("unexpected key '" + first + "' " + Arrays.toString(weights.get(first).shape())
                    + " in ARPG weights " + weights.source() + (unexpected.size() > 1
                    ? " (and " + (unexpected.size() - 1) + " more)" : "") + ": expected only the keys of models/arpg.py");
        }
    }

    private static long[] shape(StateDict weights, String key, int rank) throws CheckpointException {
        long[] shape = weights.get(key).shape();
        if (shape.length != rank) {
            throw new CheckpointException("key '" + key + "': expected a " + rank + "-dimensional tensor, found shape "
                    + Arrays.toString(shape) + " in " + weights.source());
        }
        return shape;
    }

    /** The derived value, unless config.json gives one, which must then be the same. */
    private static long agree(JsonObject args, String field, long derived, String key, long[] found)
            throws CheckpointException {
        if (!args.has(field)) {
            return derived;
        }
        long given = longField(args, field, derived);
        if (given != derived) {
            throw new CheckpointException("config.json says " + field + " " + given + ", but key '" + key + "' "
                    + Arrays.toString(found) + " implies " + derived);
        }
        return given;
    }

    private static long longField(JsonObject args, String field, long fallback) throws CheckpointException {
        JsonElement value = args.get(field);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        try {
            return value.getAsBigDecimal().longValueExact();
        } catch (RuntimeException e) {
            throw new CheckpointException("config.json: expected an integer " + field + ", found " + value);
        }
    }

    private static double numberField(JsonObject args, String field, double fallback) throws CheckpointException {
        JsonElement value = args.get(field);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        try {
            return value.getAsDouble();
        } catch (RuntimeException e) {
            throw new CheckpointException("config.json: expected a number " + field + ", found " + value);
        }
    }
}
