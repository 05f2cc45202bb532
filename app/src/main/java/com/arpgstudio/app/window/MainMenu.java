package com.arpgstudio.app.window;

import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.actions.KeyHint;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.canvas.ToolSettings;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCodeCombination;

/** The menu bar: every action in its menu, plus File > Open Recent and the mask tools at the top of Mask. */
public final class MainMenu extends MenuBar {

    public MainMenu(ActionRegistry actions, FileActions files, ToolSettings tools, Consumer<Tool> chooseTool) {
        Menu file = actions.menu(ActionId.Menu.FILE);
        file.getItems().add(1, files.recentMenu());
        Menu mask = actions.menu(ActionId.Menu.MASK);
        ToggleGroup group = new ToggleGroup();
        int at = 0;
        for (Tool tool : Tool.values()) {
            RadioMenuItem choose = new RadioMenuItem(tool.title());
            choose.setAccelerator(new KeyHint(new KeyCodeCombination(tool.key())));
            choose.setToggleGroup(group);
            choose.setSelected(tools.toolProperty().get() == tool);
            choose.setOnAction(e -> chooseTool.accept(tool));
            tools.toolProperty().addListener((obs, old, now) -> choose.setSelected(now == tool));
            mask.getItems().add(at++, choose);
        }
        mask.getItems().add(at, new SeparatorMenuItem());
        getMenus().addAll(file, actions.menu(ActionId.Menu.EDIT), mask, actions.menu(ActionId.Menu.VIEW),
                actions.menu(ActionId.Menu.MODEL), actions.menu(ActionId.Menu.HELP));
        setId("menu-bar");
    }

    /** Puts {@code item} (a submenu of settings) right after the action's item in its menu. */
    public void addAfter(ActionId action, MenuItem item) {
        for (Menu menu : getMenus()) {
            for (int i = 0; i < menu.getItems().size(); i++) {
                if (action.menuId().equals(menu.getItems().get(i).getId())) {
                    menu.getItems().add(i + 1, item);
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no menu item for " + action);
    }
}
