package com.arpgstudio.inference.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Damaged versions of a user file for the fuzz tests: truncations, flipped bits and huge numbers
 * written over the bytes, aimed mostly at where a format keeps its structure (a safetensors JSON
 * header, a zip's local headers and central directory, the pickle entry, PNG chunk headers, JPEG
 * marker segments), and JSON with absurd numbers, swapped value types, broken punctuation or deep
 * nesting. Every mutation is described, so a failing case can be told from the test's message.
 */
public final class Mutations {

    /** A damaged file and what was done to it. */
    public record Mutant(byte[] bytes, String description) {}

    private static final long[] HUGE = {0xffffffffL, 0x7fffffffL, 0x80000000L, 0xffffL, 0, -1L, Long.MAX_VALUE, 1L << 40};
    private static final String[] ABSURD_NUMBERS = {"99999999999999999999", "-1", "0", "9223372036854775807",
            "4294967296", "2147483648", "1e3", "2.5", "-0", "1e309", "NaN", "1e-320"};
    private static final String[] OTHER_VALUES = {"null", "\"\"", "\"x\"", "[]", "{}", "true", "[1,[2]]",
            "{\"a\":{}}", "\"\\u0000\"", "\"" + "\\\\".repeat(3) + "\"", "\"/dev/null\"", "-1", "1e309"};
    private static final Pattern JSON_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern JSON_VALUE = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false|null");
    private static final String PUNCTUATION = "{}[],:\"";

    private Mutations() {}

