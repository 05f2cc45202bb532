package com.arpgstudio.app;

import com.arpgstudio.app.canvas.EditorCanvas;
import com.arpgstudio.app.canvas.OutpaintFrame;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.canvas.ToolSettings;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.RasterImages;
import com.arpgstudio.app.reroll.ConfidenceOverlay;
import com.arpgstudio.app.reroll.LayerBrush;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.RerollPane;
import com.arpgstudio.app.settings.SettingsPanel;
import com.arpgstudio.app.settings.Spinners;
import com.arpgstudio.inference.runtime.UserJson;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The editor's main window: menus, tool bar, canvas with its progress pill and variant strip, the
 * settings side panel and the status bar. It only lays out and forwards: state and work live in
 * {@link EditorViewModel}.
 */
public final class MainWindow {

    static final String STYLESHEET_BASE = "/com/arpgstudio/ui/css/base.css";
    static final String STYLESHEET_LIGHT = "/com/arpgstudio/ui/css/light.css";
    static final String STYLESHEET_DARK = "/com/arpgstudio/ui/css/dark.css";

    private static final int THUMBNAIL_SIDE = 96;

    private final Stage stage;
    private final EditorViewModel model;
    private final ToolSettings tools = new ToolSettings();
    private final ResourceBundle messages = ResourceBundle.getBundle("com.arpgstudio.ui.i18n.messages");
    private final EditorCanvas canvas;
    private final ConfidenceOverlay confidenceOverlay;
    private Scene scene;
    private final CheckMenuItem darkTheme = new CheckMenuItem("_Dark theme");
    private Runnable manageModels = () -> { };

