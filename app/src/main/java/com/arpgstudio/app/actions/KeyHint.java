package com.arpgstudio.app.actions;

import java.util.Objects;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * A plain key (a letter, a bracket) shown in a menu's key column, right-aligned with the Ctrl
 * shortcuts, that the scene never matches: a plain key runs through
 * {@link ActionRegistry#handleKey}, which the window skips while a text field has the focus, so
 * typing "b" into a field never switches to the brush. A real accelerator would fire there.
 * Used by the actions' menu items and the tools' ({@link com.arpgstudio.app.window.MainMenu}).
 */
public final class KeyHint extends KeyCombination {

    private final KeyCombination key;

    public KeyHint(KeyCombination key) {
        this.key = Objects.requireNonNull(key);
    }

    /** Never: the key is only shown. */
    @Override
    public boolean match(KeyEvent event) {
        return false;
    }

    @Override
    public String getDisplayText() {
        return key.getDisplayText();
    }

    @Override
    public String getName() {
        return key.getName();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyHint hint && hint.key.equals(key);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + 1;
    }
}
