package com.arpgstudio.app.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActionRegistryTest {

    @BeforeAll
    static void toolkit() throws Exception {
        com.arpgstudio.app.FxToolkit.start(); // menus make controls (a separator)
    }

    private static KeyEvent press(KeyCode code, boolean shortcut) {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, shortcut, false, false);
    }

    @Test
    void oneHandlerDrivesTheMenuItemTheKeysAndTheDisabledState() {
        ActionRegistry actions = new ActionRegistry();
        AtomicInteger redone = new AtomicInteger();
        SimpleBooleanProperty nothingToRedo = new SimpleBooleanProperty();
        actions.on(ActionId.REDO, redone::incrementAndGet, nothingToRedo);
        MenuItem item = actions.menuItem(ActionId.REDO);
        assertEquals(KeyCombination.valueOf("Shortcut+Shift+Z"), item.getAccelerator());
        assertEquals("menu-redo", item.getId());
        item.fire();
        assertTrue(actions.handleKey(press(KeyCode.Y, true)), "the alternative key is handled by the window");
        assertFalse(actions.handleKey(press(KeyCode.Z, true)), "the first key is the menu's accelerator");
        assertEquals(2, redone.get());

        nothingToRedo.set(true);
        assertTrue(item.isDisable());
        actions.fire(ActionId.REDO);
        assertEquals(2, redone.get(), "a disabled action does nothing");
        assertThrows(IllegalStateException.class, () -> actions.menuItem(ActionId.UNDO), "an action without a handler");
    }

    @Test
    void plainKeysAndTogglesAndMenus() {
        ActionRegistry actions = new ActionRegistry();
        AtomicInteger rerolls = new AtomicInteger();
        actions.on(ActionId.REROLL, rerolls::incrementAndGet);
        actions.on(ActionId.REROLL_UNSURE, rerolls::incrementAndGet);
        assertTrue(actions.handleKey(press(KeyCode.R, false)));
        assertFalse(actions.handleKey(press(KeyCode.R, true)), "Ctrl+R is not R");
        assertEquals(1, rerolls.get());
        assertTrue(actions.menuItem(ActionId.REROLL).getText().endsWith("\tR"), "a plain key is shown, not an accelerator");
        assertEquals(null, actions.menuItem(ActionId.REROLL).getAccelerator());

        SimpleBooleanProperty dark = new SimpleBooleanProperty();
        actions.toggle(ActionId.DARK_THEME, dark);
        CheckMenuItem check = (CheckMenuItem) actions.menuItem(ActionId.DARK_THEME);
        actions.fire(ActionId.DARK_THEME);
        assertTrue(dark.get() && check.isSelected());
        check.setSelected(false);
        assertFalse(dark.get());

        for (ActionId id : ActionId.values()) {
            if (id.menu() == ActionId.Menu.FILE) {
                actions.on(id, () -> { });
            }
        }
        Menu file = actions.menu(ActionId.Menu.FILE);
        assertEquals(6 + 2, file.getItems().size(), "six actions in three sections");
        assertTrue(file.getItems().get(2) instanceof SeparatorMenuItem);
        file.getItems().get(0).getOnAction().handle(new ActionEvent());
    }
}