    public MainWindow(Stage stage, EditorViewModel model) {
        this.stage = stage;
        this.model = model;
        this.canvas = new EditorCanvas(model, tools);
        canvas.setLayerTool(new LayerBrush(model.rerollControls()));
        this.confidenceOverlay = new ConfidenceOverlay(model.variantTree(), model.rerollControls(),
                model::resultPlacement, model.generatingProperty());
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

    /** What Model > Manage models... and the model pane's button open (set before {@link #show()}). */
    public void setManageModels(Runnable action) {
        this.manageModels = action;
    }

    public void show() {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("studio-root");
        root.setTop(new VBox(menuBar(), toolBar()));
        root.setCenter(canvasArea());
        root.setRight(sidePanel());
        root.setBottom(statusBar());

        scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(stylesheet(STYLESHEET_BASE));
        darkTheme.setSelected(model.darkTheme());
        applyTheme();
        darkTheme.selectedProperty().addListener((obs, was, dark) -> {
            applyTheme();
            model.setDarkTheme(dark);
        });
        installKeys();
        installDragAndDrop();
        model.setFailureHandler(failure -> Dialogs.failure(stage, failure).show());
        model.setLongEditQuestion(edit -> Dialogs.askAboutLongEdit(stage, edit));
        stage.titleProperty().bind(model.titleProperty());
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var icon = MainWindow.class.getResource("/com/arpgstudio/ui/icons/app-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
            }
        }
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            whenSafeToDiscard(this::quit);
        });
        stage.show();
        model.loadModel();
    }

    private void applyTheme() {
        scene.getStylesheets().removeAll(stylesheet(STYLESHEET_LIGHT), stylesheet(STYLESHEET_DARK));
        scene.getStylesheets().add(stylesheet(darkTheme.isSelected() ? STYLESHEET_DARK : STYLESHEET_LIGHT));
    }

    // ---- menus ---------------------------------------------------------------------------------

    private MenuBar menuBar() {
        MenuItem open = item(messages.getString("menu.file.open"), "menu-open", "Shortcut+O", this::chooseAndOpen);
        Menu recent = new Menu("Open _Recent");
        recent.setId("menu-recent");
        rebuildRecent(recent);
        model.recentFiles().addListener((javafx.collections.ListChangeListener<String>) c -> rebuildRecent(recent));
        MenuItem paste = item("_Paste image", "menu-paste", "Shortcut+V", this::paste);
        MenuItem save = item("_Save", "menu-save", "Shortcut+S", this::save);
        MenuItem saveAs = item("Save _As…", "menu-save-as", "Shortcut+Shift+S", this::saveAs);
        MenuItem export = item(messages.getString("menu.file.export"), "menu-export", "Shortcut+E", this::export);
        MenuItem quit = item(messages.getString("menu.file.quit"), "menu-quit", "Shortcut+Q",
                () -> whenSafeToDiscard(this::quit));
        var noDocument = model.documentProperty().isNull();
        save.disableProperty().bind(noDocument);
        saveAs.disableProperty().bind(noDocument);
        export.disableProperty().bind(noDocument);
        Menu file = new Menu(messages.getString("menu.file"), null, open, recent, paste, new SeparatorMenuItem(),
                save, saveAs, export, new SeparatorMenuItem(), quit);
        file.setId("menu-file");

        MenuItem undo = item("_Undo", "menu-undo", "Shortcut+Z", model::undo);
        undo.disableProperty().bind(model.canUndoProperty().not());
        MenuItem redo = item("_Redo", "menu-redo", "Shortcut+Shift+Z", model::redo);
        redo.disableProperty().bind(model.canRedoProperty().not());
        MenuItem redoY = item("Redo (alternative)", "menu-redo-y", "Shortcut+Y", model::redo);
        redoY.setVisible(false);
        MenuItem generate = item("_Generate", "menu-generate", "Shortcut+Enter", this::generate);
        MenuItem expand = item("E_xpand 2x", "menu-expand", "Shortcut+Shift+X", this::expand);
        MenuItem cancel = item("_Cancel generation", "menu-cancel", null, model::cancel);
        cancel.disableProperty().bind(model.generatingProperty().not());
        MenuItem reroll = item(messages.getString("menu.edit.reroll"), "menu-reroll", null, () -> model.reroll(false));
        MenuItem rerollUnsure = item(messages.getString("menu.edit.rerollUnsure"), "menu-reroll-unsure", null,
                () -> model.reroll(true));
        reroll.disableProperty().bind(model.generatingProperty().or(model.documentProperty().isNull()));
        rerollUnsure.disableProperty().bind(reroll.disableProperty());
        Menu edit = new Menu("_Edit", null, undo, redo, redoY, new SeparatorMenuItem(), generate, expand, cancel,
                new SeparatorMenuItem(), reroll, rerollUnsure);

        ToggleGroup toolGroup = new ToggleGroup();
        Menu mask = new Menu("_Mask");
        for (Tool tool : Tool.values()) {
            RadioMenuItem choose = new RadioMenuItem(tool.title() + "\t" + tool.key());
            choose.setToggleGroup(toolGroup);
            choose.setSelected(tools.toolProperty().get() == tool);
            choose.setOnAction(e -> chooseTool(tool));
            tools.toolProperty().addListener((obs, old, now) -> choose.setSelected(now == tool));
            mask.getItems().add(choose);
        }
        mask.getItems().addAll(new SeparatorMenuItem(),
                item("_Invert mask", "menu-invert", "Shortcut+I", model::invertMask),
                item("_Clear mask", "menu-clear", "Shortcut+D", model::clearMask),
                new SeparatorMenuItem(),
                item("_Save mask as PNG…", "menu-save-mask", null, this::saveMask),
                item("_Load mask from PNG…", "menu-load-mask", null, this::loadMask));

        CheckMenuItem compare = new CheckMenuItem("_Compare with before the last edit\t\\");
        compare.selectedProperty().bindBidirectional(model.compareProperty());
        CheckMenuItem confidence = new CheckMenuItem(messages.getString("menu.view.confidence"));
        confidence.setId("menu-confidence");
        confidence.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+C"));
        confidence.selectedProperty().bindBidirectional(model.rerollControls().showConfidenceProperty());
        Menu view = new Menu("_View", null,
                item("Zoom _in\t+", "menu-zoom-in", null, canvas::zoomIn),
                item("Zoom _out\t-", "menu-zoom-out", null, canvas::zoomOut),
                item("_Fit", "menu-fit", "Shortcut+0", canvas::fit),
                item("_Actual size (100%)", "menu-actual", "Shortcut+1", canvas::actualSize),
                new SeparatorMenuItem(), compare, confidence, darkTheme);
        darkTheme.setAccelerator(KeyCombination.keyCombination("Shortcut+T"));

        Menu help = new Menu("_Help", null,
                item("_Keyboard shortcuts", "menu-shortcuts", "F1", this::showShortcuts));
        Menu models = new Menu(messages.getString("menu.model"), null,
                item(messages.getString("menu.model.manage"), "menu-manage-models", null, () -> manageModels.run()));
        MenuBar bar = new MenuBar(file, edit, mask, view, models, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void rebuildRecent(Menu recent) {
        recent.getItems().clear();
        for (String path : model.recentFiles()) {
            MenuItem entry = new MenuItem(path);
            entry.setMnemonicParsing(false);
            entry.setOnAction(e -> whenSafeToDiscard(() -> model.open(Path.of(path))));
            recent.getItems().add(entry);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    private static MenuItem item(String text, String id, String accelerator, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    // ---- tool bar ------------------------------------------------------------------------------

    private ToolBar toolBar() {
        Button open = iconButton("mdi2f-folder-open", "Open an image (Ctrl+O)", "open-button", this::chooseAndOpen);
        Button save = iconButton("mdi2c-content-save", "Save (Ctrl+S)", "save-button", this::save);
        Button export = iconButton("mdi2e-export", "Export PNG (Ctrl+E)", "export-button", this::export);
        Button undo = iconButton("mdi2u-undo", "Undo (Ctrl+Z)", "undo-button", model::undo);
        undo.disableProperty().bind(model.canUndoProperty().not().or(model.generatingProperty()));
        Button redo = iconButton("mdi2r-redo", "Redo (Ctrl+Shift+Z)", "redo-button", model::redo);
        redo.disableProperty().bind(model.canRedoProperty().not().or(model.generatingProperty()));

        ToggleGroup group = new ToggleGroup();
        HBox toolButtons = new HBox(2);
        for (Tool tool : Tool.values()) {
            ToggleButton button = new ToggleButton(null, new FontIcon(toolIcon(tool)));
            button.setId("tool-" + tool.name().toLowerCase(Locale.ROOT));
            button.setTooltip(new Tooltip(tool.title() + " (" + tool.key() + ")"));
            button.setToggleGroup(group);
            button.setSelected(tools.toolProperty().get() == tool);
            button.setOnAction(e -> {
                chooseTool(tool);
                button.setSelected(true);
            });
            tools.toolProperty().addListener((obs, old, now) -> button.setSelected(now == tool));
            toolButtons.getChildren().add(button);
        }
        Slider brush = new Slider(ToolSettings.MIN_BRUSH, 400, tools.brushSizeProperty().get());
        brush.setId("brush-size");
        brush.setPrefWidth(120);
        brush.valueProperty().bindBidirectional(tools.brushSizeProperty());
        brush.setTooltip(new Tooltip("Brush size in image pixels ([ and ], or Alt+wheel)"));
        Label brushLabel = new Label();
        brushLabel.getStyleClass().add("toolbar-value");
        brushLabel.setMinWidth(48);
        brushLabel.textProperty().bind(Bindings.format("%.0f px", tools.brushSizeProperty()));

        Button zoomOut = iconButton("mdi2m-magnify-minus-outline", "Zoom out (-)", "zoom-out-button", canvas::zoomOut);
        Button zoomIn = iconButton("mdi2m-magnify-plus-outline", "Zoom in (+)", "zoom-in-button", canvas::zoomIn);
        Button fit = iconButton("mdi2f-fit-to-screen-outline", "Fit (Ctrl+0)", "fit-button", canvas::fit);
        Button actual = iconButton("mdi2n-numeric-1-box-outline", "Actual size (Ctrl+1)", "actual-size-button",
                canvas::actualSize);
        Label zoomLabel = new Label();
        zoomLabel.getStyleClass().add("toolbar-value");
        zoomLabel.setMinWidth(48);
        zoomLabel.textProperty().bind(Bindings.createStringBinding(
                () -> Math.round(canvas.zoomProperty().get() * 100) + "%", canvas.zoomProperty()));
        ToggleButton compare = new ToggleButton(null, new FontIcon("mdi2c-compare"));
        compare.setId("compare-toggle");
        compare.setTooltip(new Tooltip("Compare with the image before the last edit (hold \\)"));
        compare.selectedProperty().bindBidirectional(model.compareProperty());

        Button generate = new Button("Generate", new FontIcon("mdi2a-auto-fix"));
        generate.setId("toolbar-generate");
        generate.getStyleClass().add("accent-button");
        generate.setTooltip(new Tooltip("Fill the mask or the outpaint area (Ctrl+Enter)"));
        generate.setOnAction(e -> generate());
        generate.disableProperty().bind(model.generatingProperty().or(model.documentProperty().isNull()));
        Button expand = new Button("Expand 2x", new FontIcon("mdi2a-arrow-expand-all"));
        expand.setId("expand-button");
        expand.setTooltip(new Tooltip("Double the resolution with new detail (Ctrl+Shift+X)"));
        expand.setOnAction(e -> expand());
        expand.disableProperty().bind(generate.disableProperty());
        Button theme = iconButton("mdi2t-theme-light-dark", "Light / dark theme (Ctrl+T)", "theme-button",
                () -> darkTheme.setSelected(!darkTheme.isSelected()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        ToolBar bar = new ToolBar(open, save, export, separator(), undo, redo, separator(), toolButtons, brush,
                brushLabel, separator(), zoomOut, zoomIn, fit, actual, zoomLabel, compare, separator(), generate,
                expand, spacer, theme);
        bar.setId("tool-bar");
        bar.getStyleClass().add("studio-toolbar");
        // Clicking a tool bar control leaves the keyboard focus where it was (the canvas: Space pans).
        bar.getItems().forEach(MainWindow::keepFocusAway);
        toolButtons.getChildren().forEach(MainWindow::keepFocusAway);
        return bar;
    }

    /** A mask tool, which puts the re-roll and pin brushes down. */
    private void chooseTool(Tool tool) {
        tools.toolProperty().set(tool);
        model.rerollControls().brushProperty().set(null);
    }

    private static void keepFocusAway(Node node) {
        node.setFocusTraversable(false);
    }

    private static String toolIcon(Tool tool) {
        return switch (tool) {
            case BRUSH -> "mdi2b-brush";
            case ERASER -> "mdi2e-eraser";
            case RECTANGLE -> "mdi2s-selection-drag";
            case LASSO -> "mdi2l-lasso";
        };
    }

    private static Node separator() {
        Region separator = new Region();
        separator.getStyleClass().add("toolbar-separator");
        return separator;
    }

    private static Button iconButton(String icon, String tooltip, String id, Runnable action) {
        Button button = new Button(null, new FontIcon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        button.setOnAction(e -> action.run());
        button.getStyleClass().add("icon-button");
        return button;
    }

    // ---- canvas area ---------------------------------------------------------------------------

    private VBox canvasArea() {
        Label placeholder = new Label(messages.getString("canvas.empty"), new FontIcon("mdi2i-image-filter-center-focus"));
        placeholder.getStyleClass().add("canvas-placeholder");
        placeholder.setContentDisplay(javafx.scene.control.ContentDisplay.TOP);
        placeholder.visibleProperty().bind(model.documentProperty().isNull());
        placeholder.setMouseTransparent(true);

        ProgressBar bar = new ProgressBar();
        bar.setId("generation-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(model.progressProperty());
        Label step = new Label();
        step.setId("generation-step");
        step.textProperty().bind(model.progressTextProperty());
        step.setMinWidth(Region.USE_PREF_SIZE);
        Button cancel = new Button("Cancel", new FontIcon("mdi2c-close-circle-outline"));
        cancel.setId("cancel-button");
        cancel.setTooltip(new Tooltip("Stop now; the image stays as it was (Esc)"));
        cancel.setOnAction(e -> model.cancel());
        HBox pill = new HBox(10, bar, step, cancel);
        pill.setId("progress-pill");
        pill.getStyleClass().add("floating-pill");
        pill.setAlignment(Pos.CENTER_LEFT);
        pill.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        pill.visibleProperty().bind(model.generatingProperty());
        StackPane.setAlignment(pill, Pos.TOP_CENTER);
        StackPane.setMargin(pill, new Insets(12));

        StackPane view = new StackPane(canvas, confidenceOverlay, placeholder, pill);
        VBox.setVgrow(view, Priority.ALWAYS);
        // The strip is docked under the canvas, not over it: the view shrinks (and re-fits) instead.
        Node strip = variantStrip();
        VBox area = new VBox(view, strip);
        area.setAlignment(Pos.TOP_CENTER);
        area.setId("canvas-area");
        area.getStyleClass().add("canvas-area");
        return area;
    }

    private Node variantStrip() {
        HBox thumbs = new HBox(8);
        thumbs.setAlignment(Pos.CENTER_LEFT);
        ToggleGroup group = new ToggleGroup();
        Button apply = new Button("Apply", new FontIcon("mdi2c-check"));
        apply.setId("apply-variant");
        apply.getStyleClass().add("accent-button");
        apply.setTooltip(new Tooltip("Apply the chosen variant as one undoable edit (Enter)"));
        apply.setOnAction(e -> model.applyVariant());
        Button discard = new Button("Discard", new FontIcon("mdi2c-close"));
        discard.setId("discard-variants");
        discard.setTooltip(new Tooltip("Keep the image as it was (Esc)"));
        discard.setOnAction(e -> model.discardVariants());
        // Taking no focus: when the strip goes, the focus would move to the side panel and scroll it to the top.
        apply.setFocusTraversable(false);
        discard.setFocusTraversable(false);
        VBox actions = new VBox(6, apply, discard);
        actions.setAlignment(Pos.CENTER);
        HBox strip = new HBox(12, thumbs, actions);
        strip.setId("variant-strip");
        strip.getStyleClass().add("floating-pill");
        strip.setAlignment(Pos.CENTER);
        strip.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        strip.visibleProperty().bind(Bindings.isNotEmpty(model.variants()));
        strip.managedProperty().bind(strip.visibleProperty());
        VBox.setMargin(strip, new Insets(8, 12, 8, 12));
        model.variants().addListener((javafx.collections.ListChangeListener<Raster>) c -> {
            thumbs.getChildren().clear();
            group.getToggles().clear();
            for (int i = 0; i < model.variants().size(); i++) {
                int index = i;
                ImageView view = new ImageView();
                Raster variant = model.variants().get(i);
                Rect area = model.variantAreaProperty().get();
                // Scaling a full-size variant down is pixel work: done off the FX thread, shown when ready.
                CompletableFuture.supplyAsync(() -> RasterImages.thumbnail(variant, area, THUMBNAIL_SIDE))
                        .thenAcceptAsync(view::setImage, Platform::runLater);
                ToggleButton choose = new ToggleButton(String.valueOf(i + 1), view);
                choose.setId("variant-" + i);
                choose.getStyleClass().add("variant-thumb");
                choose.setContentDisplay(javafx.scene.control.ContentDisplay.TOP);
                choose.setFocusTraversable(false);
                choose.setToggleGroup(group);
                choose.setSelected(model.selectedVariantProperty().get() == i);
                choose.setOnAction(e -> {
                    model.chooseVariant(index);
                    choose.setSelected(true);
                });
                thumbs.getChildren().add(choose);
            }
        });
        model.selectedVariantProperty().addListener((obs, old, index) -> {
            for (int i = 0; i < thumbs.getChildren().size(); i++) {
                ((ToggleButton) thumbs.getChildren().get(i)).setSelected(i == index.intValue());
            }
        });
        return strip;
    }

    // ---- side panel ----------------------------------------------------------------------------

    private Node sidePanel() {
        Button generate = new Button("Generate", new FontIcon("mdi2a-auto-fix"));
        generate.setId("generate-button");
        generate.getStyleClass().addAll("accent-button", "generate-button");
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.setOnAction(e -> generate());
        generate.disableProperty().bind(model.generatingProperty().or(model.documentProperty().isNull()));
        Label hint = new Label("Paint over what to replace, or drag an image edge outward, then Generate.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);

        SettingsPanel settings = new SettingsPanel(model.settings(), model.classNamesProperty());
        TitledPane fill = titled("Fill", settings, "pane-fill");
        TitledPane reroll = titled(messages.getString("reroll.pane"), new RerollPane(model), "pane-reroll");

        GridPane outpaint = new GridPane();
        outpaint.setHgap(8);
        outpaint.setVgap(6);
        outpaint.addRow(0, formLabel("Left"), amountSpinner("outpaint-left", model.outpaintLeftProperty()),
                formLabel("Right"), amountSpinner("outpaint-right", model.outpaintRightProperty()));
        outpaint.addRow(1, formLabel("Top"), amountSpinner("outpaint-top", model.outpaintTopProperty()),
                formLabel("Bottom"), amountSpinner("outpaint-bottom", model.outpaintBottomProperty()));
        Button reset = new Button("Reset");
        reset.setId("outpaint-reset");
        reset.setOnAction(e -> model.resetOutpaint());
        Label outpaintHint = new Label("Drag the handles on the image edges or type pixels (in steps of "
                + OutpaintFrame.SNAP + " px); Generate fills the new area.");
        outpaintHint.getStyleClass().add("hint");
        outpaintHint.setWrapText(true);
        TitledPane outpaintPane = titled("Outpaint", new VBox(8, outpaint, outpaintHint, reset), "pane-outpaint");

        SegmentedButton mode = new SegmentedButton();
        ToggleButton add = new ToggleButton("Add");
        add.setId("selection-add");
        ToggleButton subtract = new ToggleButton("Subtract");
        subtract.setId("selection-subtract");
        mode.getButtons().addAll(add, subtract);
        add.setSelected(!tools.subtractProperty().get());
        subtract.selectedProperty().bindBidirectional(tools.subtractProperty());
        tools.subtractProperty().addListener((obs, was, sub) -> add.setSelected(!sub));
        Button invert = new Button("Invert", new FontIcon("mdi2i-invert-colors"));
        invert.setOnAction(e -> model.invertMask());
        Button clear = new Button("Clear", new FontIcon("mdi2s-selection-off"));
        clear.setOnAction(e -> model.clearMask());
        Button saveMask = new Button("Save…");
        saveMask.setOnAction(e -> saveMask());
        Button loadMask = new Button("Load…");
        loadMask.setOnAction(e -> loadMask());
        Label selections = new Label("Selections:");
        HBox modeRow = new HBox(8, selections, mode);
        modeRow.setAlignment(Pos.CENTER_LEFT);
        TitledPane maskPane = titled("Mask", new VBox(8, modeRow, new HBox(6, invert, clear),
                new HBox(6, saveMask, loadMask)), "pane-mask");

        TitledPane recordPane = titled("Edit records", recordHistory(), "pane-record");

        VBox panel = new VBox(10, generate, hint, fill, reroll, outpaintPane, maskPane, modelPane(), recordPane);
        panel.getStyleClass().add("side-panel");
        panel.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(panel);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(330);
        scroll.setMinWidth(300);
        scroll.getStyleClass().add("side-scroll");
        return scroll;
    }

    /** The image's edit records, newest last; the chosen one's JSON below, and its settings to reuse. */
    private Node recordHistory() {
        ListView<String> records = new ListView<>(model.editRecords());
        records.setId("edit-records");
        records.setPrefHeight(110);
        records.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String json, boolean empty) {
                super.updateItem(json, empty);
                setText(empty || json == null ? null : (getIndex() + 1) + ". " + EditorViewModel.describeRecord(json));
            }
        });
        records.setPlaceholder(new Label("No edit yet."));
        model.editRecords().addListener((javafx.collections.ListChangeListener<String>) c ->
                records.getSelectionModel().selectLast());
        records.getSelectionModel().selectLast();
        var chosen = records.getSelectionModel().selectedItemProperty();
        TextArea record = new TextArea();
        record.setId("edit-record");
        record.setEditable(false);
        record.setWrapText(true);
        record.setPrefRowCount(7);
        record.getStyleClass().add("record-text");
        record.textProperty().bind(Bindings.createStringBinding(
                () -> chosen.get() == null ? "" : prettyJson(chosen.get()), chosen));
        Button reuse = new Button("Reuse seed and settings", new FontIcon("mdi2r-restore"));
        reuse.setId("reuse-settings");
        reuse.setTooltip(new Tooltip("Put this edit's seed and settings into the Fill panel (the seed locked), "
                + "so Generate makes the same again"));
        reuse.disableProperty().bind(chosen.isNull());
        reuse.setOnAction(e -> model.reuseSettings(chosen.get()));
        return new VBox(6, records, reuse, record);
    }

    private static Label formLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** The model and device: applied at once (the engine loads the new choice in the background). */
    private TitledPane modelPane() {
        javafx.scene.control.ChoiceBox<com.arpgstudio.app.editing.EditEngine.ModelChoice> models = new javafx.scene.control.ChoiceBox<>();
        models.setId("model-choice");
        models.setMaxWidth(Double.MAX_VALUE);
        javafx.scene.control.ChoiceBox<com.arpgstudio.inference.runtime.DeviceChoice> devices =
                new javafx.scene.control.ChoiceBox<>(javafx.collections.FXCollections.observableArrayList(
                        com.arpgstudio.inference.runtime.DeviceChoice.values()));
        devices.setId("device-choice");
        devices.setValue(model.chosenDevice());
        Runnable refresh = () -> {
            models.getItems().setAll(model.modelChoices().stream().filter(com.arpgstudio.app.editing.EditEngine.ModelChoice::present).toList());
            models.getItems().stream().filter(m -> m.id().equals(model.chosenModelId())).findFirst()
                    .ifPresent(models::setValue);
        };
        model.modelChoices().addListener((javafx.collections.ListChangeListener<com.arpgstudio.app.editing.EditEngine.ModelChoice>) c -> refresh.run());
        refresh.run();
        Button apply = new Button("Use");
        apply.setId("model-apply");
        apply.setOnAction(e -> {
            if (models.getValue() != null && devices.getValue() != null) {
                model.chooseModel(models.getValue().id(), devices.getValue());
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, formLabel("Model"), models);
        grid.addRow(1, formLabel("Device"), devices);
        GridPane.setHgrow(models, Priority.ALWAYS);
        Label note = new Label("Models found on this computer (the embedded default, released weights in the "
                + "Hugging Face cache or the models folder, your own pairs).");
        note.getStyleClass().add("hint");
        note.setWrapText(true);
        Button manage = new Button(messages.getString("menu.model.manage").replace("_", ""));
        manage.setId("model-manage");
        manage.setOnAction(e -> manageModels.run());
        TitledPane pane = titled("Model", new VBox(8, grid, new HBox(8, apply, manage), note), "pane-model");
        pane.setExpanded(false);
        pane.expandedProperty().addListener((obs, was, open) -> {
            if (open) {
                model.loadModelChoices();
            }
        });
        return pane;
    }

    private static String prettyJson(String json) {
        try {
            var gson = new com.google.gson.GsonBuilder().setPrettyPrinting().create();
            return gson.toJson(UserJson.parse(json)); // a record from a PNG may be anything: depth-limited
        } catch (RuntimeException e) {
            return json;
        }
    }

    private static TitledPane titled(String title, Node content, String id) {
        TitledPane pane = new TitledPane(title, content);
        pane.setId(id);
        pane.setAnimated(false);
        return pane;
    }

    private Spinner<Integer> amountSpinner(String id, IntegerProperty amount) {
        SpinnerValueFactory.IntegerSpinnerValueFactory amounts = new SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                16384, amount.get(), OutpaintFrame.SNAP);
        amounts.setConverter(new javafx.util.converter.IntegerStringConverter() {
            @Override
            public Integer fromString(String text) {
                Integer typed = super.fromString(text);
                return typed == null ? null : OutpaintFrame.snap(typed); // as a drag of the handle gives it
            }
        });
        Spinner<Integer> spinner = new Spinner<>(amounts);
        spinner.setId(id);
        spinner.setPrefWidth(90);
        Spinners.bindEditable(spinner, amount.asObject());
        return spinner;
    }

    // ---- status bar ----------------------------------------------------------------------------

    private HBox statusBar() {
        Label message = new Label();
        message.setId("status-message");
        message.textProperty().bind(model.messageProperty());
        // The message takes the room that is left and is cut first; the fields keep their width.
        message.setMinWidth(0);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(model.messageProperty());
        message.setTooltip(whole);
        Label size = new Label();
        size.setId("status-size");
        size.textProperty().bind(Bindings.createStringBinding(() -> {
            Document doc = model.documentProperty().get();
            return doc == null ? "" : doc.width() + " × " + doc.height() + " px";
        }, model.documentProperty(), model.editRecordProperty(), model.canUndoProperty()));
        Label documentMemory = new Label();
        documentMemory.setId("status-document");
        documentMemory.textProperty().bind(Bindings.createStringBinding(() -> model.documentProperty().get() == null ? ""
                : "Document " + (model.documentBytesProperty().get() + (1 << 19) >> 20) + " MB",
                model.documentProperty(), model.documentBytesProperty()));
        documentMemory.setTooltip(new Tooltip("What the open image holds: its pixels, the mask and the undo history"));
        Label modelLabel = new Label();
        modelLabel.setId("status-model");
        modelLabel.textProperty().bind(Bindings.concat("Model: ", model.modelNameProperty()));
        Label device = new Label();
        device.setId("status-device");
        device.textProperty().bind(Bindings.concat("Device: ", model.deviceNameProperty()));
        Label memory = new Label();
        memory.setId("status-memory");
        Timeline memoryTicker = new Timeline(new KeyFrame(Duration.seconds(2), e -> memory.setText(memoryText())));
        memoryTicker.setCycleCount(Timeline.INDEFINITE);
        memoryTicker.play();
        memory.setText(memoryText());
        Label lastRun = new Label();
        lastRun.setId("status-last-run");
        lastRun.textProperty().bind(Bindings.concat("Last run: ", model.lastRunTimeProperty()));
        for (Label field : List.of(size, documentMemory, modelLabel, device, memory, lastRun)) {
            field.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(message, size, documentMemory, modelLabel, device, memory, lastRun);
        bar.setId("status-bar");
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** Heap in use / maximum, and the process's resident memory (native tensors included) on Linux. */
    static String memoryText() {
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        String text = "Memory: heap " + usedMb + " / " + (rt.maxMemory() >> 20) + " MB";
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        long kb = Long.parseLong(line.replaceAll("\\D", ""));
                        text += ", resident " + (kb >> 10) + " MB";
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // Resident memory is a bonus; the heap figure stands alone.
            }
        }
        return text;
    }

    // ---- keys, drag and drop, files ------------------------------------------------------------

    private void installKeys() {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (typing()) {
                return;
            }
            if (variantKey(e)) {
                e.consume();
            } else if (e.getCode() == KeyCode.SPACE && !(scene.getFocusOwner() instanceof Control)) {
                canvas.setSpaceDown(true);
                e.consume();
            } else if (e.getCode() == KeyCode.BACK_SLASH && !e.isShortcutDown()) {
                model.compareProperty().set(true);
                e.consume();
            } else if (e.getCode() == KeyCode.ALT) {
                canvas.setAltDown(true);
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                canvas.setSpaceDown(false);
            } else if (e.getCode() == KeyCode.BACK_SLASH) {
                model.compareProperty().set(false);
            } else if (e.getCode() == KeyCode.ALT) {
                canvas.setAltDown(false);
            }
        });
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (typing() || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            boolean handled = true;
            switch (e.getCode()) {
                case B -> chooseTool(Tool.BRUSH);
                case E -> chooseTool(Tool.ERASER);
                case M -> chooseTool(Tool.RECTANGLE);
                case L -> chooseTool(Tool.LASSO);
                case X -> tools.subtractProperty().set(!tools.subtractProperty().get());
                case G -> model.rerollControls().brushProperty().set(RerollControls.Brush.REROLL);
                case P -> model.rerollControls().brushProperty().set(RerollControls.Brush.PIN);
                case R -> model.reroll(false);
                case OPEN_BRACKET -> tools.shrinkBrush();
                case CLOSE_BRACKET -> tools.growBrush();
                case PLUS, EQUALS, ADD -> canvas.zoomIn();
                case MINUS, SUBTRACT -> canvas.zoomOut();
                default -> handled = false;
            }
            if (handled) {
                e.consume();
            }
        });
    }

    /**
     * Esc, Enter and Left/Right while a generation runs or variants are shown: taken before the
     * focused control sees them, so Enter applies the variant shown even after a click on its
     * thumbnail (a button that would otherwise take the key).
     */
    private boolean variantKey(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || e.isShiftDown()) {
            return false;
        }
        boolean choosing = model.choosingProperty().get();
        switch (e.getCode()) {
            case ESCAPE -> {
                if (model.generatingProperty().get()) {
                    model.cancel();
                } else if (choosing) {
                    model.discardVariants();
                } else {
                    return false;
                }
            }
            case ENTER -> {
                if (!choosing) {
                    return false;
                }
                model.applyVariant();
            }
            case LEFT, RIGHT -> {
                if (model.variants().isEmpty()) {
                    return false;
                }
                int step = e.getCode() == KeyCode.LEFT ? -1 : 1;
                int n = model.variants().size();
                model.chooseVariant((model.selectedVariantProperty().get() + step + n) % n);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean typing() {
        return scene.getFocusOwner() instanceof TextInputControl;
    }

    private void installDragAndDrop() {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                Path dropped = files.get(0).toPath();
                whenSafeToDiscard(() -> model.open(dropped));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Generate with the values in the fields, including one still being typed. */
    private void generate() {
        Spinners.commitFocused(scene);
        model.generate();
    }

    private void expand() {
        Spinners.commitFocused(scene);
        model.expand();
    }

    private void paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (clipboard.hasFiles() && !clipboard.getFiles().isEmpty()) {
            Path file = clipboard.getFiles().get(0).toPath();
            whenSafeToDiscard(() -> model.open(file));
        } else if (clipboard.hasImage()) {
            var image = clipboard.getImage();
            whenSafeToDiscard(() -> model.openImage(RasterImages.fromImage(image), "image from the clipboard"));
        } else {
            model.report("Nothing to paste: the clipboard holds no image and no image file");
        }
    }

    private void chooseAndOpen() {
        whenSafeToDiscard(this::chooseAndOpenNow);
    }

    private void chooseAndOpenNow() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open an image");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images (PNG, JPEG, BMP, GIF)", "*.png", "*.jpg", "*.jpeg", "*.bmp",
                        "*.gif", "*.PNG", "*.JPG", "*.JPEG", "*.BMP", "*.GIF"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(stage);
        if (file != null) {
            model.open(file.toPath());
        }
    }

    private void save() {
        if (model.documentProperty().get() != null && !model.save()) {
            saveAs();
        }
    }

    private void saveAs() {
        saveAs(() -> { });
    }

    /** Asks where, saves, then runs {@code then} once written (not when the user cancels the chooser). */
    private void saveAs(Runnable then) {
        File file = pngChooser("Save as PNG").showSaveDialog(stage);
        if (file != null) {
            model.saveAs(file.toPath(), then);
        }
    }

    private void export() {
        if (model.documentProperty().get() == null) {
            return;
        }
        File file = pngChooser("Export PNG").showSaveDialog(stage);
        if (file != null) {
            model.exportPng(file.toPath());
        }
    }

    private void saveMask() {
        if (model.documentProperty().get() == null) {
            return;
        }
        File file = pngChooser("Save the mask as PNG").showSaveDialog(stage);
        if (file != null) {
            model.saveMask(file.toPath());
        }
    }

    private void loadMask() {
        if (model.documentProperty().get() == null) {
            return;
        }
        File file = pngChooser("Load a mask PNG").showOpenDialog(stage);
        if (file != null) {
            model.loadMask(file.toPath());
        }
    }

    private FileChooser pngChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        model.documentProperty().get().file().ifPresent(f -> {
            if (f.getParent() != null) {
                chooser.setInitialDirectory(f.getParent().toFile());
            }
            String name = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            chooser.setInitialFileName(name + ".png");
        });
        return chooser;
    }

    /**
     * Runs {@code proceed} once nothing is lost by it: at once without unsaved image edits or a
     * running generation, else after the user chose Save (once written), Don't Save, or nothing
     * (Cancel). The mask is not part of a saved file, so a mask alone is not an unsaved edit.
     */
    private void whenSafeToDiscard(Runnable proceed) {
        boolean unsaved = model.modifiedProperty().get();
        boolean running = model.generatingProperty().get();
        if (!unsaved && !running) {
            proceed.run();
            return;
        }
        Runnable stopAndProceed = () -> {
            model.cancel();
            proceed.run();
        };
        switch (Dialogs.askToSave(stage, model.titleProperty().get(), unsaved, running)) {
            case SAVE -> {
                if (!model.save(stopAndProceed)) {
                    saveAs(stopAndProceed);
                }
            }
            case DONT_SAVE -> stopAndProceed.run();
            case CANCEL -> { }
        }
    }

    private void quit() {
        model.cancel();
        model.persist();
        Platform.exit();
    }

    private void showShortcuts() {
        Dialogs.shortcuts(stage).show();
    }

    private static String stylesheet(String path) {
        return MainWindow.class.getResource(path).toExternalForm();
    }
}
