package com.arpgstudio.inference.runtime;

/**
 * Text that came from a file or a server (a tensor or global name, a path, a JSON value, a header,
 * a message quoting one), made safe to print in a terminal or show in a dialog: control characters
 * (C0 with newline and tab, DEL, C1), the invisible characters that reorder or hide text
 * (bidirectional overrides and isolates, zero-width characters, line and paragraph separators) and
 * unpaired surrogates are written as {@code \}{@code uXXXX}, so a file cannot set the terminal's
 * title, clear the screen, start a fake line or reverse what follows. Backslashes stay as they are
 * (Windows paths read as usual). The one place this is decided, for the engine, the command line
 * and the editor.
 */
public final class Texts {

    /** Longer values are cut: a message names a value, it does not reproduce a file. */
    static final int MAX_SHOWN = 200;

    private Texts() {}

    /** A value quoted in a message: escaped, and cut after {@value #MAX_SHOWN} characters. */
    public static String printable(String text) {
        String escaped = escaped(text);
        return escaped.length() <= MAX_SHOWN ? escaped : escaped.substring(0, MAX_SHOWN) + "…";
    }

    /** Whole text (a message, a listed name, a path): escaped, never cut; null as "null". */
    public static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = needsEscape(text, i);
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escape) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@link #escaped(String)} of the value's {@code toString()} (a path, an exception). */
    public static String escaped(Object value) {
        return escaped(String.valueOf(value));
    }

    private static boolean needsEscape(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
