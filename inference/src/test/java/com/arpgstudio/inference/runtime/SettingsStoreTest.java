package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.fuzz.Mutations;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
                .device(DeviceChoice.GPU).modelId("arpg-xl")
                .sampling(new SamplingSettings(207, 32, 6.0, Guidance.CONSTANT, Schedule.COSINE, 0.9, 100, 0.95, 1.4,
                        -1234567890123L, 8))
                .recommendedSampling(new SamplingSettings(null, 48, 1.5, Guidance.LINEAR, Schedule.COSINE, 1.2, 0,
                        1.0, 1.38, 0L, 1))
                .seedLocked(true).theme("light")
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
        String json = Files.readString(file());
        assertTrue(json.contains("\"device\": \"gpu\""), "enums are stored in lower case: " + json);
        assertTrue(json.contains("\"guidanceSchedule\": \"constant\""), json);
        assertTrue(json.contains("\"sampleSchedule\": \"cosine\""), json);
    }

    @Test
    void theRecordedRecommendationIsWrittenWithTheKeysAModelMayRecommendAlone() throws IOException {
        SamplingSettings model = SamplingSettings.DEFAULTS.withSampling(1.2, 0, 1.0).withClassId(3).withSeed(7)
                .withVariants(2);

        SettingsStore.open(file()).update(s -> s.edit().recommendedSampling(model).build());

        JsonObject written = JsonParser.parseString(Files.readString(file())).getAsJsonObject()
                .getAsJsonObject("recommendedSampling");
        assertEquals(Set.copyOf(SamplingSettings.RECOMMENDABLE), written.keySet());
        assertEquals(1.2, written.get("temperature").getAsDouble());
        SettingsStore reopened = SettingsStore.open(file());
        assertEquals(SamplingSettings.DEFAULTS.withSampling(1.2, 0, 1.0), reopened.get().recommendedSampling());
        assertTrue(reopened.problems().isEmpty(), reopened.problems().toString());
    }

    @Test
    void aFileFromBeforeTheRecommendationWasRecordedReadsItAsTheDefaultsAsBefore() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"sampling": {"temperature": 1.2, "seed": 5}, "theme": "dark"}
                """);

        SettingsStore store = SettingsStore.open(file());

        assertTrue(store.problems().isEmpty(), store.problems().toString());
        assertEquals(1.2, store.get().sampling().temperature());
        assertEquals(SamplingSettings.DEFAULTS, store.get().recommendedSampling());
    }

    @Test
    void aRecordedRecommendationThatIsNoObjectIsReportedAndTheDefaultsAreUsed() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"sampling": {"temperature": 1.2}, "recommendedSampling": [1.2]}
                """);

        SettingsStore store = SettingsStore.open(file());

        assertEquals(SamplingSettings.DEFAULTS, store.get().recommendedSampling());
        assertEquals(1.2, store.get().sampling().temperature(), "the values are kept");
        List<String> problems = store.problems();
        assertEquals(2, problems.size(), problems.toString()); // the record, where the backup is
        assertTrue(problems.get(0).startsWith("setting 'recommendedSampling' = [1.2] is not usable"), problems.get(0));
        assertEquals(1, backups().size());
        SettingsStore reopened = SettingsStore.open(file());
        assertEquals(store.get(), reopened.get());
        assertTrue(reopened.problems().isEmpty(), reopened.problems().toString());
    }

    @Test
    void eachUnusableValueOfTheRecordedRecommendationIsReportedAndLeftAtItsDefault() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"recommendedSampling": {"temperature": 99, "steps": "many", "topK": 5, "seed": 3}}
                """);

        SettingsStore store = SettingsStore.open(file());

        assertEquals(SamplingSettings.DEFAULTS.withSampling(SamplingSettings.DEFAULTS.temperature(), 5, 1.0),
                store.get().recommendedSampling());
        List<String> problems = store.problems();
        assertEquals(4, problems.size(), problems.toString()); // 2 values, 1 unknown key, where the backup is
        assertTrue(problems.get(0).startsWith("setting 'recommendedSampling.temperature' = 99 is not usable"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("setting 'recommendedSampling.steps' = \"many\" is not usable"),
                problems.get(1));
        assertTrue(problems.contains("setting 'recommendedSampling.seed' is unknown; it was left out"),
                problems.toString());
        assertEquals(1, backups().size());
        SettingsStore reopened = SettingsStore.open(file());
        assertEquals(store.get(), reopened.get());
        assertTrue(reopened.problems().isEmpty(), reopened.problems().toString());
    }

    @Test
    void theNullClassIsWrittenAsNullAndReadBack() throws IOException {
        SettingsStore.open(file()).update(s -> s.edit().sampling(s.sampling().withClassId(null)).build());

        assertTrue(Files.readString(file()).contains("\"classId\": null"), Files.readString(file()));
        SettingsStore reopened = SettingsStore.open(file());
        assertEquals(null, reopened.get().sampling().classId());
        assertTrue(reopened.problems().isEmpty(), reopened.problems().toString());
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
    void eachInvalidValueAndUnknownKeyIsReportedAndTheOthersAreKept() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"sampling": {"steps": 0, "variants": 3, "temperature": "hot", "guidanceSchedule": "sideways",
                              "topK": 7, "stepz": 9, "seed": 1.5},
                 "theme": "dark", "device": "tpu", "futureSetting": true, "windowBatch": 2.5}
                """);

        SettingsStore store = SettingsStore.open(file());

        SamplingSettings defaults = SamplingSettings.DEFAULTS;
        SamplingSettings read = store.get().sampling();
        assertEquals(3, read.variants());
        assertEquals(7, read.topK());
        assertEquals(defaults.steps(), read.steps());
        assertEquals(defaults.temperature(), read.temperature());
        assertEquals(defaults.guidanceSchedule(), read.guidanceSchedule());
        assertEquals(defaults.seed(), read.seed(), "1.5 is no seed, nor is it rounded to one");
        assertEquals(Settings.defaults().device(), store.get().device());
        assertEquals(Settings.DEFAULT_WINDOW_BATCH, store.get().windowBatch());
        List<String> problems = store.problems();
        assertEquals(9, problems.size(), problems.toString()); // 6 values, 2 unknown keys, where the backup is
        assertTrue(problems.get(0).startsWith("setting 'sampling.steps' = 0 is not usable"), problems.get(0));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("setting 'sampling.guidanceSchedule' = \"sideways\"")
                && p.contains("[constant, linear]")), problems.toString());
        assertTrue(problems.contains("setting 'sampling.stepz' is unknown; it was left out"), problems.toString());
        assertTrue(problems.contains("setting 'sampling.seed' = 1.5 is not usable (expected an integer); the default is "
                + "used"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("setting 'windowBatch' = 2.5 is not usable")),
                problems.toString());
        assertTrue(problems.contains("setting 'futureSetting' is unknown; it was left out"), problems.toString());
        assertEquals(1, backups().size());
        SettingsStore reopened = SettingsStore.open(file());
        assertEquals(store.get(), reopened.get());
        assertTrue(reopened.problems().isEmpty(), "the rewritten file holds only usable values");
    }

    @Test
    void controlCharactersFromTheFileArePrintedAsEscapes() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"the\\u001b[31mme\": 1, \"theme\": \"\\u0007\"}");

        List<String> problems = SettingsStore.open(file()).problems();

        assertEquals(3, problems.size(), problems.toString());
        problems.forEach(p -> assertTrue(p.chars().noneMatch(c -> Character.isISOControl(c)), p));
        assertTrue(problems.get(0).contains("the\\u001b[31mme"), problems.get(0));
    }

    @Test
    void userModelsWrittenWithTheirFormerKeyNamesAreRead() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"userModels": [{"name": "mine", "arpgPath": "/m/arpg.pt", "vqPath": "/m/vq.pt"}]}
                """);

        SettingsStore store = SettingsStore.open(file());

        assertTrue(store.problems().isEmpty(), store.problems().toString());
        assertEquals(List.of(new UserModel("mine", "/m/arpg.pt", "/m/vq.pt", null)), store.get().userModels());
        store.update(s -> s);
        assertTrue(Files.readString(file()).contains("\"generatorPath\": \"/m/arpg.pt\""), Files.readString(file()));
    }

    @Test
    void aFileWithTheSamplingKeysAtTheTopLevelIsReadAsGrouped() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), """
                {"device": "cpu", "classId": -1, "steps": 12, "guidanceSchedule": "constant", "seed": 5,
                 "seedLocked": true, "variants": 2}
                """);

        SettingsStore store = SettingsStore.open(file());

        assertTrue(store.problems().isEmpty(), store.problems().toString());
        assertEquals(DeviceChoice.CPU, store.get().device());
        assertTrue(store.get().seedLocked());
        assertEquals(SamplingSettings.DEFAULTS.withSteps(12).withGuidance(4.0, Guidance.CONSTANT).withSeed(5)
                .withVariants(2), store.get().sampling(), "-1 was that layout's null class");
    }

    @Test
    void theRecordRejectsOutOfRangeValuesWithTheFieldsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().edit().theme("purple").build());
        assertTrue(e.getMessage().contains("theme"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().sampling(null).build());
        assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().edit().recommendedSampling(null).build());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().modelId(" ").build());
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

    @Test
    void whatCannotBeReadAsASettingsFileIsMovedAsideInWords() throws IOException {
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO, Mutations.Special.FOLDER,
            Mutations.Special.LINK_TO_DEV_ZERO, Mutations.Special.LINK_LOOP, Mutations.Special.SPARSE_3_GB}) {
            Path folder = Files.createDirectories(dir.resolve(special.toString()));
            Path file = Mutations.special(folder.resolve("settings.json"), special);
            SettingsStore store = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SettingsStore.open(file));
            assertEquals(Settings.defaults(), store.get(), special.toString());
            assertEquals(1, store.problems().size(), store.problems().toString());
            assertTrue(store.problems().get(0).contains("moved to"), store.problems().toString());
            assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "defaults written in its place");
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("settings.json.broken-")).count());
            }
        }
    }
}
