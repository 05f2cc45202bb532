package com.arpgstudio.app.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionRegistryTest {

    @TempDir
    Path dir;
    private ExecutorService executor;
    private EditorViewModel model;
    /** The commands the actions reached, by name ({@code "files.save"}). */
    private final List<String> reached = new ArrayList<>();
    private final BooleanProperty subtract = new SimpleBooleanProperty();
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final BooleanProperty logFolderUnavailable = new SimpleBooleanProperty();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.start(); // menus make controls (a separator)
    }

    @BeforeEach
    void model() throws Exception {
        executor = EngineExecutor.create();
        model = new EditorViewModel(new FakeEngine(1), executor, SettingsStore.open(dir.resolve("prefs.json")));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Commands of {@code type} that note each call in {@link #reached}; the properties are the fields above. */
    private <T> T recording(Class<T> type, String name) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "subtractProperty": return subtract;
                case "darkThemeProperty": return darkTheme;
                case "logFolderUnavailable": return logFolderUnavailable;
                case "toString": return name;
                default:
                    reached.add(name + "." + method.getName());
                    return null;
            }
        }));
    }

    private ActionTargets targets(EditorViewModel editor) {
        return new ActionTargets(editor, recording(ActionTargets.FileCommands.class, "files"),
                recording(ActionTargets.ViewCommands.class, "view"), recording(ActionTargets.ToolCommands.class, "tools"),
                recording(ActionTargets.WindowCommands.class, "window"));
    }

    private static KeyEvent press(KeyCode code, boolean shortcut) {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, shortcut, false, false);
    }

    @Test
    void oneDeclarationDrivesTheMenuItemTheKeysAndTheDisabledState() {
        ActionRegistry actions = new ActionRegistry(targets(model));
        MenuItem save = actions.menuItem(ActionId.SAVE);
        assertEquals(KeyCombination.valueOf("Shortcut+S"), save.getAccelerator());
        assertEquals("menu-save", save.getId());
        assertTrue(save.isDisable(), "nothing to save without a photo");
        save.fire();
        actions.fire(ActionId.SAVE);
        assertEquals(List.of(), reached, "a disabled action does nothing");

        FxToolkit.run(() -> model.files().openImage(FxToolkit.gradientPhoto(8, 8), "a test photo"));
        assertFalse(save.isDisable());
        save.fire();
        assertEquals(List.of("files.save"), reached);

        MenuItem logFolder = actions.menuItem(ActionId.OPEN_LOG_FOLDER);
        logFolderUnavailable.set(true);
        assertTrue(logFolder.isDisable(), "the disabled state follows the window's condition");

        MenuItem redo = actions.menuItem(ActionId.REDO);
        assertEquals(KeyCombination.valueOf("Shortcut+Shift+Z"), redo.getAccelerator());
        assertTrue(redo.isDisable(), "nothing to redo");
        assertTrue(actions.handleKey(press(KeyCode.Y, true)), "the alternative key is handled by the window");
        assertFalse(actions.handleKey(press(KeyCode.Z, true)), "the first key is the menu's accelerator");
    }

    @Test
    void plainKeysAndTogglesAndMenus() {
        ActionRegistry actions = new ActionRegistry(targets(model));
        assertTrue(actions.handleKey(press(KeyCode.X, false)));
        assertFalse(actions.handleKey(press(KeyCode.X, true)), "Ctrl+X is not X");
        assertTrue(subtract.get(), "X switched the selections to subtract");
        MenuItem reroll = actions.menuItem(ActionId.REROLL);
        assertEquals(ActionId.REROLL.label(), reroll.getText(), "the key is not part of the label");
        assertEquals("R", reroll.getAccelerator().getDisplayText(), "a plain key is shown in the key column");
        assertFalse(reroll.getAccelerator().match(new KeyEvent(KeyEvent.KEY_PRESSED, "r", "r", KeyCode.R,
                false, false, false, false)), "the scene never fires it: typing r into a field stays typing");

        CheckMenuItem check = (CheckMenuItem) actions.menuItem(ActionId.DARK_THEME);
        actions.fire(ActionId.DARK_THEME);
        assertTrue(darkTheme.get() && check.isSelected());
        check.setSelected(false);
        assertFalse(darkTheme.get());
        assertTrue(actions.menuItem(ActionId.COMPARE) instanceof CheckMenuItem, "compare is a toggle too");

        Menu file = actions.menu(ActionId.Menu.FILE);
        assertEquals(6 + 2, file.getItems().size(), "six actions in three sections");
        assertTrue(file.getItems().get(2) instanceof SeparatorMenuItem);
        file.getItems().get(0).getOnAction().handle(new ActionEvent());
        assertEquals(List.of("files.chooseAndOpen"), reached);
    }

    /**
     * Every action does something to its targets: it reaches one of the window's commands, switches
     * a property, or works on the editor (with no editor here, that fails at once).
     */
    @Test
    void everyActionRunsSomething() {
        ActionTargets noEditor = targets(null);
        for (ActionId id : ActionId.values()) {
            reached.clear();
            boolean subtractBefore = subtract.get();
            boolean darkBefore = darkTheme.get();
            boolean usedTheEditor = FxToolkit.call(() -> { // Copy takes the clipboard, on the event thread
                try {
                    id.command().handler().accept(noEditor);
                    return false;
                } catch (NullPointerException e) {
                    return true;
                }
            });
            assertTrue(usedTheEditor || !reached.isEmpty() || subtract.get() != subtractBefore
                    || darkTheme.get() != darkBefore, id + " runs nothing");
        }
    }
}
