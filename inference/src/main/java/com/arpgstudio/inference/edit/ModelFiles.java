package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.UserFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the weights of an edit come from: the ARPG checkpoint, its optional config.json, and the
 * VQ tokenizer checkpoint. A folder in the fixture layout ({@code arpg.safetensors} or
 * {@code arpg.pt}, {@code vq.safetensors} or {@code vq.pt}, {@code config.json}) resolves by
 * itself; so do the embedded default model and the other models the {@link ModelRegistry} knows,
 * named by id ({@code arpg-l}, {@code user:NAME}, ...).
 *
 * @param generator       the ARPG weights
 * @param generatorConfig a config.json with the ARPG hyper-parameters, or null to derive them
 * @param tokenizer       the VQ weights
 */
public record ModelFiles(Path generator, Path generatorConfig, Path tokenizer) {

    /** Why model files could not be found; {@link #missing()} tells a missing path from a bad model. */
    public static final class ModelFilesException extends IOException {
        private final boolean missing;

        ModelFilesException(String message, boolean missing) {
            super(message);
            this.missing = missing;
        }

        /** True when a path the user named does not exist. */
        public boolean missing() {
            return missing;
        }
    }

    /**
     * Resolves the user's choice: {@code model} a folder, an ARPG checkpoint or a registry id (null
     * for the embedded default), {@code tokenizer} a VQ checkpoint (null to take the one next to the
     * model), {@code settings} the user's, for their own pairs (user:NAME). The caller reads the
     * settings: opening the file repairs a bad one, so only the one opening it can report its problems.
     */
    public static ModelFiles resolve(Path model, Path tokenizer, Settings settings) throws IOException {
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw new ModelFilesException("tokenizer " + tokenizer + " does not exist", true);
        }
        if (model == null || !Files.exists(model) && isRegistryId(model.toString())) {
            ModelEntry entry = registered(model == null ? ModelRegistry.DEFAULT_MODEL_ID : model.toString(), settings);
            return new ModelFiles(entry.generator().path(), entry.config(), tokenizer != null ? tokenizer : entry.tokenizer().path());
        }
        if (!Files.exists(model)) {
            throw new ModelFilesException("model " + model + " does not exist", true);
        }
        Path folder = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        Path generator = Files.isDirectory(model) ? firstExisting(folder, "arpg.safetensors", "arpg.pt") : model;
        if (generator == null) {
            throw new ModelFilesException("model folder " + model
                    + ": expected arpg.safetensors or arpg.pt in it, found neither", false);
        }
        Path config = folder.resolve("config.json");
        Path tokenizerFile = tokenizer != null ? tokenizer : firstExisting(folder, "vq.safetensors", "vq.pt");
        if (tokenizerFile == null) {
            throw new ModelFilesException("no tokenizer: expected --tokenizer FILE or vq.safetensors / vq.pt next to "
                    + generator, false);
        }
        return new ModelFiles(generator, Files.isRegularFile(config) ? config : null, tokenizerFile);
    }

    /**
     * The sampling settings the config.json recommends ({@link SamplingSettings#recommendedBy}), or
     * the defaults when there is no config.json or it recommends none.
     */
    public SamplingSettings recommendedSettings() throws IOException {
        if (generatorConfig == null) {
            return SamplingSettings.DEFAULTS;
        }
        try {
            return SamplingSettings.recommendedBy(ModelConfigs.readConfig(generatorConfig));
        } catch (IllegalArgumentException e) {
            throw new ModelFilesException(generatorConfig + ": " + e.getMessage(), false);
        }
    }

    /** Whether the name is a model id of the registry (default, arpg-l, arpg-xl, arpg-xxl, user:NAME). */
    private static boolean isRegistryId(String name) {
        return name.equals(ModelRegistry.DEFAULT_MODEL_ID) || name.startsWith("user:")
                || ReleasedModel.ALL.stream().anyMatch(m -> m.id().equals(name));
    }

    /** A model the registry knows (the embedded default is unpacked on first use), present on disk. */
    static ModelEntry registered(String id, Settings settings) throws IOException {
        ModelRegistry registry = ModelRegistry.standard(settings);
        try {
            return registry.require(id);
        } catch (IOException e) {
            throw new ModelFilesException("model " + id + " is not available (" + e.getMessage()
                    + "); `arpg models` lists the models, or pass --model DIR|FILE and --tokenizer FILE", false);
        }
    }

    /**
     * Name and SHA-256 of a weights file: a regular file only (it is read to its end, so a pipe
     * or a link to a device would never finish).
     */
    public static ModelIdentity identify(Path file) throws IOException {
        UserFiles.requireRegular(file, "model weights file");
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new ModelIdentity(file.getFileName().toString(), HexFormat.of().formatHex(digest.digest()));
    }

    private static Path firstExisting(Path folder, String... names) {
        for (String name : names) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
