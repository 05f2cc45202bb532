package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged settings files ({@link Mutations#json}): opening one never throws; the settings in
 * effect are valid, a file that had to be changed is backed up and reported, and the file left
 * behind reopens to the same settings without a problem. The user's model pairs from those
 * settings then go to the model registry, which lists each with a shape or a note and never throws.
 */
class SettingsFuzzTest {

    @TempDir
    Path dir;

    @Test
    void damagedSettingsFallBackAndNeverStopTheApp() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));
        Settings full = Settings.defaults().edit()
                .device(DeviceChoice.GPU).modelId("user:mine")
                .sampling(new SamplingSettings(207, 32, 6.0, Guidance.LINEAR, Schedule.COSINE, 0.9, 100, 0.95, 1.4,
                        -1234567890123L, 8))
                .recommendedSampling(new SamplingSettings(null, 48, 1.5, Guidance.LINEAR, Schedule.ARCCOS, 1.2, 0,
                        1.0, 1.38, 0L, 1))
                .seedLocked(true).theme("light")
                .recentFiles(List.of("/pics/a.png", "/pics/b.jpg"))
                .userModels(List.of(new UserModel("mine", model.resolve("arpg.pt").toString(),
                                model.resolve("vq.pt").toString(), null),
                        new UserModel("other", "/m/arpg.safetensors", "/m/vq.safetensors", "/m/config.json")))
                .build();
        Path settingsDir = Files.createDirectories(dir.resolve("settings"));
        Path file = settingsDir.resolve("settings.json");
        SettingsStore.open(file).update(s -> full);
        byte[] original = Files.readAllBytes(file);
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), new HfCache(dir.resolve("hub")),
                new EmbeddedModel(new ClassLoader(null) {}), "http://127.0.0.1:9");
        Random random = new Random(5);
        try (FuzzRunner fuzz = new FuzzRunner("SettingsStore.open + ModelRegistry", 1000)) {
            for (int i = 0; i < FuzzRunner.cases(400); i++) {
                clear(settingsDir);
                // one in 20: a pipe, folder, device link, loop or huge file in its place
                String description = Mutations.writeCase(file, random, 20, () -> Mutations.json(original, random));
                fuzz.run("case " + i + " (" + description + ")", () -> openAndUse(file, registry));
            }
        }
    }

    private static Settings openAndUse(Path file, ModelRegistry registry) throws IOException {
        SettingsStore store = SettingsStore.open(file);
        Settings settings = store.get();
        try (Stream<Path> files = Files.list(file.getParent())) {
            long backups = files.filter(p -> p.getFileName().toString().startsWith("settings.json.broken-")).count();
            // a link to nothing is no file: defaults, nothing to back up
            assertEquals(store.problems().isEmpty() ? 0 : 1, backups, "a changed file is backed up once: " + store.problems());
        }
        SettingsStore reopened = SettingsStore.open(file);
        assertEquals(settings, reopened.get(), "the file left behind holds the settings in effect");
        assertTrue(reopened.problems().isEmpty(), "the file left behind is clean: " + reopened.problems());
        for (ModelEntry entry : registry.setUserModels(settings.userModels())) {
            assertTrue(entry.source() != ModelEntry.Source.USER || entry.shape() != null || !entry.note().isBlank(),
                    "an unusable pair says why");
        }
        return settings;
    }

    private static void clear(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }
}
