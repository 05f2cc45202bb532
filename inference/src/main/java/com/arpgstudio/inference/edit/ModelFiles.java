package com.arpgstudio.inference.edit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the weights of an edit come from: the ARPG checkpoint, its optional config.json, and the
 * VQ tokenizer checkpoint. A folder in the fixture layout ({@code arpg.safetensors} or
 * {@code arpg.pt}, {@code vq.safetensors} or {@code vq.pt}, {@code config.json}) resolves by
 * itself; so does the embedded default model.
 *
 * @param generator       the ARPG weights
 * @param generatorConfig a config.json with the ARPG hyper-parameters, or null to derive them
 * @param tokenizer       the VQ weights
 */
public record ModelFiles(Path generator, Path generatorConfig, Path tokenizer) {

    /** Resource folder of the embedded default model. */
    public static final String DEFAULT_RESOURCES = "/com/arpgstudio/inference/models/default/";
    private static final List<String> DEFAULT_FILES =
            List.of("arpg.safetensors", "vq.safetensors", "config.json", "classes.txt", "ATTRIBUTION.md");

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
     * Resolves the user's choice: {@code model} a folder or an ARPG checkpoint (null for the
     * embedded default), {@code tokenizer} a VQ checkpoint (null to take the one next to the model).
     */
    public static ModelFiles resolve(Path model, Path tokenizer) throws IOException {
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw new ModelFilesException("tokenizer " + tokenizer + " does not exist", true);
        }
        if (model == null) {
            Path folder = extractDefault();
            return new ModelFiles(folder.resolve("arpg.safetensors"), folder.resolve("config.json"),
                    tokenizer != null ? tokenizer : folder.resolve("vq.safetensors"));
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
        Path vq = tokenizer != null ? tokenizer : firstExisting(folder, "vq.safetensors", "vq.pt");
        if (vq == null) {
            throw new ModelFilesException("no tokenizer: expected --tokenizer FILE or vq.safetensors / vq.pt next to "
                    + generator, false);
        }
        return new ModelFiles(generator, Files.isRegularFile(config) ? config : null, vq);
    }

    /** Whether this build carries the embedded default model. */
    public static boolean hasDefault() {
        return ModelFiles.class.getResource(DEFAULT_RESOURCES + "arpg.safetensors") != null;
    }

    /**
     * Copies the embedded default model out of the jar once (into the user's cache folder, keyed by
     * the size of its weights so a new build's model replaces an old one) and returns the folder.
     */
    static Path extractDefault() throws IOException {
        if (!hasDefault()) {
            throw new ModelFilesException("this build has no embedded default model: expected resources under "
                    + DEFAULT_RESOURCES + "; pass --model DIR|FILE and --tokenizer FILE", false);
        }
        String cacheHome = System.getenv("XDG_CACHE_HOME");
        Path cache = cacheHome != null && !cacheHome.isBlank() ? Path.of(cacheHome)
                : Path.of(System.getProperty("user.home"), ".cache");
        long stamp;
        try (InputStream in = ModelFiles.class.getResourceAsStream(DEFAULT_RESOURCES + "arpg.safetensors")) {
            stamp = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Path folder = cache.resolve("arpg-studio").resolve("default-model-" + stamp);
        Files.createDirectories(folder);
        for (String name : DEFAULT_FILES) {
            Path target = folder.resolve(name);
            if (Files.exists(target)) {
                continue;
            }
            try (InputStream in = ModelFiles.class.getResourceAsStream(DEFAULT_RESOURCES + name)) {
                if (in == null) {
                    continue;
                }
                Path temp = Files.createTempFile(folder, name, ".tmp");
                try {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
        return folder;
    }

    /** Name and SHA-256 of a weights file. */
    public static ModelIdentity identify(Path file) throws IOException {
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
