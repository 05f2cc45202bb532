package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.EditSettings;
import com.arpgstudio.inference.runtime.UserJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code settings} part of a request: the class and the sampling settings as JSON, named as
 * {@link EditSettings} and the edit record name them ({@code steps}, {@code guidanceScale},
 * {@code guidanceSchedule}, {@code sampleSchedule}, {@code temperature}, {@code topK}, {@code topP},
 * {@code seed}, {@code variants}) plus {@code class} (an id or {@code "none"}). Keys left out take
 * the command line's defaults; a missing seed is drawn at random (and reported with the result).
 * The values are checked by {@link EditSettings#validate()}, as the command line's are.
 */
final class SettingsJson {

    /** Far more than any settings object needs. */
    static final int MAX_BYTES = 16 * 1024;

    static final List<String> KEYS = List.of("class", "steps", "guidanceScale", "guidanceSchedule", "sampleSchedule",
            "temperature", "topK", "topP", "seed", "variants");

    /** What the settings ask for: the class (null for none) and validated sampling settings. */
    record Sampling(Integer classId, EditSettings settings) {}

    private SettingsJson() {}

    /** The defaults with a random seed, for a request without settings. */
    static Sampling defaults() {
        return parse("{}");
    }

    /** Throws {@link ApiException} (400) naming the first key that is unknown, of the wrong type or out of range. */
    static Sampling parse(String json) {
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
                throw ApiException.badRequest("settings: unknown key \"" + shorten(key) + "\"; expected some of "
                        + KEYS);
            }
        }
        EditSettings d = EditSettings.defaults();
        long seed = o.has("seed") ? integer(o, "seed", Long.MIN_VALUE, Long.MAX_VALUE)
                : ThreadLocalRandom.current().nextLong(1L << 31);
        EditSettings settings = new EditSettings(
                (int) integer(o, "steps", d.steps()),
                number(o, "guidanceScale", d.guidanceScale()),
                o.has("guidanceSchedule") ? schedule(o, "guidanceSchedule", EditSettings.GuidanceSchedule.class)
                        : d.guidanceSchedule(),
                o.has("sampleSchedule") ? schedule(o, "sampleSchedule", EditSettings.SampleSchedule.class)
                        : d.sampleSchedule(),
                number(o, "temperature", d.temperature()),
                (int) integer(o, "topK", d.topK()),
                number(o, "topP", d.topP()),
                seed,
                (int) integer(o, "variants", d.variants()));
        try {
            return new Sampling(classId(o), settings.validate());
        } catch (RuntimeException e) {
            throw ApiException.of(e);
        }
    }

    private static Integer classId(JsonObject o) {
        JsonElement value = o.get("class");
        if (value == null || value.isJsonNull()
                || value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                && value.getAsString().equalsIgnoreCase("none")) {
            return null;
        }
        return (int) integer(o, "class", Integer.MIN_VALUE, Integer.MAX_VALUE);
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
                    + shorten(o.get(key).toString()));
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
                + shorten(value.toString()));
    }

    private static <E extends Enum<E>> E schedule(JsonObject o, String key, Class<E> type) {
        JsonElement value = o.get(key);
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            for (E candidate : type.getEnumConstants()) {
                if (candidate.name().equalsIgnoreCase(value.getAsString())) {
                    return candidate;
                }
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        throw ApiException.badRequest("settings: " + key + ": expected one of " + names + ", found "
                + shorten(value.toString()));
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

    /** Echoed request text, cut short so an error message stays readable. */
    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
