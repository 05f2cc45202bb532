package com.arpgstudio.inference.runtime;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The ARPG checkpoints released with the paper (hp-l33/ARPG on the Hugging Face hub, ImageNet 256 px)
 * and the LlamaGen VQ-16 tokenizer they decode with (FoundationVision/LlamaGen).
 *
 * <p>Expected sizes are the published parameter counts at float32, for display before a download;
 * the hub's own size (X-Linked-Size, Content-Length) is what the download checks. No SHA-256 is
 * pinned: the hub's LFS oid (X-Linked-Etag) verifies each download.
 *
 * @param id         registry id
 * @param name       the paper's name
 * @param hubFile    file name in {@value #ARPG_REPO}
 * @param parameters published parameter count
 * @param guidance   the paper's classifier-free guidance scale for this size
 */
public record ReleasedModel(String id, String name, String hubFile, long parameters, double guidance) {

    public static final String ARPG_REPO = "hp-l33/ARPG";
    public static final String VQ_REPO = "FoundationVision/LlamaGen";
    public static final String VQ_FILE = "vq_ds16_c2i.pt";
    /** LlamaGen's VQ-16 tokenizer: 72 M parameters. */
    public static final long VQ_PARAMETERS = 72_000_000L;
    /** The hub's address; {@code HF_ENDPOINT} (as huggingface_hub reads it) points elsewhere, e.g. a mirror. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    public static final String ENDPOINT_PROPERTY = "arpg.hub.endpoint";

    public static final List<ReleasedModel> ALL = List.of(
            new ReleasedModel("arpg-l", "ARPG-L", "arpg_300m.pt", 320_000_000L, 4.5),
            new ReleasedModel("arpg-xl", "ARPG-XL", "arpg_700m.pt", 719_000_000L, 6.0),
            new ReleasedModel("arpg-xxl", "ARPG-XXL", "arpg_1b.pt", 1_300_000_000L, 7.5));

    /** Approximate size of the checkpoint (float32 weights). */
    public long expectedBytes() {
        return parameters * Float.BYTES;
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
