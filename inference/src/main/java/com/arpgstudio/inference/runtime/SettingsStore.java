package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.arpg.SamplingJson;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * <p>A missing file means defaults. The file is read through {@link UserFiles} (a regular file of at
 * most 1 MiB, UTF-8); a file that cannot be read so (a folder, a pipe or a device in its place, a link
 * to one, a huge file) or that is not a JSON object is moved aside to
 * {@code settings.json.broken-<time>} and replaced by defaults. Inside a readable file, a missing
 * value is its default; each value of the wrong type or out of range, and each unknown key, is
 * reported in {@link #problems()} (for the editor's notice and the CLI's warning) and replaced by
 * its default on its own, and the file is then backed up the same way and rewritten. None of this
 * stops the app from starting. The sampling settings are the object {@code "sampling"}, read by
 * {@link SamplingJson} (as config.json's and {@code arpg serve}'s) and validated by
 * {@link SamplingSettings}; a file from before they were grouped (its sampling keys at the top
 * level) is read as if they were. Beside them, the object {@code "recommendedSampling"} records
 * what the chosen model recommended then ({@link Settings#recommendedSampling()}), with the keys of
 * a config.json's recommendation ({@link SamplingSettings#RECOMMENDABLE}), read the same way.
 */
public final class SettingsStore {

    /** Nulls written out: {@code "classId": null} is the null class, and keeps the key known. */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();
    private static final String SAMPLING = "sampling";
    private static final String RECOMMENDED_SAMPLING = "recommendedSampling";
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
        String unusable;
        JsonObject stored = null;
        try {
            JsonElement root = UserJson.read(file, UserFiles.Kind.SETTINGS);
            stored = root.isJsonObject() ? root.getAsJsonObject() : null;
            unusable = file + " is not a JSON object of settings";
        } catch (NoSuchFileException e) {
            return new SettingsStore(file, Settings.defaults(), List.of());
        } catch (JsonParseException e) {
            unusable = file + " is not a JSON object of settings";
        } catch (IOException e) { // not a regular file, too large, not UTF-8, unreadable
            unusable = e instanceof UserFileException ? e.getMessage() : "cannot read " + file + ": " + e;
        }
        if (stored == null) {
            Path backup = backUp(file);
            AtomicFiles.write(file, toJson(Settings.defaults()));
            return new SettingsStore(file, Settings.defaults(), List.of(
                    unusable + "; it was moved to " + backup + " and defaults are used"));
        }
        List<String> problems = new ArrayList<>();
        JsonObject merged = GSON.toJsonTree(Settings.defaults()).getAsJsonObject();
        mergeValues(merged, merged, groupSampling(stored), "", problems);
        Settings settings = GSON.fromJson(merged, Settings.class);
        if (!problems.isEmpty()) {
            Path backup = backUp(file);
            AtomicFiles.write(file, toJson(settings));
            problems.add("the previous file was kept as " + backup);
        }
        return new SettingsStore(file, settings, problems.stream().map(Texts::escaped).toList());
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
        JsonObject tree = GSON.toJsonTree(settings).getAsJsonObject();
        // no model recommends the class, the seed or the variants: the record leaves them out, as config.json does
        tree.getAsJsonObject(RECOMMENDED_SAMPLING).keySet().retainAll(SamplingSettings.RECOMMENDABLE);
        return (GSON.toJson(tree) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Puts each stored value into {@code target} (an object inside {@code root}) where the whole
     * still makes valid settings; a nested object is merged key by key. Unknown keys and unusable
     * values stay out, reported.
     */
    private static void mergeValues(JsonObject root, JsonObject target, JsonObject stored, String prefix,
                                    List<String> problems) {
        for (Map.Entry<String, JsonElement> entry : stored.entrySet()) {
            String name = prefix + entry.getKey();
            JsonElement current = target.get(entry.getKey());
            if (current == null) {
                problems.add("setting '" + name + "' is unknown; it was left out");
            } else if (name.equals(SAMPLING) && entry.getValue().isJsonObject()) {
                target.add(SAMPLING, GSON.toJsonTree(
                        sampling(SAMPLING, SamplingJson.KEYS, entry.getValue().getAsJsonObject(), problems)));
            } else if (name.equals(RECOMMENDED_SAMPLING) && entry.getValue().isJsonObject()) {
                target.add(RECOMMENDED_SAMPLING, GSON.toJsonTree(sampling(RECOMMENDED_SAMPLING,
                        SamplingSettings.RECOMMENDABLE, entry.getValue().getAsJsonObject(), problems)));
            } else if (current.isJsonObject() && entry.getValue().isJsonObject()) {
                mergeValues(root, current.getAsJsonObject(), entry.getValue().getAsJsonObject(), name + ".", problems);
            } else {
                target.add(entry.getKey(), entry.getValue());
                try {
                    // read as text: from a tree Gson would take 2.5 for an int setting as 2
                    GSON.fromJson(GSON.toJson(root), Settings.class);
                } catch (RuntimeException e) {
                    target.add(entry.getKey(), current);
                    problems.add("setting '" + name + "' = " + entry.getValue() + " is not usable ("
                            + rootMessage(e) + "); the default is used");
                }
            }
        }
    }

    /**
     * A stored object of sampling settings ({@code name}, of {@code keys}), read by {@link SamplingJson}
     * key by key: an unknown key or an unusable value is reported and left at its default, the others
     * are kept.
     */
    private static SamplingSettings sampling(String name, List<String> keys, JsonObject stored,
                                             List<String> problems) {
        SamplingSettings sampling = SamplingSettings.DEFAULTS;
        for (Map.Entry<String, JsonElement> entry : stored.entrySet()) {
            if (!keys.contains(entry.getKey())) {
                problems.add("setting '" + name + "." + entry.getKey() + "' is unknown; it was left out");
                continue;
            }
            try {
                sampling = SamplingJson.read(Map.of(entry.getKey(), entry.getValue()), sampling, keys, name + ".");
            } catch (IllegalArgumentException e) {
                problems.add("setting " + e.getMessage() + "; the default is used");
            }
        }
        return sampling;
    }

    /** A file whose sampling keys are at the top level, as before they were grouped, with them grouped. */
    private static JsonObject groupSampling(JsonObject stored) {
        if (stored.has(SAMPLING) || stored.keySet().stream().noneMatch(SamplingJson.KEYS::contains)) {
            return stored;
        }
        JsonObject grouped = new JsonObject();
        JsonObject sampling = new JsonObject();
        for (Map.Entry<String, JsonElement> entry : stored.entrySet()) {
            (SamplingJson.KEYS.contains(entry.getKey()) ? sampling : grouped).add(entry.getKey(), entry.getValue());
        }
        JsonElement classId = sampling.get("classId");
        if (classId != null && classId.isJsonPrimitive() && "-1".equals(classId.getAsString())) {
            sampling.add("classId", JsonNull.INSTANCE); // the layout's "none"
        }
        grouped.add(SAMPLING, sampling);
        return grouped;
    }

    /** Moves the file (or whatever is in its place: a folder, a pipe, a link) aside, under a name not taken. */
    private static Path backUp(Path file) throws IOException {
        String base = file.getFileName() + ".broken-" + LocalDateTime.now().format(BACKUP_TIME);
        Path backup = file.resolveSibling(base);
        for (int n = 1; Files.exists(backup, LinkOption.NOFOLLOW_LINKS); n++) {
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
