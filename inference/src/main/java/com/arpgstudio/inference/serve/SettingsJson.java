package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.runtime.Texts;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code settings} part of a request: a {@link SamplingSettings} as JSON, with the names the
 * settings file and the edit record give its fields ({@code classId}, {@code steps},
 * {@code guidanceScale}, {@code guidanceSchedule}, {@code sampleSchedule}, {@code temperature},
 * {@code topK}, {@code topP}, {@code seed}, {@code variants}). Keys left out take
 * {@link SamplingSettings#DEFAULTS}; a missing seed is drawn at random (and reported with the
 * result). The record checks the values, as it does the command line's.
 */
final class SettingsJson {

    /** Far more than any settings object needs. */
    static final int MAX_BYTES = 16 * 1024;

    /** The settings' JSON names: the record's fields. */
    static final List<String> KEYS = Arrays.stream(SamplingSettings.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private SettingsJson() {}

    /** The defaults with a random seed, for a request without settings. */
    static SamplingSettings defaults() {
        return parse("{}");
    }

    /** Throws {@link ApiException} (400) naming the first key that is unknown, of the wrong type or out of range. */
    static SamplingSettings parse(String json) {
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
        JsonObject o = root.getAsJsonObject();
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest("settings: unknown key \"" + Texts.printable(key) + "\"; expected some of "
                        + KEYS);
            }
        }
        SamplingSettings d = SamplingSettings.DEFAULTS;
        try {
            return new SamplingSettings(
                    o.has("classId") ? classId(o) : d.classId(),
                    (int) integer(o, "steps", d.steps()),
                    number(o, "guidanceScale", d.guidanceScale()),
                    o.has("guidanceSchedule") ? named(o, "guidanceSchedule", Guidance.class) : d.guidanceSchedule(),
                    o.has("sampleSchedule") ? named(o, "sampleSchedule", Schedule.class) : d.sampleSchedule(),
                    number(o, "temperature", d.temperature()),
                    (int) integer(o, "topK", d.topK()),
                    number(o, "topP", d.topP()),
                    o.has("seed") ? integer(o, "seed", Long.MIN_VALUE, Long.MAX_VALUE) : SamplingSettings.randomSeed(),
                    (int) integer(o, "variants", d.variants()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("settings: " + e.getMessage());
        }
    }

    private static Integer classId(JsonObject o) {
        JsonElement value = o.get("classId");
        if (value == null || value.isJsonNull()
                || value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                && value.getAsString().equalsIgnoreCase("none")) {
            return null;
        }
        return (int) integer(o, "classId", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long integer(JsonObject o, String key, int fallback) {
        return o.has(key) ? integer(o, key, Integer.MIN_VALUE, Integer.MAX_VALUE) : fallback;
    }

    private static long integer(JsonObject o, String key, long min, long max) {
        BigDecimal value = decimal(o, key, "an integer");
        try {
            long exact = value.longValueExact();
            if (exact < min || exact > max) {
                throw new ArithmeticException();
            }
            return exact;
        } catch (ArithmeticException e) {
            throw ApiException.badRequest("settings: " + key + ": expected an integer, found "
                    + Texts.printable(o.get(key).toString()));
        }
    }

    private static double number(JsonObject o, String key, double fallback) {
        return o.has(key) ? decimal(o, key, "a number").doubleValue() : fallback;
    }

    private static BigDecimal decimal(JsonObject o, String key, String expected) {
        JsonElement value = o.get(key);
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            try {
                return value.getAsBigDecimal();
            } catch (NumberFormatException e) {
                // a lenient parse lets through number-like text such as NaN
            }
        }
        throw ApiException.badRequest("settings: " + key + ": expected " + expected + ", found "
                + Texts.printable(value.toString()));
    }

    private static <E extends Enum<E>> E named(JsonObject o, String key, Class<E> type) {
        JsonElement value = o.get(key);
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            for (E candidate : type.getEnumConstants()) {
                if (candidate.name().equalsIgnoreCase(value.getAsString())) {
                    return candidate;
                }
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw ApiException.badRequest("settings: " + key + ": expected one of " + names + ", found "
                + Texts.printable(value.toString()));
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