    /**
     * One byte-level change at {@code at}: the file cut there, 1 to 8 bytes with a bit flipped, or
     * a huge 4- or 8-byte little-endian number written over it.
     */
    public static Mutant at(byte[] original, int at, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                return new Mutant(Arrays.copyOf(original, at), "truncate at " + at);
            }
            case 1 -> {
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n && at + k < bytes.length; k++) {
                    bytes[at + k] ^= (byte) (1 << random.nextInt(8));
                }
                return new Mutant(bytes, "flip " + n + " bytes at " + at);
            }
            default -> {
                long value = HUGE[random.nextInt(HUGE.length)];
                int width = random.nextBoolean() ? 4 : 8;
                for (int k = 0; k < width && at + k < bytes.length; k++) {
                    bytes[at + k] = (byte) (value >>> (8 * k));
                }
                return new Mutant(bytes, "write " + Long.toHexString(value) + " (" + width + " bytes) at " + at);
            }
        }
    }

    /** A byte-level change anywhere in the file. */
    public static Mutant anywhere(byte[] original, Random random) {
        return at(original, random.nextInt(Math.max(1, original.length)), random);
    }

    /**
     * A checkpoint of any format StateDict reads: a safetensors file (8-byte header length, JSON
     * header), a PyTorch zip archive, or a legacy pickle file, told apart by their first bytes.
     */
    public static Mutant checkpoint(byte[] original, Random random) {
        if (isSafetensors(original)) {
            return safetensors(original, random);
        }
        List<Integer> localHeaders = new ArrayList<>();
        int directory = original.length;
        for (int i = 0; i + 4 <= original.length; i++) {
            if (original[i] == 'P' && original[i + 1] == 'K') {
                if (original[i + 2] == 3 && original[i + 3] == 4) {
                    localHeaders.add(i);
                } else if (original[i + 2] == 1 && original[i + 3] == 2 && directory == original.length) {
                    directory = i;
                }
            }
        }
        if (localHeaders.isEmpty()) { // a legacy file: pickles, then raw storages
            return anywhere(original, random);
        }
        // the first entry is data.pkl, which torch.save writes first
        int firstEntryEnd = localHeaders.size() > 1 ? localHeaders.get(1) : original.length;
        int at = switch (random.nextInt(20)) {
            case 0 -> random.nextInt(original.length);
            case 1, 2, 3, 4 -> Math.min(original.length - 1,
                    localHeaders.get(random.nextInt(localHeaders.size())) + random.nextInt(100));
            case 5, 6, 7, 8, 9, 10, 11 -> directory + random.nextInt(original.length - directory);
            default -> random.nextInt(firstEntryEnd);
        };
        return at(original, at, random);
    }

    private static boolean isSafetensors(byte[] bytes) {
        if (bytes.length < 9) {
            return false;
        }
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength > 0 && headerLength <= bytes.length - 8 && bytes[8] == '{';
    }

    /** Aimed at the length and the JSON header; a quarter rewrite one number of the header (a shape or an offset). */
    private static Mutant safetensors(byte[] original, Random random) {
        int headerLength = (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (random.nextInt(4) == 0) {
            String header = new String(original, 8, headerLength, StandardCharsets.UTF_8);
            Mutant json = replaceNumber(header, random);
            byte[] text = json.bytes();
            int dataLength = original.length - 8 - headerLength;
            boolean keepLength = random.nextInt(4) == 0; // else the length field follows the new header
            ByteBuffer out = ByteBuffer.allocate(8 + text.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
            out.putLong(keepLength ? headerLength : text.length).put(text).put(original, 8 + headerLength, dataLength);
            return new Mutant(out.array(), "header: " + json.description() + (keepLength ? ", old length kept" : ""));
        }
        int at = switch (random.nextInt(10)) {
            case 0 -> random.nextInt(original.length);
            case 1 -> random.nextInt(8);
            default -> random.nextInt(8 + headerLength);
        };
        return at(original, at, random);
    }

    /**
     * A JSON document: a number made absurd or shifted, a value replaced by one of another type, a
     * punctuation mark dropped or doubled, deep nesting, the text cut short, or a byte-level change
     * (which may leave invalid UTF-8).
     */
    public static Mutant json(byte[] original, Random random) {
        String text = new String(original, StandardCharsets.UTF_8);
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> replaceNumber(text, random);
            case 3, 4 -> replaceValue(text, random);
            case 5 -> punctuation(text, random);
            case 6 -> nest(text, random);
            case 7 -> new Mutant(Arrays.copyOf(original, random.nextInt(original.length)), "truncate");
            default -> anywhere(original, random);
        };
    }

    private static Mutant replaceNumber(String text, Random random) {
        List<int[]> numbers = matches(JSON_NUMBER, text);
        if (numbers.isEmpty()) {
            return replaceValue(text, random);
        }
        int[] pick = numbers.get(random.nextInt(numbers.size()));
        String found = text.substring(pick[0], pick[1]);
        String replacement;
        if (random.nextBoolean()) {
            replacement = ABSURD_NUMBERS[random.nextInt(ABSURD_NUMBERS.length)];
        } else {
            double value = Double.parseDouble(found);
            long shifted = (long) value + random.nextInt(9) - 4;
            replacement = random.nextBoolean() ? Long.toString(shifted) : Long.toString((long) (value * (2 + random.nextInt(1000))));
        }
        return splice(text, pick, replacement, "number " + found + " at " + pick[0] + " -> " + replacement);
    }

    private static Mutant replaceValue(String text, Random random) {
        List<int[]> values = matches(JSON_VALUE, text);
        if (values.isEmpty()) {
            return punctuation(text, random);
        }
        int[] pick = values.get(random.nextInt(values.size()));
        String replacement = OTHER_VALUES[random.nextInt(OTHER_VALUES.length)];
        return splice(text, pick, replacement, "value " + abbreviate(text.substring(pick[0], pick[1])) + " at " + pick[0]
                + " -> " + replacement);
    }

    private static Mutant punctuation(String text, Random random) {
        List<Integer> marks = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (PUNCTUATION.indexOf(text.charAt(i)) >= 0) {
                marks.add(i);
            }
        }
        if (marks.isEmpty()) {
            return new Mutant(text.getBytes(StandardCharsets.UTF_8), "unchanged (no punctuation)");
        }
        int at = marks.get(random.nextInt(marks.size()));
        boolean drop = random.nextBoolean();
        String changed = text.substring(0, at) + (drop ? "" : text.substring(at, at + 1)) + text.substring(at);
        return new Mutant(changed.getBytes(StandardCharsets.UTF_8), (drop ? "drop " : "double ") + text.charAt(at) + " at " + at);
    }

    /** A value replaced by thousands of nested arrays (a stack-depth attack on a recursive reader). */
    private static Mutant nest(String text, Random random) {
        List<int[]> values = matches(JSON_VALUE, text);
        if (values.isEmpty()) {
            return punctuation(text, random);
        }
        int[] pick = values.get(random.nextInt(values.size()));
        int depth = 1000 + random.nextInt(20_000);
        return splice(text, pick, "[".repeat(depth) + "]".repeat(depth), depth + " nested arrays at " + pick[0]);
    }

    private static List<int[]> matches(Pattern pattern, String text) {
        List<int[]> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new int[] {m.start(), m.end()});
        }
        return found;
    }

    private static Mutant splice(String text, int[] range, String replacement, String description) {
        String changed = text.substring(0, range[0]) + replacement + text.substring(range[1]);
        return new Mutant(changed.getBytes(StandardCharsets.UTF_8), description);
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 21) + "...";
    }

    /**
     * A PNG: mostly at a chunk's length, type or first data bytes (IHDR's size, bit depth and colour
     * type, a text chunk's keyword and flags, IDAT's zlib header), else anywhere. Java's reader does
     * not check chunk CRCs, so every change reaches the parser.
     */
    public static Mutant png(byte[] original, Random random) {
        List<Integer> chunks = new ArrayList<>();
        for (int at = 8; at + 8 <= original.length; ) {
            chunks.add(at);
            long length = ByteBuffer.wrap(original, at, 4).getInt() & 0xffffffffL;
            at += (int) Math.min(Integer.MAX_VALUE - at, 12 + length);
        }
        if (chunks.isEmpty() || random.nextInt(5) == 0) {
            return anywhere(original, random);
        }
        int chunk = chunks.get(random.nextInt(chunks.size()));
        return at(original, Math.min(original.length - 1, chunk + random.nextInt(24)), random);
    }

    /** A JPEG: mostly within a marker segment's first bytes (SOF sizes and components, DHT, DQT, SOS), else anywhere. */
    public static Mutant jpeg(byte[] original, Random random) {
        List<Integer> markers = new ArrayList<>();
        for (int i = 0; i + 1 < original.length; i++) {
            int next = original[i + 1] & 0xff;
            if ((original[i] & 0xff) == 0xff && next != 0 && next != 0xff) {
                markers.add(i);
            }
        }
        if (markers.isEmpty() || random.nextInt(5) == 0) {
            return anywhere(original, random);
        }
        int marker = markers.get(random.nextInt(markers.size()));
        return at(original, Math.min(original.length - 1, marker + random.nextInt(20)), random);
    }
}
