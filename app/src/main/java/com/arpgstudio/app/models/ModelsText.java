package com.arpgstudio.app.models;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The models package's user-visible strings, from the UI resource bundle. */
final class ModelsText {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("com.arpgstudio.ui.i18n.messages");

    private ModelsText() {}

    /** The string of that key, with {0}, {1}, ... filled in when arguments are given. */
    static String text(String key, Object... args) {
        String pattern = BUNDLE.getString(key);
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.getDefault()).format(args);
    }
}
