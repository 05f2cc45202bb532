package com.arpgstudio.inference.runtime;

/** Text that came from a file or a server, made safe to print in a terminal or show in a dialog. */
public final class Texts {

    /** Longer values are cut: a message names a value, it does not reproduce a file. */
    static final int MAX_SHOWN = 200;

    private Texts() {}

    /**
     * The text with control characters (terminal escapes, NUL, line breaks, bidirectional
     * overrides) written as {@code \}{@code uXXXX}, and cut after {@value #MAX_SHOWN} characters.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= MAX_SHOWN) {
                return out.append("…").toString();
            }
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
