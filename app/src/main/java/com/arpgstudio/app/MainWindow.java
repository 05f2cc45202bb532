package com.arpgstudio.app;

import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.actions.ActionTargets;
import com.arpgstudio.app.canvas.EditorCanvas;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.canvas.ToolSettings;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.mask.MaskAdjustPane;
import com.arpgstudio.app.reroll.ConfidenceOverlay;
import com.arpgstudio.app.reroll.LayerBrush;
import com.arpgstudio.app.settings.Spinners;
import com.arpgstudio.app.window.CanvasArea;
import com.arpgstudio.app.window.Dialogs;
import com.arpgstudio.app.window.FailureDialogs;
import com.arpgstudio.app.window.FileActions;
import com.arpgstudio.app.window.MainMenu;
import com.arpgstudio.app.window.SidePanel;
import com.arpgstudio.app.window.StatusBar;
import com.arpgstudio.app.window.Toolbar;
import com.arpgstudio.app.window.WindowKeys;
import com.arpgstudio.inference.runtime.AppDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The editor's main window: lays out the menu bar, tool bar, canvas area, side panel and status bar
 * (the components of {@code com.arpgstudio.app.window}), their actions wired to this window's
 * {@link ActionTargets}; it does what only the window can (its dialogs, its theme). State and work
 * live in {@link EditorViewModel}.
 */
public final class MainWindow implements ActionTargets.WindowCommands {

    private static final String STYLESHEET_BASE = "/com/arpgstudio/ui/css/base.css";
    private static final String STYLESHEET_LIGHT = "/com/arpgstudio/ui/css/light.css";
    private static final String STYLESHEET_DARK = "/com/arpgstudio/ui/css/dark.css";
    private static final int[] ICON_SIZES = {16, 32, 48, 64, 128, 256};

    private final Stage stage;
    private final EditorViewModel model;
    private final ToolSettings tools = new ToolSettings();
    private final EditorCanvas canvas;
    private final ConfidenceOverlay confidenceOverlay;
    private final FileActions files;
    private final FailureDialogs failures;
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private Scene scene;
    private Runnable manageModels = () -> { };
    private Consumer<Path> folderOpener;

    public MainWindow(Stage stage, EditorViewModel model) {
        this.stage = stage;
        this.model = model;
        this.files = new FileActions(stage, model);
        this.failures = new FailureDialogs(stage);
        this.canvas = new EditorCanvas(model, tools);
        canvas.setLayerTool(new LayerBrush(model.rerollControls()));
        this.confidenceOverlay = new ConfidenceOverlay(model.variants().tree(), model.rerollControls(),
                model.variants()::resultPlacement, model.generation().generatingProperty());
        canvas.addOverlay(confidenceOverlay);
    }

    public EditorCanvas canvas() {
        return canvas;
    }

    public ToolSettings tools() {
        return tools;
    }

    public Scene scene() {
        return scene;
    }

    /** Where the window's failures are shown (one dialog each, after the welcome when it is open). */
    public FailureDialogs failures() {
        return failures;
    }

    /** What Model > Manage models... and the model pane's button open (set before {@link #show()}). */
    public void setManageModels(Runnable action) {
        this.manageModels = action;
    }

    /**
     * How the desktop opens a folder (the application's {@code HostServices}); until it is set,
     * before {@link #show()}, Help > Open log folder is disabled.
     */
    public void setFolderOpener(Consumer<Path> opener) {
        this.folderOpener = opener;
    }

    public void show() {
        ActionRegistry actions = new ActionRegistry(new ActionTargets(model, files, canvas, tools, this));
        BorderPane root = new BorderPane();
        root.getStyleClass().add("studio-root");
        MainMenu menu = new MainMenu(actions, files, tools, this::chooseTool);
        menu.addAfter(ActionId.SHRINK_MASK, MaskAdjustPane.featherMenu(model.maskAdjustments()));
        root.setTop(new VBox(menu,
                new Toolbar(actions, tools, this::chooseTool, canvas.zoomProperty())));
        root.setCenter(new CanvasArea(model, actions, canvas, confidenceOverlay));
        root.setRight(new SidePanel(model, actions, tools));
        root.setBottom(new StatusBar(model));

        scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(stylesheet(STYLESHEET_BASE));
        darkTheme.set(model.settingsFile().darkTheme());
        applyTheme();
        darkTheme.addListener((obs, was, dark) -> {
            applyTheme();
            model.settingsFile().setDarkTheme(dark);
        });
        WindowKeys.install(scene, model, canvas, actions, this::chooseTool);
        files.acceptDrops(scene);
        model.setFailureHandler(failures);
        model.setLongEditQuestion(edit -> Dialogs.askAboutLongEdit(stage, edit));
        stage.titleProperty().bind(model.history().titleProperty());
        for (int size : ICON_SIZES) {
            var icon = MainWindow.class.getResource("/com/arpgstudio/ui/icons/app-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon.toExternalForm()));
            }
        }
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            files.quit();
        });
        stage.show();
        model.modelStatus().load();
    }

    @Override
    public void commitTypedValues() {
        Spinners.commitFocused(scene);
    }

    @Override
    public void manageModels() {
        manageModels.run();
    }

    @Override
    public void showShortcuts() {
        Dialogs.shortcuts(stage).show();
    }

    @Override
    public ObservableBooleanValue logFolderUnavailable() {
        return new SimpleBooleanProperty(folderOpener == null);
    }

    @Override
    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /** Opens the folder of the log files (created when missing) in the desktop's file manager. */
    @Override
    public void openLogFolder() {
        Path folder = AppDirectories.current().logDir();
        try {
            Files.createDirectories(folder);
            folderOpener.accept(folder);
        } catch (IOException | RuntimeException e) {
            failures.accept(new EditorViewModel.Failure(Messages.text("failure.logFolder.title"),
                    Messages.text("failure.logFolder.text", folder, e.getMessage()), e));
        }
    }

    /** A mask tool, which puts the re-roll and pin brushes down. */
    private void chooseTool(Tool tool) {
        tools.toolProperty().set(tool);
        model.rerollControls().brushProperty().set(null);
    }

    private void applyTheme() {
        scene.getStylesheets().removeAll(stylesheet(STYLESHEET_LIGHT), stylesheet(STYLESHEET_DARK));
        scene.getStylesheets().add(stylesheet(darkTheme.get() ? STYLESHEET_DARK : STYLESHEET_LIGHT));
    }

    private static String stylesheet(String path) {
        return MainWindow.class.getResource(path).toExternalForm();
    }
}
