package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path dir;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Files.createDirectories(dir);
        EditorViewModel model = new EditorViewModel(new FakeEngine(1), EngineExecutor.create(),
                SettingsStore.open(dir.resolve("prefs.json")));
        new MainWindow(stage, model).show();
    }

    @Test
    void showsTitleMenusToolbarAndStatusBar(FxRobot robot) {
        assertEquals("ARPG Studio", stage.getTitle());
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        assertEquals("_File", bar.getMenus().get(0).getText());
        assertTrue(bar.getMenus().get(0).getItems().stream().map(MenuItem::getId)
                .toList().containsAll(java.util.List.of("menu-open", "menu-export", "menu-quit", "menu-save")));
        assertTrue(robot.lookup("#status-bar").tryQuery().isPresent());
        assertTrue(robot.lookup("#generate-button").tryQuery().isPresent());
        assertTrue(robot.lookup("#class-box").tryQuery().isPresent());
    }
}
