package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("config").resolve("settings.json");
    }

    private List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(file().getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("settings.json.broken-")).toList();
        }
    }

    @Test
    void aMissingFileMeansDefaults() throws IOException {
        SettingsStore store = SettingsStore.open(file());

        assertEquals(Settings.defaults(), store.get());
        assertTrue(store.problems().isEmpty());
        assertEquals(DeviceChoice.AUTO, store.get().device());
        assertEquals(ModelRegistry.DEFAULT_MODEL_ID, store.get().modelId());
    }

    @Test
    void everySettingSurvivesARoundTrip() throws IOException {
        Settings changed = Settings.defaults().edit()
                .device(DeviceChoice.GPU).modelId("arpg-xl").classId(207).steps(32).guidanceScale(6.0)
                .guidanceSchedule("linear").sampleSchedule("cosine").temperature(0.9).topK(100).topP(0.95)
                .seed(-1234567890123L).seedLocked(true).variants(8).theme("light")
                .recentFiles(List.of("/pics/a.png", "/pics/b.jpg"))
                .userModels(List.of(new UserModel("mine", "/m/arpg.pt", "/m/vq.pt", null)))
                .build();
        SettingsStore store = SettingsStore.open(file());
        List<Settings> heard = new ArrayList<>();
        store.addListener(heard::add);

        store.update(s -> changed);
        SettingsStore reopened = SettingsStore.open(file());

        assertEquals(changed, reopened.get());
        assertTrue(reopened.problems().isEmpty());
        assertEquals(List.of(changed), heard);
        assertTrue(Files.readString(file()).contains("\"device\": \"gpu\""), "enums are stored in lower case");
    }

    @Test
    void aBrokenFileIsBackedUpAndReplacedByDefaults() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{ \"steps\": 12, oops");

        SettingsStore store = SettingsStore.open(file());

        assertEquals(Settings.defaults(), store.get());
        assertEquals(1, store.problems().size());
        List<Path> backups = backups();
        assertEquals(1, backups.size());
        assertEquals("{ \"steps\": 12, oops", Files.readString(backups.get(0)));
        assertEquals(Settings.defaults(), SettingsStore.open(file()).get(), "the replacement file is valid");
    }

    @Test
    void aFileThatIsNotAnObjectCountsAsBroken() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "[1, 2, 3]");

        SettingsStore store = SettingsStore.open(file());

        assertEquals(Settings.defaults(), store.get());
        assertEquals(1, backups().size());
    }

    @Test
    void anInvalidValueFallsBackAloneAndTheOthersAreKept() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"steps": 0, "variants": 3, "temperature": "hot", "theme": "dark", "device": "tpu",
                 "futureSetting": true}
                """);

        SettingsStore store = SettingsStore.open(file());

        Settings defaults = Settings.defaults();
        assertEquals(3, store.get().variants());
        assertEquals(defaults.steps(), store.get().steps());
        assertEquals(defaults.temperature(), store.get().temperature());
        assertEquals(defaults.device(), store.get().device());
        assertEquals(4, store.problems().size(), store.problems().toString()); // 3 values + where the backup is
        assertTrue(store.problems().get(0).contains("steps"), store.problems().get(0));
        assertEquals(1, backups().size());
        assertEquals(store.get(), SettingsStore.open(file()).get());
    }

    @Test
    void theRecordRejectsOutOfRangeValuesWithTheFieldsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().edit().topP(1.5).build());
        assertTrue(e.getMessage().contains("topP"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().steps(257).build());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().classId(-2).build());
        assertEquals(Settings.NO_CLASS, Settings.defaults().edit().classId(Settings.NO_CLASS).build().classId());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().guidanceSchedule("x").build());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().temperature(Double.NaN).build());
    }

    @Test
    void recentFilesKeepTheNewestFirstWithoutRepeats() {
        Settings s = Settings.defaults();
        for (int i = 0; i < Settings.MAX_RECENT_FILES + 3; i++) {
            s = s.withRecentFile("/f" + i);
        }
        s = s.withRecentFile("/f5");

        assertEquals(Settings.MAX_RECENT_FILES, s.recentFiles().size());
        assertEquals("/f5", s.recentFiles().get(0));
        assertEquals(1, s.recentFiles().stream().filter("/f5"::equals).count());
        assertFalse(s.recentFiles().contains("/f0"));
    }
}
