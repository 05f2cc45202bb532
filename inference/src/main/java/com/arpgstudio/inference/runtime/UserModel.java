package com.arpgstudio.inference.runtime;

/**
 * A model pair the user chose from disk: ARPG weights and VQ tokenizer weights (.pt or
 * .safetensors), and optionally a config.json in the fixture layout ({"arpg": {...}, "vq": {...}}).
 * Paths are stored as strings so that a settings file stays readable on another machine.
 *
 * @param configPath null when the shape is derived from the weights
 */
public record UserModel(String name, String arpgPath, String vqPath, String configPath) {

    public UserModel {
        requireText(name, "name");
        requireText(arpgPath, "arpgPath");
        requireText(vqPath, "vqPath");
        if (configPath != null && configPath.isBlank()) {
            configPath = null;
        }
    }

    /** The registry id of this model. */
    public String id() {
        return "user:" + name;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("user model: expected a non-empty " + field + ", found "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
    }
}
