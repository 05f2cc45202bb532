package com.arpgstudio.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencesStoreTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndDefaultsWhenMissing() throws IOException {
        PreferencesStore store = new PreferencesStore(dir.resolve("sub/editor.json"));
        assertEquals(EditorPreferences.defaults(), store.load());
        GenerationSettings g = new GenerationSettings(207, 48, 5.5, "constant", 0.9, 100, 0.95, 1234, true, 4);
        EditorPreferences prefs = EditorPreferences.defaults().withGeneration(g).withRecent("/a.png")
                .withRecent("/b.png").withRecent("/a.png").withDarkTheme(false);
        store.save(prefs);
        EditorPreferences loaded = store.load();
        assertEquals(prefs, loaded);
        assertEquals(java.util.List.of("/a.png", "/b.png"), loaded.recentFiles());
    }

    @Test
    void brokenOrInvalidFileIsKeptAsideAndReplacedByDefaults() throws IOException {
        Path file = dir.resolve("editor.json");
        Files.writeString(file, "{ not json");
        PreferencesStore store = new PreferencesStore(file);
        assertEquals(EditorPreferences.defaults(), store.load());
        assertTrue(Files.exists(dir.resolve("editor.json.broken")));

        Files.writeString(file, "{\"generation\":{\"classId\":1,\"steps\":0,\"guidanceScale\":4,"
                + "\"guidanceSchedule\":\"linear\",\"temperature\":1,\"topK\":0,\"topP\":1,\"seed\":1,"
                + "\"seedLocked\":false,\"variants\":1},\"recentFiles\":[],\"darkTheme\":true}");
        assertEquals(EditorPreferences.defaults(), store.load());
    }

    @Test
    void settingsRefuseOutOfRangeValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GenerationSettings(-1, 32, 4, "linear", 1, 0, 1.5, 1, false, 1));
        assertTrue(e.getMessage().contains("top-p"), e.getMessage());
    }
}
