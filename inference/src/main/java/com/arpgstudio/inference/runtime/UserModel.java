package com.arpgstudio.inference.runtime;

import com.google.gson.annotations.SerializedName;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A model pair the user chose from disk: the generator's (ARPG) and the tokenizer's (VQ) weights
 * (.pt or .safetensors), and optionally a config.json in the fixture layout
 * ({"arpg": {...}, "vq": {...}}). Paths are stored as strings so that a settings file stays
 * readable on another machine; settings files that named them arpgPath and vqPath are read too.
 *
 * @param configPath null when the shape is derived from the weights
 */
public record UserModel(
        String name,
        @SerializedName(value = "generatorPath", alternate = "arpgPath") String generatorPath,
        @SerializedName(value = "tokenizerPath", alternate = "vqPath") String tokenizerPath,
        String configPath) {

    public UserModel {
        requireText(name, "name");
        requirePath(generatorPath, "generatorPath");
        requirePath(tokenizerPath, "tokenizerPath");
        if (configPath != null && configPath.isBlank()) {
            configPath = null;
        }
        if (configPath != null) {
            requirePath(configPath, "configPath");
        }
    }

    /** The registry id of this model. */
    public String id() {
        return "user:" + name;
    }

    /** A path this platform can name (a settings file from elsewhere, or a damaged one, may hold others). */
    private static void requirePath(String value, String field) {
        requireText(value, field);
        try {
            Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("user model: expected a file path as " + field + ", found '" + value
                    + "' (" + e.getReason() + ")");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("user model: expected a non-empty " + field + ", found "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
    }
}
