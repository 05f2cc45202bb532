package com.arpgstudio.inference.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default model shipped inside the app as resources under {@value #RESOURCE_DIR}. Native
 * tensors are read from memory-mapped files, which a jar entry is not, so the files are copied
 * once to a folder on disk; a manifest of their SHA-256 sums there tells whether a later start
 * (perhaps of a newer app with another default model) must copy them again. The resources are
 * hashed once per run; later checks compare the manifest and the copies' sizes only.
 */
public final class EmbeddedModel {

    public static final String RESOURCE_DIR = "com/arpgstudio/inference/models/default/";
    public static final String ARPG_FILE = "arpg.safetensors";
    public static final String VQ_FILE = "vq.safetensors";
    public static final String CONFIG_FILE = "config.json";
    public static final String CLASSES_FILE = "classes.txt";
    static final List<String> REQUIRED = List.of(ARPG_FILE, VQ_FILE, CONFIG_FILE);
    static final List<String> OPTIONAL = List.of(CLASSES_FILE, "ATTRIBUTION.md");
    static final String MANIFEST = "extracted.sha256";

    private final ClassLoader loader;
    private final Map<String, Hashed> resourceHashes = new HashMap<>();

    public EmbeddedModel(ClassLoader loader) {
        this.loader = loader;
    }

    /** The model in this app's own resources. */
    public static EmbeddedModel bundled() {
        return new EmbeddedModel(EmbeddedModel.class.getClassLoader());
    }

    /** Whether this build carries the model's required files. */
    public boolean isBundled() {
        return REQUIRED.stream().allMatch(name -> loader.getResource(RESOURCE_DIR + name) != null);
    }

    /**
     * Makes sure the folder holds exactly the bundled files, copying those whose content differs
     * from the manifest's record or whose copy has the wrong size. Returns the folder.
     */
    public synchronized Path extractTo(Path dir) throws IOException {
        if (!isBundled()) {
            throw new IOException("this build carries no embedded model (expected " + REQUIRED + " under /"
                    + RESOURCE_DIR + ")");
        }
        Files.createDirectories(dir);
        Map<String, String> recorded = readManifest(dir.resolve(MANIFEST));
        Map<String, String> manifest = new LinkedHashMap<>();
        for (String name : bundledNames()) {
            Path target = dir.resolve(name);
            Hashed resource = resourceHash(name);
            boolean current = resource.sha256.equals(recorded.get(name))
                    && Files.isRegularFile(target) && Files.size(target) == resource.size;
            if (!current) {
                copy(name, target, resource.sha256);
            }
            manifest.put(name, resource.sha256);
        }
        if (!manifest.equals(recorded)) {
            StringBuilder text = new StringBuilder();
            manifest.forEach((name, sha) -> text.append(sha).append("  ").append(name).append('\n'));
            AtomicFiles.write(dir.resolve(MANIFEST), text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return dir;
    }

    /** A resource's hash, computed once: the app's resources do not change while it runs. */
    private Hashed resourceHash(String name) throws IOException {
        Hashed hashed = resourceHashes.get(name);
        if (hashed == null) {
            hashed = hashResource(name, null);
            resourceHashes.put(name, hashed);
        }
        return hashed;
    }

    private List<String> bundledNames() {
        List<String> names = new ArrayList<>(REQUIRED);
        OPTIONAL.stream().filter(name -> loader.getResource(RESOURCE_DIR + name) != null).forEach(names::add);
        return names;
    }

    private void copy(String name, Path target, String expectedSha) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + name, ".tmp");
        try {
            Hashed copied;
            try (OutputStream out = Files.newOutputStream(temp)) {
                copied = hashResource(name, out);
            }
            if (!copied.sha256.equals(expectedSha)) {
                throw new IOException("embedded " + name + " read differently twice (SHA-256 " + expectedSha
                        + ", then " + copied.sha256 + "): the application's jar may be damaged");
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Hashed hashResource(String name, OutputStream sink) throws IOException {
        try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IOException("embedded model file /" + RESOURCE_DIR + name + " is missing");
            }
            CountingStream counting = new CountingStream(in);
            String sha = Sha256.copy(counting, sink);
            return new Hashed(sha, counting.count);
        }
    }

    /** The manifest's entries; none when it is missing (first start) or unreadable: every file is copied again. */
    private static Map<String, String> readManifest(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            for (String line : UserFiles.readText(file, UserFiles.Kind.MODEL_MANIFEST).split("\n")) {
                String[] parts = line.split(" {2}", 2);
                if (parts.length == 2 && Sha256.isHex(parts[0])) {
                    entries.put(parts[1], parts[0]);
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return entries;
    }

    private record Hashed(String sha256, long size) {}

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
