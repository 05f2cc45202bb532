package com.arpgstudio.app.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.canvas.Tool;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.Test;

class ActionIdTest {

    @Test
    void everyActionHasItsTextsAndNoKeyDoesTwoThings() {
        Map<String, String> owners = new HashMap<>();
        for (ActionId id : ActionId.values()) {
            assertFalse(id.label().isBlank(), id + " label");
            assertFalse(id.help().isBlank(), id + " help");
            for (KeyCombination key : id.keys()) {
                String previous = owners.put(key.getName(), id.name());
                assertEquals(null, previous, key.getName() + " is " + previous + " and " + id);
            }
        }
        for (Tool tool : Tool.values()) {
            String previous = owners.put(tool.key().getName(), tool.name());
            assertEquals(null, previous, tool.key().getName() + " is " + previous + " and the tool " + tool);
        }
    }

    @Test
    void plainKeysAreThoseWithoutModifiersThatTypeACharacter() {
        assertTrue(ActionId.plain(ActionId.REROLL.keys()[0]));
        assertTrue(ActionId.plain(ActionId.ZOOM_IN.keys()[1]), "Shift ignored, no modifier pressed");
        assertFalse(ActionId.plain(ActionId.OPEN.keys()[0]));
        assertFalse(ActionId.plain(ActionId.SHORTCUTS.keys()[0]), "F1 is an accelerator");
        assertEquals("", ActionId.CANCEL.keysText());
        assertTrue(ActionId.REDO.keysText().contains(" / "), ActionId.REDO.keysText());
        assertEquals("menu-save-as", ActionId.SAVE_AS.menuId());
        assertEquals("Mask > Save mask as PNG\u2026", ActionId.SAVE_MASK.menuPath());
    }

    @Test
    void theShortcutListHasEveryKeyedActionToolAndGesture() {
        long keyed = java.util.Arrays.stream(ActionId.values()).filter(id -> id.keys().length > 0).count();
        assertEquals(keyed + Tool.values().length + Gesture.values().length, Shortcuts.all().size());
        assertTrue(Shortcuts.all().stream().anyMatch(s -> s.keys().equals("B") && s.action().equals(Tool.BRUSH.title())));
    }
}
