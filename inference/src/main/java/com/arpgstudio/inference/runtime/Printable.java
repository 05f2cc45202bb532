package com.arpgstudio.inference.runtime;

/**
 * Text that came from a file (a tensor or global name, a path, a JSON value, an exception message
 * quoting one), made safe to print on a terminal or show in a window: control characters (C0
 * including newline and tab, DEL, C1) and the invisible characters that reorder or hide text
 * (bidirectional overrides and isolates, zero-width and line separators, unpaired surrogates) are
 * written as {@code \xNN} or {@code \\uNNNN}, so a file cannot set the terminal's title, clear the
 * screen, start a fake line or reverse what follows. Backslashes stay as they are (Windows paths
 * read as usual).
 */
public final class Printable {

    private Printable() {}

    /** The text with every control or invisible character escaped; null as "null". */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escape(text, i);
            if (escaped == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(escaped);
        }
        return out == null ? text : out.toString();
    }

    /** The text of {@link Object#toString()}, escaped. */
    public static String of(Object value) {
        return of(String.valueOf(value));
    }

    private static String escape(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
            return String.format("\\x%02x", (int) c);
        }
        boolean unpaired = Character.isHighSurrogate(c)
                ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
        if (unpaired || isInvisibleFormat(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** Bidirectional controls, zero-width characters, line and paragraph separators, the BOM. */
    private static boolean isInvisibleFormat(char c) {
        return c >= 0x200b && c <= 0x200f || c >= 0x2028 && c <= 0x202e || c >= 0x2060 && c <= 0x206f
                || c == 0xfeff || c == 0x061c || c == 0x00ad;
    }
}
