package com.arpgstudio.app.settings;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The editor's preferences as JSON in the platform's config folder. A missing file gives the
 * defaults; a broken one is kept aside as {@code .broken} and replaced, never fatal.
 */
public final class PreferencesStore {

    private static final Logger LOG = Logger.getLogger(PreferencesStore.class.getName());
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private final Path file;

    public PreferencesStore(Path file) {
        this.file = file;
    }

    /** {@code editor.json} in the config folder (XDG, AppData or Application Support), or -Darpg.studio.config. */
    public static PreferencesStore inConfigFolder() {
        return new PreferencesStore(configFolder().resolve("editor.json"));
    }

    public static Path configFolder() {
        String override = System.getProperty("arpg.studio.config");
        if (override != null) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData/Roaming")).resolve("ARPG Studio");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/ARPG Studio");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("arpg-studio");
    }

    public Path file() {
        return file;
    }

    public EditorPreferences load() {
        if (!Files.isRegularFile(file)) {
            return EditorPreferences.defaults();
        }
        try {
            EditorPreferences loaded = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), EditorPreferences.class);
            if (loaded == null) {
                throw new JsonParseException("empty file");
            }
            // Re-validate through the canonical constructors (Gson bypasses them).
            GenerationSettings g = loaded.generation();
            GenerationSettings checked = g == null ? GenerationSettings.defaults()
                    : new GenerationSettings(g.classId(), g.steps(), g.guidanceScale(), g.guidanceSchedule(),
                    g.temperature(), g.topK(), g.topP(), g.seed(), g.seedLocked(), g.variants());
            return new EditorPreferences(checked, loaded.recentFiles(), loaded.darkTheme());
        } catch (IOException | RuntimeException e) {
            Path broken = file.resolveSibling(file.getFileName() + ".broken");
            LOG.log(Level.WARNING, "Settings file " + file + " is unreadable (" + e.getMessage()
                    + "); kept as " + broken + ", using defaults");
            try {
                Files.move(file, broken, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                LOG.log(Level.WARNING, "Could not move the broken settings file aside", moveFailure);
            }
            return EditorPreferences.defaults();
        }
    }

    /** Writes atomically (temp file + move). */
    public void save(EditorPreferences preferences) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".editor", ".json.tmp");
        try {
            Files.writeString(temp, GSON.toJson(preferences), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
