package com.arpgstudio.app.editing;

/**
 * Picks the engine the editor runs: the single place that connects the app to the inference
 * module's editing operations.
 */
public final class Engines {

    private Engines() {}

    public static EditEngine forApplication(com.arpgstudio.inference.runtime.SettingsStore settings) {
        return new UnavailableEngine("the editing operations are not in this build yet");
    }
}
