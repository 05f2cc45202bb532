package com.arpgstudio.inference.arpg;

import com.arpgstudio.inference.runtime.Texts;
import com.google.gson.JsonElement;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one reader of {@link SamplingSettings} from JSON, whose keys are the record's field names: a
 * model's recommended settings (config.json's {@value SamplingSettings#CONFIG_KEY}), the settings
 * file's {@code "sampling"} object and {@code arpg serve}'s {@code settings} part. Each value is
 * read strictly (an integer is an integer: {@code 2.5} steps is refused, not rounded; a schedule is
 * one of its names, in any case; the class is an id, or {@code null} or {@code "none"}) and then
 * checked by the record, so all three accept and refuse the same values with the same words.
 */
public final class SamplingJson {

    /** Every key, in the record's order. */
    public static final List<String> KEYS = Arrays.stream(SamplingSettings.class.getRecordComponents())
            .map(c -> c.getName()).toList();

    private SamplingJson() {}

    /**
     * {@code base} with the given values put in, key by key.
     *
     * @param prefix put before a key where a message names it ({@code "sampling."} for an object
     *               inside a file)
     * @throws IllegalArgumentException naming the first key that is not one of {@code keys}, or whose
     *                                  value is of the wrong type or out of its limits
     */
    public static SamplingSettings read(Map<String, JsonElement> given, SamplingSettings base, List<String> keys,
                                        String prefix) {
        SamplingSettings settings = base;
        for (Map.Entry<String, JsonElement> entry : given.entrySet()) {
            String name = "'" + Texts.printable(prefix + entry.getKey()) + "'";
            if (!keys.contains(entry.getKey())) {
                throw new IllegalArgumentException(name + ": expected one of " + keys + ", found this unknown key");
            }
            try {
                settings = with(settings, entry.getKey(), entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " = " + Texts.printable(entry.getValue().toString())
                        + " is not usable (" + e.getMessage() + ")", e);
            }
        }
        return settings;
    }

    /** {@code s} with one value put in; the record checks its limits. */
    private static SamplingSettings with(SamplingSettings s, String key, JsonElement value) {
        return switch (key) {
            case "classId" -> s.withClassId(classId(value));
            case "steps" -> s.withSteps(integer(value));
            case "guidanceScale" -> s.withGuidance(number(value), s.guidanceSchedule());
            case "guidanceSchedule" -> s.withGuidance(s.guidanceScale(), named(value, Guidance.class));
            case "sampleSchedule" -> s.withSampleSchedule(named(value, Schedule.class));
            case "temperature" -> s.withSampling(number(value), s.topK(), s.topP());
            case "topK" -> s.withSampling(s.temperature(), integer(value), s.topP());
            case "topP" -> s.withSampling(s.temperature(), s.topK(), number(value));
            case "detailTemperatureRatio" -> s.withDetailTemperatureRatio(number(value));
            case "seed" -> s.withSeed(whole(value));
            case "variants" -> s.withVariants(integer(value));
            default -> throw new IllegalStateException("no sampling setting " + key);
        };
    }

    private static Integer classId(JsonElement value) {
        if (value.isJsonNull() || value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                && value.getAsString().equalsIgnoreCase("none")) {
            return null;
        }
        return integer(value);
    }

    private static int integer(JsonElement value) {
        long whole = whole(value);
        if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected an integer, found one too large");
        }
        return (int) whole;
    }

    /** An integer: 2.0 is one, 2.5 is not (Gson would read it as 2), nor is "2". */
    private static long whole(JsonElement value) {
        try {
            return decimal(value, "an integer").longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expected an integer");
        }
    }

    private static double number(JsonElement value) {
        return decimal(value, "a number").doubleValue();
    }

    private static BigDecimal decimal(JsonElement value, String expected) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            try {
                return value.getAsBigDecimal();
            } catch (NumberFormatException e) {
                // a lenient parse lets through number-like text such as NaN
            }
        }
        throw new IllegalArgumentException("expected " + expected);
    }

    private static <E extends Enum<E>> E named(JsonElement value, Class<E> type) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            for (E candidate : type.getEnumConstants()) {
                if (candidate.name().equalsIgnoreCase(value.getAsString())) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
