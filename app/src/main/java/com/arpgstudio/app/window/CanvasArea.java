package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.actions.Gesture;
import com.arpgstudio.app.canvas.EditorCanvas;
import com.arpgstudio.app.editing.EditorViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The middle of the window: the canvas with its overlays, a placeholder without an image, the
 * progress pill of a running edit, and the variant strip docked underneath (the view shrinks and
 * re-fits instead of the strip covering the image).
 */
public final class CanvasArea extends VBox {

    public static final String STYLE_CLASS = "canvas-area";

    public CanvasArea(EditorViewModel model, ActionRegistry actions, EditorCanvas canvas, Node overlay) {
        Label placeholder = new Label(Messages.text("canvas.empty", ActionId.OPEN.keysText(), ActionId.PASTE.keysText()), new FontIcon(Icons.EMPTY_CANVAS));
        placeholder.getStyleClass().add("canvas-placeholder");
        placeholder.setContentDisplay(ContentDisplay.TOP);
        placeholder.visibleProperty().bind(model.documentProperty().isNull());
        placeholder.setMouseTransparent(true);

        ProgressBar bar = new ProgressBar();
        bar.setId("generation-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(model.generation().progressProperty());
        Label step = new Label();
        step.setId("generation-step");
        step.textProperty().bind(model.generation().progressTextProperty());
        step.setMinWidth(Region.USE_PREF_SIZE);
        Button cancel = actions.labelledButton(ActionId.CANCEL, "cancel-button", Messages.text("button.cancel"));
        cancel.getTooltip().setText(Messages.text("tooltip.keys", ActionId.CANCEL.help(), Gesture.CANCEL_OR_DISCARD.keysText()));
        HBox pill = new HBox(10, bar, step, cancel);
        pill.setId("progress-pill");
        pill.getStyleClass().add(VariantStrip.PILL_STYLE_CLASS);
        pill.setAlignment(Pos.CENTER_LEFT);
        pill.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        pill.visibleProperty().bind(model.generation().generatingProperty());
        StackPane.setAlignment(pill, Pos.TOP_CENTER);
        StackPane.setMargin(pill, new Insets(12));

        StackPane view = new StackPane(canvas, overlay, placeholder, pill);
        VBox.setVgrow(view, Priority.ALWAYS);
        getChildren().addAll(view, new VariantStrip(model));
        setAlignment(Pos.TOP_CENTER);
        setId("canvas-area");
        getStyleClass().add(STYLE_CLASS);
    }
}
