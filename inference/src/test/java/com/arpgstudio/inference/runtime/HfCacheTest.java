package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfCacheTest {

    @TempDir
    Path home;

    /** Lays out a file the way huggingface_hub does: a blob, and a snapshot link to it. */
    static Path cacheFile(Path hub, String repo, String revision, String file, byte[] content) throws IOException {
        Path repoDir = hub.resolve("models--" + repo.replace("/", "--"));
        Path blob = repoDir.resolve("blobs").resolve(revision + "-" + file);
        Files.createDirectories(blob.getParent());
        Files.write(blob, content);
        Path link = repoDir.resolve("snapshots").resolve(revision).resolve(file);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getParent().relativize(blob));
        return link;
    }

    @Test
    void hubFolderFollowsHuggingFaceHubsOrder() {
        assertEquals(home.resolve(".cache/huggingface/hub"), HfCache.fromEnvironment(Map.of(), home).hubDir());
        assertEquals(Path.of("/x/huggingface/hub"),
                HfCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), home).hubDir());
        assertEquals(Path.of("/hf/hub"),
                HfCache.fromEnvironment(Map.of("HF_HOME", "/hf", "XDG_CACHE_HOME", "/x"), home).hubDir());
        assertEquals(Path.of("/direct"),
                HfCache.fromEnvironment(Map.of("HF_HUB_CACHE", "/direct", "HF_HOME", "/hf"), home).hubDir());
    }

    @Test
    void findsTheReleasedFilesInAFakeCache() throws IOException {
        Path hub = home.resolve(".cache/huggingface/hub");
        Path arpg = cacheFile(hub, "hp-l33/ARPG", "abc123", "arpg_300m.pt", new byte[] {1, 2, 3});
        Path vq = cacheFile(hub, "FoundationVision/LlamaGen", "def456", "vq_ds16_c2i.pt", new byte[] {4});
        HfCache cache = HfCache.fromEnvironment(Map.of(), home);

        assertEquals(arpg, cache.find("hp-l33/ARPG", "arpg_300m.pt").orElseThrow());
        assertEquals(vq, cache.find("FoundationVision/LlamaGen", "vq_ds16_c2i.pt").orElseThrow());
        assertTrue(cache.find("hp-l33/ARPG", "arpg_1b.pt").isEmpty());
        assertTrue(cache.find("someone/else", "arpg_300m.pt").isEmpty());
    }

    @Test
    void prefersTheRevisionRefsMainNames() throws IOException {
        Path hub = home.resolve("hub");
        Path newer = cacheFile(hub, "hp-l33/ARPG", "newer", "arpg_300m.pt", new byte[] {1});
        Path main = cacheFile(hub, "hp-l33/ARPG", "main-rev", "arpg_300m.pt", new byte[] {2});
        Files.setLastModifiedTime(newer, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        HfCache cache = new HfCache(hub);

        assertEquals(newer, cache.find("hp-l33/ARPG", "arpg_300m.pt").orElseThrow(), "newest without refs/main");

        Path ref = hub.resolve("models--hp-l33--ARPG/refs/main");
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, "main-rev");
        assertEquals(main, cache.find("hp-l33/ARPG", "arpg_300m.pt").orElseThrow());
    }

    @Test
    void aDanglingSnapshotLinkCountsAsAbsent() throws IOException {
        Path hub = home.resolve("hub");
        Path link = cacheFile(hub, "hp-l33/ARPG", "rev", "arpg_700m.pt", new byte[] {1});
        Files.delete(link.toRealPath());

        assertTrue(new HfCache(hub).find("hp-l33/ARPG", "arpg_700m.pt").isEmpty());
    }

    @Test
    void aRefThatIsNotARevisionNameIsIgnored() throws IOException {
        Path hub = home.resolve("hub");
        Path only = cacheFile(hub, "hp-l33/ARPG", "good", "arpg_300m.pt", new byte[] {1});
        Path refs = Files.createDirectories(hub.resolve("models--hp-l33--ARPG/refs"));
        HfCache cache = new HfCache(hub);
        for (String ref : new String[] {"main\u0000../../etc", "../snapshots", "x".repeat(300), "\u001b]0;t\u0007"}) {
            Files.writeString(refs.resolve("main"), ref);
            assertEquals(only, cache.find("hp-l33/ARPG", "arpg_300m.pt").orElseThrow(), ref);
        }
        Files.delete(refs.resolve("main"));
        Files.createDirectory(refs.resolve("main"));
        assertEquals(only, cache.find("hp-l33/ARPG", "arpg_300m.pt").orElseThrow(), "a folder as the ref");
    }
}
