package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.Mutations;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedModelTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** An app whose resources hold a (fake) default model: the unpacking never parses the files. */
    private URLClassLoader app() throws IOException {
        Path resources = Files.createDirectories(dir.resolve("jar").resolve(EmbeddedModel.RESOURCE_DIR));
        for (String name : EmbeddedModel.REQUIRED) {
            Files.writeString(resources.resolve(name), "the bundled " + name);
        }
        return new URLClassLoader(new URL[] {dir.resolve("jar").toUri().toURL()}, null);
    }

    @Test
    void anOversizedManifestIsReadAsNoneAndWrittenAnew() throws IOException {
        Path unpacked = dir.resolve("default");
        Files.createDirectories(unpacked);
        Path manifest = Mutations.special(unpacked.resolve(EmbeddedModel.MANIFEST), Mutations.Special.SPARSE_3_GB);
        try (URLClassLoader app = app()) {
            assertTimeoutPreemptively(PROMPTLY, () -> new EmbeddedModel(app).extractTo(unpacked));
        }
        for (String name : EmbeddedModel.REQUIRED) {
            assertArrayEquals(("the bundled " + name).getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(unpacked.resolve(name)));
        }
        assertTrue(Files.size(manifest) < 1000 && Files.readString(manifest).contains(EmbeddedModel.ARPG_FILE));
    }

    @Test
    void aPipeOrDeviceInTheManifestsPlaceIsNamedNotWaitedOn() throws IOException {
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO,
            Mutations.Special.LINK_TO_DEV_ZERO}) {
            Path unpacked = Files.createDirectories(dir.resolve("default-" + special));
            Mutations.special(unpacked.resolve(EmbeddedModel.MANIFEST), special);
            try (URLClassLoader app = app()) {
                UserFileException e = assertTimeoutPreemptively(PROMPTLY,
                        () -> assertThrows(UserFileException.class, () -> new EmbeddedModel(app).extractTo(unpacked)),
                        special.toString());
                assertTrue(e.getMessage().contains(EmbeddedModel.MANIFEST), e.getMessage());
            }
        }
    }
}
