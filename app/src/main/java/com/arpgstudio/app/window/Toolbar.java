package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.canvas.ToolSettings;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableDoubleValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The tool bar: file and history commands, the mask tools and brush size, the view's zoom,
 * compare, Generate and Expand, the theme switch. Its controls take no focus, so the keys go on
 * to the canvas (Space pans).
 */
public final class Toolbar extends ToolBar {

    public static final String STYLE_CLASS = "studio-toolbar";
    public static final String VALUE_STYLE_CLASS = "toolbar-value";
    public static final String SEPARATOR_STYLE_CLASS = "toolbar-separator";

    public Toolbar(ActionRegistry actions, ToolSettings tools, Consumer<Tool> chooseTool, ObservableDoubleValue zoom) {
        HBox toolButtons = new HBox(2);
        ToggleGroup group = new ToggleGroup();
        for (Tool tool : Tool.values()) {
            ToggleButton button = new ToggleButton(null, new FontIcon(tool.icon()));
            button.setId("tool-" + tool.name().toLowerCase(Locale.ROOT));
            button.setTooltip(new Tooltip(Messages.text("tooltip.keys", tool.title(), tool.key().getName())));
            button.setToggleGroup(group);
            button.setSelected(tools.toolProperty().get() == tool);
            button.setOnAction(e -> {
                chooseTool.accept(tool);
                button.setSelected(true);
            });
            tools.toolProperty().addListener((obs, old, now) -> button.setSelected(now == tool));
            button.setFocusTraversable(false);
            toolButtons.getChildren().add(button);
        }
        Slider brush = new Slider(ToolSettings.MIN_BRUSH, 400, tools.brushSizeProperty().get());
        brush.setId("brush-size");
        brush.setPrefWidth(120);
        brush.valueProperty().bindBidirectional(tools.brushSizeProperty());
        brush.setTooltip(new Tooltip(Messages.text("toolbar.brushSize")));
        Label brushSize = value(Bindings.createStringBinding(
                () -> Messages.text("toolbar.pixels", tools.brushSizeProperty().get()), tools.brushSizeProperty()));
        Label zoomValue = value(Bindings.createStringBinding(() -> Messages.text("toolbar.zoom", zoom.get()), zoom));
        Button generate = actions.labelledButton(ActionId.GENERATE, "toolbar-generate", Messages.text("button.generate"));
        generate.getStyleClass().add("accent-button");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        getItems().addAll(actions.button(ActionId.OPEN, "open-button"), actions.button(ActionId.SAVE, "save-button"),
                actions.button(ActionId.EXPORT, "export-button"), separator(),
                actions.button(ActionId.UNDO, "undo-button"), actions.button(ActionId.REDO, "redo-button"), separator(),
                toolButtons, brush, brushSize, separator(),
                actions.button(ActionId.ZOOM_OUT, "zoom-out-button"), actions.button(ActionId.ZOOM_IN, "zoom-in-button"),
                actions.button(ActionId.FIT, "fit-button"), actions.button(ActionId.ACTUAL_SIZE, "actual-size-button"),
                zoomValue, actions.toggleButton(ActionId.COMPARE, "compare-toggle"), separator(), generate,
                actions.labelledButton(ActionId.EXPAND, "expand-button", Messages.text("button.expand")), spacer,
                actions.button(ActionId.DARK_THEME, "theme-button"));
        setId("tool-bar");
        getStyleClass().add(STYLE_CLASS);
        getItems().forEach(node -> node.setFocusTraversable(false));
    }

    private static Label value(javafx.beans.value.ObservableValue<String> text) {
        Label label = new Label();
        label.getStyleClass().add(VALUE_STYLE_CLASS);
        label.setMinWidth(48);
        label.textProperty().bind(text);
        return label;
    }

    private static Node separator() {
        Region separator = new Region();
        separator.getStyleClass().add(SEPARATOR_STYLE_CLASS);
        return separator;
    }
}
