package com.arpgstudio.app.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The user-visible texts of the editor: the resource bundle {@code com.arpgstudio.ui.i18n.messages}. */
public final class Messages {

    public static final String BUNDLE = "com.arpgstudio.ui.i18n.messages";

    private Messages() {}

    public static ResourceBundle bundle() {
        return ResourceBundle.getBundle(BUNDLE);
    }

    /**
     * The text of {@code key} as a {@link MessageFormat} pattern, {@code {0}}, {@code {1}}...
     * replaced by {@code arguments} (a plain apostrophe quotes in a pattern: texts use ’).
     */
    public static String text(String key, Object... arguments) {
        return new MessageFormat(bundle().getString(key), Locale.getDefault()).format(arguments);
    }
}
