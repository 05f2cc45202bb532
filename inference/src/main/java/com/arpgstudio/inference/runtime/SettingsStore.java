package com.arpgstudio.inference.runtime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The settings file shared by the editor and the CLI: JSON written atomically, read leniently.
 *
 * <p>A missing file means defaults. A file that is not a JSON object is moved aside to
 * {@code settings.json.broken-<time>} and replaced by defaults. Inside a readable file, each value
 * that is missing, of the wrong type or out of range falls back to its default on its own (the
 * file is then backed up the same way and rewritten), and unknown keys are ignored. None of this
 * stops the app from starting; {@link #problems()} says what happened, for a notice.
 */
public final class SettingsStore {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path file;
    private final List<String> problems;
    private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
    private volatile Settings current;

    private SettingsStore(Path file, Settings current, List<String> problems) {
        this.file = file;
        this.current = current;
        this.problems = List.copyOf(problems);
    }

    /** The store at the platform's settings location. */
    public static SettingsStore open() throws IOException {
        return open(AppDirectories.current().settingsFile());
    }

    /** Loads the file (see the class comment for what happens to bad content). */
    public static SettingsStore open(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new SettingsStore(file, Settings.defaults(), List.of());
        } catch (CharacterCodingException e) {
            text = null;
        }
        JsonObject stored = parseObject(text);
        if (stored == null) {
            Path backup = backUp(file);
            AtomicFiles.write(file, toJson(Settings.defaults()));
            return new SettingsStore(file, Settings.defaults(), List.of(
                    file + " is not a JSON object of settings; it was moved to " + backup + " and defaults are used"));
        }
        List<String> problems = new ArrayList<>();
        JsonObject merged = GSON.toJsonTree(Settings.defaults()).getAsJsonObject();
        for (Map.Entry<String, JsonElement> entry : stored.entrySet()) {
            if (!merged.has(entry.getKey())) {
                continue; // a newer version's setting, or a typo: kept out of the values, harmless
            }
            JsonObject candidate = merged.deepCopy();
            candidate.add(entry.getKey(), entry.getValue());
            try {
                GSON.fromJson(candidate, Settings.class);
                merged = candidate;
            } catch (RuntimeException e) {
                problems.add("setting '" + entry.getKey() + "' = " + entry.getValue() + " is not usable ("
                        + rootMessage(e) + "); the default is used");
            }
        }
        Settings settings = GSON.fromJson(merged, Settings.class);
        if (!problems.isEmpty()) {
            Path backup = backUp(file);
            AtomicFiles.write(file, toJson(settings));
            problems.add("the previous file was kept as " + backup);
        }
        return new SettingsStore(file, settings, problems);
    }

    public Path file() {
        return file;
    }

    /** The settings now in effect. */
    public Settings get() {
        return current;
    }

    /** What was wrong with the file when it was opened (empty when nothing was). */
    public List<String> problems() {
        return problems;
    }

    /** Applies the change, writes the file atomically and tells the listeners (on this thread). */
    public void update(UnaryOperator<Settings> change) throws IOException {
        Settings updated;
        synchronized (this) {
            updated = change.apply(current);
            AtomicFiles.write(file, toJson(updated));
            current = updated;
        }
        for (Consumer<Settings> listener : listeners) {
            listener.accept(updated);
        }
    }

    public void addListener(Consumer<Settings> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Settings> listener) {
        listeners.remove(listener);
    }

    static byte[] toJson(Settings settings) {
        return (GSON.toJson(settings) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject parseObject(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonElement root = UserJson.parse(text);
            return root.isJsonObject() ? root.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static Path backUp(Path file) throws IOException {
        String base = file.getFileName() + ".broken-" + LocalDateTime.now().format(BACKUP_TIME);
        Path backup = file.resolveSibling(base);
        for (int n = 1; Files.exists(backup); n++) {
            backup = file.resolveSibling(base + "-" + n);
        }
        Files.move(file, backup);
        return backup;
    }

    private static String rootMessage(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
