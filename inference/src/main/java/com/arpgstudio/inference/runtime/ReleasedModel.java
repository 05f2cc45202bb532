package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The ARPG checkpoints released with the paper (hp-l33/ARPG on the Hugging Face hub, ImageNet 256 px)
 * and the tokenizer they decode with.
 *
 * <p>Expected sizes are the published parameter counts at float32, for display before a download;
 * the hub's own size (X-Linked-Size, Content-Length) is what the download checks, with the hub's
 * LFS oid (X-Linked-Etag) as the SHA-256, and the finished file must load as this model
 * ({@link #check}) before it is installed.
 *
 * @param id         registry id
 * @param name       the paper's name
 * @param hubFile    file name in {@value #ARPG_REPO}
 * @param parameters published parameter count
 * @param guidance   the paper's classifier-free guidance scale for this size
 * @param dim        the transformer's width, which its tensors must have
 * @param layers     {@code n_layer} (self- and cross-attention decoder blocks together)
 * @param classes    the class count it is conditioned on
 * @param tokenizer  the VQ tokenizer it decodes with
 */
public record ReleasedModel(String id, String name, String hubFile, long parameters, double guidance, int dim,
        int layers, int classes, ReleasedTokenizer tokenizer) {

    public static final String ARPG_REPO = "hp-l33/ARPG";
    /** The hub's address; {@code HF_ENDPOINT} (as huggingface_hub reads it) points elsewhere, e.g. a mirror. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    public static final String ENDPOINT_PROPERTY = "arpg.hub.endpoint";
    /** The released models' token grid: 16 x 16 tokens (256 px through VQ-16). */
    public static final int GRID_TOKENS = 16;

    /** Sizes from the paper (L, XL, XXL: LlamaGen's GPT-L/XL/XXL widths and depths). */
    public static final List<ReleasedModel> ALL = List.of(
            new ReleasedModel("arpg-l", "ARPG-L", "arpg_300m.pt", 320_000_000L, 4.5, 1024, 24, 1000,
                    ReleasedTokenizer.VQ_16),
            new ReleasedModel("arpg-xl", "ARPG-XL", "arpg_700m.pt", 719_000_000L, 6.0, 1280, 36, 1000,
                    ReleasedTokenizer.VQ_16),
            new ReleasedModel("arpg-xxl", "ARPG-XXL", "arpg_1b.pt", 1_300_000_000L, 7.5, 1536, 48, 1000,
                    ReleasedTokenizer.VQ_16));

    /** Approximate size of the checkpoint (float32 weights). */
    public long expectedBytes() {
        return parameters * Float.BYTES;
    }

    /** Native window and classes. */
    public ModelShape shape() {
        return new ModelShape(GRID_TOKENS, 1 << (tokenizer.config().levels() - 1), classes);
    }

    /**
     * Reads the file with the safe readers (every key and shape of models/arpg.py); throws, saying
     * what differs, unless it is this model.
     */
    public void check(Path weights) throws IOException {
        StateDict state = StateDict.open(weights);
        ModelConfigs.requireType(state, ModelConfigs.ModelType.ARPG, "the " + name + " weights");
        JsonObject args = ModelConfigs.arpgFromWeights(state);
        long foundDim = args.get("dim").getAsLong();
        long foundLayers = args.get("n_layer").getAsLong();
        long foundClasses = args.get("num_classes").getAsLong();
        if (foundDim != dim || foundLayers != layers || foundClasses != classes) {
            throw new CheckpointException("expected " + name + " (dim " + dim + ", " + layers + " layers, " + classes
                    + " classes), found dim " + foundDim + ", " + foundLayers + " layers, " + foundClasses + " classes");
        }
    }

    /** The hub's download URL of a file of a repository, on the main branch. */
    public static URI resolveUri(String endpoint, String repo, String file) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(base + "/" + repo + "/resolve/main/" + file);
    }

    /** The system property {@value #ENDPOINT_PROPERTY} (tests), else {@code HF_ENDPOINT}, else the public hub. */
    public static String endpoint() {
        String property = System.getProperty(ENDPOINT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String env = System.getenv("HF_ENDPOINT");
        return env != null && !env.isBlank() ? env.trim() : DEFAULT_ENDPOINT;
    }

    @Override
    public String toString() {
        return name + " (" + hubFile + ", " + String.format(Locale.ROOT, "%.2f", parameters / 1e9) + " B parameters)";
    }
}
