package com.arpgstudio.app.settings;

import java.util.ArrayList;
import java.util.List;

/** Everything the editor remembers between runs. */
public record EditorPreferences(GenerationSettings generation, List<String> recentFiles, boolean darkTheme) {

    public static final int MAX_RECENT = 10;

    public EditorPreferences {
        generation = generation == null ? GenerationSettings.defaults() : generation;
        recentFiles = recentFiles == null ? List.of() : List.copyOf(recentFiles);
    }

    public static EditorPreferences defaults() {
        return new EditorPreferences(GenerationSettings.defaults(), List.of(), true);
    }

    public EditorPreferences withGeneration(GenerationSettings settings) {
        return new EditorPreferences(settings, recentFiles, darkTheme);
    }

    public EditorPreferences withDarkTheme(boolean dark) {
        return new EditorPreferences(generation, recentFiles, dark);
    }

    /** Moves (or adds) a file to the top of the recent list. */
    public EditorPreferences withRecent(String file) {
        List<String> files = new ArrayList<>(recentFiles);
        files.remove(file);
        files.add(0, file);
        return new EditorPreferences(generation, files.subList(0, Math.min(MAX_RECENT, files.size())), darkTheme);
    }
}
