package com.arpgstudio.app;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The editor's main window: menu bar, canvas area and status bar. */
public final class MainWindow {

    static final String STYLESHEET_BASE = "/com/arpgstudio/ui/css/base.css";
    static final String STYLESHEET_LIGHT = "/com/arpgstudio/ui/css/light.css";

    private final Stage stage;
    private final ResourceBundle messages = ResourceBundle.getBundle("com.arpgstudio.ui.i18n.messages");

    public MainWindow(Stage stage) {
        this.stage = stage;
    }

    public void show() {
        BorderPane root = new BorderPane();
        root.setTop(menuBar());
        root.setCenter(canvasArea());
        root.setBottom(statusBar());

        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().addAll(stylesheet(STYLESHEET_BASE), stylesheet(STYLESHEET_LIGHT));
        stage.setTitle(messages.getString("app.title"));
        stage.setScene(scene);
        stage.show();
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem(messages.getString("menu.file.open"));
        open.setId("menu-open");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        MenuItem export = new MenuItem(messages.getString("menu.file.export"));
        export.setId("menu-export");
        export.setAccelerator(KeyCombination.keyCombination("Shortcut+E"));
        export.setDisable(true);
        MenuItem quit = new MenuItem(messages.getString("menu.file.quit"));
        quit.setId("menu-quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(event -> Platform.exit());

        Menu file = new Menu(messages.getString("menu.file"), null, open, export, quit);
        file.setId("menu-file");
        MenuBar bar = new MenuBar(file);
        bar.setId("menu-bar");
        return bar;
    }

    private StackPane canvasArea() {
        Label placeholder = new Label(messages.getString("canvas.empty"));
        placeholder.getStyleClass().add("canvas-placeholder");
        StackPane area = new StackPane(placeholder);
        area.setId("canvas-area");
        area.getStyleClass().add("canvas-area");
        return area;
    }

    private HBox statusBar() {
        Label model = new Label(MessageFormat.format(messages.getString("status.model"),
                messages.getString("status.noModel")));
        Label device = new Label(MessageFormat.format(messages.getString("status.device"), "CPU"));
        HBox bar = new HBox(model, device);
        bar.setId("status-bar");
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private static String stylesheet(String path) {
        return MainWindow.class.getResource(path).toExternalForm();
    }
}
