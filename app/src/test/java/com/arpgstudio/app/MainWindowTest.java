package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new MainWindow(stage).show();
    }

    @Test
    void showsTitleAndFileMenu(FxRobot robot) {
        assertEquals("ARPG Studio", stage.getTitle());
        MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        assertEquals("_File", bar.getMenus().get(0).getText());
        assertTrue(bar.getMenus().get(0).getItems().stream().map(MenuItem::getId)
                .toList().containsAll(java.util.List.of("menu-open", "menu-export", "menu-quit")));
        assertTrue(robot.lookup("#status-bar").tryQuery().isPresent());
    }
}
