package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds files that the Hugging Face tools already downloaded, in the hub cache layout
 * {@code <hub>/models--<owner>--<name>/snapshots/<revision>/<file>} (snapshot files are usually
 * symbolic links into {@code blobs/}; a dangling link counts as absent).
 *
 * <p>The hub folder is, as huggingface_hub resolves it: {@code $HF_HUB_CACHE}, else
 * {@code $HF_HOME/hub}, else {@code $XDG_CACHE_HOME/huggingface/hub}, else
 * {@code ~/.cache/huggingface/hub}.
 */
public final class HfCache {

    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path hubDir;

    public HfCache(Path hubDir) {
        this.hubDir = hubDir;
    }

    /** The cache of this user. */
    public static HfCache current() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static HfCache fromEnvironment(Map<String, String> env, Path userHome) {
        String hubCache = env.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return new HfCache(Path.of(hubCache));
        }
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            return new HfCache(Path.of(hfHome).resolve("hub"));
        }
        String xdgCache = env.get("XDG_CACHE_HOME");
        Path cacheHome = xdgCache != null && !xdgCache.isBlank() ? Path.of(xdgCache) : userHome.resolve(".cache");
        return new HfCache(cacheHome.resolve("huggingface").resolve("hub"));
    }

    public Path hubDir() {
        return hubDir;
    }

    /**
     * The cached copy of a file of a model repository: from the revision {@code refs/main} names when
     * it has the file, else from the most recently modified snapshot that has it.
     */
    public Optional<Path> find(String repoId, String fileName) {
        Path repoDir = hubDir.resolve("models--" + repoId.replace("/", "--"));
        Path snapshots = repoDir.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            return Optional.empty();
        }
        Optional<Path> fromMain = mainRevision(repoDir).map(rev -> snapshots.resolve(rev).resolve(fileName))
                .filter(Files::isRegularFile);
        if (fromMain.isPresent()) {
            return fromMain;
        }
        try (Stream<Path> revisions = Files.list(snapshots)) {
            return revisions.map(rev -> rev.resolve(fileName))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(HfCache::modified));
        } catch (IOException e) {
            return Optional.empty(); // an unreadable cache is the same as no cache
        }
    }

    /** The revision refs/main names; a damaged or hostile reference (a pipe, a huge file, a path, a NUL) counts as none. */
    private static Optional<String> mainRevision(Path repoDir) {
        Path ref = repoDir.resolve("refs").resolve("main");
        try {
            String revision = UserFiles.readText(ref, UserFiles.Kind.HUB_REFERENCE).trim();
            return REVISION.matcher(revision).matches() && !revision.startsWith(".") ? Optional.of(revision)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
