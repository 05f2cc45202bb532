package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.runtime.AppDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private final List<Path> opened = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final EditorHarness<FakeEngine> editor = EditorHarness.showing(settings -> new FakeEngine(1), 4, 1)
            .beforeShow(window -> window.setFolderOpener(opened::add));

    @Test
    void showsTitleMenusToolbarAndStatusBar(FxRobot robot) {
        assertEquals("ARPG Studio", FxToolkit.call(() -> ((Stage) robot.lookup("#menu-bar").query().getScene().getWindow()).getTitle()));
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        assertEquals("_File", bar.getMenus().get(0).getText());
        assertTrue(bar.getMenus().get(0).getItems().stream().map(MenuItem::getId)
                .toList().containsAll(java.util.List.of("menu-open", "menu-export", "menu-quit", "menu-save")));
        assertTrue(robot.lookup("#status-bar").tryQuery().isPresent());
        assertTrue(robot.lookup("#generate-button").tryQuery().isPresent());
        assertTrue(robot.lookup("#class-box").tryQuery().isPresent());
    }

    @Test
    void plainKeysStandInTheMenusKeyColumnAndNeverFireFromThere(FxRobot robot) {
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        for (Menu menu : bar.getMenus()) {
            for (MenuItem item : menu.getItems()) {
                assertFalse(item.getText() != null && item.getText().contains("\t"), "a key typed into the label: " + item.getText());
            }
        }
        MenuItem brush = bar.getMenus().get(2).getItems().get(0);
        assertEquals("B", brush.getAccelerator().getDisplayText(), "the brush's key, in the column of Ctrl+I");
        assertFalse(brush.getAccelerator().match(new KeyEvent(KeyEvent.KEY_PRESSED, "b", "b", KeyCode.B,
                false, false, false, false)), "plain keys go through the window's key handler, not the scene's accelerators");
    }

    @Test
    void helpOpensTheLogFolderCreatingIt(FxRobot robot) throws Exception {
        Path home = editor.dir.resolve("home");
        System.setProperty(AppDirectories.HOME_PROPERTY, home.toString());
        try {
            MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
            MenuItem logFolder = bar.getMenus().get(bar.getMenus().size() - 1).getItems().stream()
                    .filter(item -> ActionId.OPEN_LOG_FOLDER.menuId().equals(item.getId())).findFirst().orElseThrow();
            assertFalse(logFolder.isDisable());
            robot.interact(logFolder::fire);
            Path logs = AppDirectories.under(home).logDir();
            assertEquals(List.of(logs), opened);
            assertTrue(Files.isDirectory(logs));
        } finally {
            System.clearProperty(AppDirectories.HOME_PROPERTY);
        }
    }
}
