package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.arpg.SamplingJson;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;

/**
 * The {@code settings} part of a request: a {@link SamplingSettings} as JSON, with the names the
 * settings file and the edit record give its fields ({@code classId}, {@code steps},
 * {@code guidanceScale}, {@code guidanceSchedule}, {@code sampleSchedule}, {@code temperature},
 * {@code topK}, {@code topP}, {@code detailTemperatureRatio}, {@code seed}, {@code variants}), read by {@link SamplingJson} as the
 * settings file and config.json are. Keys left out take the served model's recommended value, as
 * the command line's options and the editor's panel do; a missing seed is drawn at random (and
 * reported with the result).
 */
final class SettingsJson {

    /** Far more than any settings object needs. */
    static final int MAX_BYTES = 16 * 1024;

    private SettingsJson() {}

    /** The model's recommended settings with a random seed, for a request without settings. */
    static SamplingSettings defaults(SamplingSettings recommended) {
        return recommended.withSeed(SamplingSettings.randomSeed());
    }

    /**
     * {@code recommended} with the request's values put in ({@link #defaults} for the seed); throws
     * {@link ApiException} (400) naming the first key that is unknown, of the wrong type or out of range.
     */
    static SamplingSettings parse(String json, SamplingSettings recommended) {
        JsonElement root;
        try {
            root = UserJson.parse(json);
        } catch (JsonParseException e) {
            throw ApiException.badRequest("settings: malformed JSON (" + e.getMessage() + ")");
        }
        if (!root.isJsonObject()) {
            throw ApiException.badRequest("settings: expected a JSON object such as {\"steps\": 32}, found "
                    + kind(root));
        }
        try {
            return SamplingJson.read(root.getAsJsonObject().asMap(), defaults(recommended), SamplingJson.KEYS, "");
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("settings: " + e.getMessage());
        }
    }

    private static String kind(JsonElement element) {
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        return primitive.isString() ? "a string" : primitive.isNumber() ? "a number" : "a boolean";
    }
}
