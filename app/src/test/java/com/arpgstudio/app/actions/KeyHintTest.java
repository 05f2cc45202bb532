package com.arpgstudio.app.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;

class KeyHintTest {

    @Test
    void showsTheKeyAndMatchesNoEvent() {
        KeyHint brush = new KeyHint(KeyCombination.valueOf("B"));
        assertEquals("B", brush.getDisplayText());
        assertFalse(brush.match(new KeyEvent(KeyEvent.KEY_PRESSED, "b", "b", KeyCode.B, false, false, false, false)));
        assertEquals("]", new KeyHint(KeyCombination.valueOf("]")).getDisplayText());
    }

    @Test
    void twoHintsAreEqualOnlyForTheSameKey() {
        // the scene keeps accelerators in a map: hints of different keys must not replace each other
        assertEquals(new KeyHint(KeyCombination.valueOf("B")), new KeyHint(KeyCombination.valueOf("B")));
        assertNotEquals(new KeyHint(KeyCombination.valueOf("B")), new KeyHint(KeyCombination.valueOf("E")));
        assertNotEquals(KeyCombination.valueOf("B"), new KeyHint(KeyCombination.valueOf("B")));
    }
}
