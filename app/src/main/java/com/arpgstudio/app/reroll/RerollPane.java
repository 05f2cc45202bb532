package com.arpgstudio.app.reroll;

import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.actions.Gesture;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.i18n.Messages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * The side panel's re-roll section: the re-roll and pin brushes, Re-roll, the "unsure" threshold
 * with Re-roll unsure, the confidence heat map switch, and the fill's variant tree (thumbnail,
 * seed and what changed per result; a click shows it on the canvas, Apply commits it). Re-roll and
 * Re-roll unsure are the window's actions, the brushes' tooltips theirs.
 */
public final class RerollPane extends VBox {

    public static final String STYLE_CLASS = "reroll-pane";
    public static final String HINT_STYLE_CLASS = "hint";

    static final Ikon APPLY_ICON = MaterialDesignC.CHECK;
    static final Ikon CLEAR_ICON = MaterialDesignC.CLOSE;

    public RerollPane(EditorViewModel model, ActionRegistry actions) {
        super(8);
        VariantTree tree = model.variants().tree();
        getStyleClass().add(STYLE_CLASS);
        RerollControls controls = model.rerollControls();

        ToggleGroup brushes = new ToggleGroup();
        ToggleButton rerollBrush = brushToggle("reroll.brush", ActionId.REROLL_BRUSH, "reroll-brush",
                RerollControls.Brush.REROLL, brushes, controls);
        ToggleButton pinBrush = brushToggle("reroll.pin", ActionId.PIN_BRUSH, "pin-brush", RerollControls.Brush.PIN,
                brushes, controls);
        Button reroll = actions.labelledButton(ActionId.REROLL, "reroll-button", Messages.text("reroll.run"));
        reroll.getStyleClass().add("accent-button");
        reroll.setFocusTraversable(false);
        Button clearStrokes = button("reroll.clearStrokes", "reroll-clear", CLEAR_ICON,
                () -> controls.rerollStrokes().clear());
        Button clearPins = button("reroll.clearPins", "pin-clear", CLEAR_ICON, () -> controls.pinStrokes().clear());

        // logarithmic: each step of the slider is a factor of the probability
        Slider threshold = new Slider(Math.log10(RerollControls.MIN_THRESHOLD),
                Math.log10(RerollControls.MAX_THRESHOLD), Math.log10(controls.thresholdProperty().get()));
        threshold.setId("unsure-threshold");
        threshold.valueProperty().addListener((obs, old, value) ->
                controls.thresholdProperty().set(Math.pow(10, value.doubleValue())));
        controls.thresholdProperty().addListener((obs, old, value) -> {
            double position = Math.log10(value.doubleValue());
            if (Math.abs(threshold.getValue() - position) > 1e-9) {
                threshold.setValue(position);
            }
        });
        threshold.setTooltip(new Tooltip(Messages.text("reroll.threshold.tooltip")));
        HBox.setHgrow(threshold, Priority.ALWAYS);
        Label thresholdValue = new Label();
        thresholdValue.setId("unsure-threshold-value");
        thresholdValue.textProperty().bind(Bindings.createStringBinding(
                () -> Messages.text("reroll.threshold.value", 100 * controls.thresholdProperty().get()),
                controls.thresholdProperty()));
        Button rerollUnsure = actions.labelledButton(ActionId.REROLL_UNSURE, "reroll-unsure-button",
                Messages.text("reroll.unsure.run"));
        rerollUnsure.setFocusTraversable(false);
        CheckBox confidence = new CheckBox(Messages.text("reroll.showConfidence"));
        confidence.setId("show-confidence");
        confidence.selectedProperty().bindBidirectional(controls.showConfidenceProperty());

        VariantTreeView view = new VariantTreeView(tree, model.variants()::show);
        view.setId("variant-tree");
        Button apply = button("reroll.apply", "reroll-apply", APPLY_ICON, model.variants()::applyChosen);
        apply.getTooltip().setText(Messages.text("tooltip.keys", Messages.text("reroll.apply.tooltip"),
                Gesture.APPLY_VARIANT.keysText()));
        apply.disableProperty().bind(tree.shownProperty().isNull().or(model.generation().generatingProperty()));

        Label empty = new Label(Messages.text("reroll.tree.empty"));
        empty.getStyleClass().add(HINT_STYLE_CLASS);
        empty.visibleProperty().bind(Bindings.isEmpty(tree.nodes()));
        empty.managedProperty().bind(empty.visibleProperty());
        Label hint = new Label(Messages.text("reroll.hint"));
        hint.getStyleClass().add(HINT_STYLE_CLASS);
        hint.setWrapText(true);
        HBox brushRow = row(rerollBrush, pinBrush);
        HBox actionRow = row(reroll, clearStrokes, clearPins);
        Label thresholdLabel = new Label(Messages.text("reroll.threshold"));
        thresholdLabel.setMinWidth(Region.USE_PREF_SIZE);
        thresholdValue.setMinWidth(Region.USE_PREF_SIZE);
        HBox thresholdRow = row(thresholdLabel, threshold, thresholdValue);
        getChildren().addAll(hint, brushRow, actionRow, thresholdRow, rerollUnsure, confidence, empty,
                view, apply);
    }

    /** The toggle of a brush that {@code choose} (its icon, its keys in the tooltip) also picks. */
    private ToggleButton brushToggle(String key, ActionId choose, String id, RerollControls.Brush brush,
                                     ToggleGroup group, RerollControls controls) {
        ToggleButton toggle = new ToggleButton(Messages.text(key), new FontIcon(choose.icon()));
        toggle.setId(id);
        toggle.setToggleGroup(group);
        toggle.setTooltip(new Tooltip(choose.tooltip()));
        toggle.setFocusTraversable(false);
        toggle.setSelected(controls.brushProperty().get() == brush);
        toggle.setOnAction(e -> controls.brushProperty().set(toggle.isSelected() ? brush : null));
        controls.brushProperty().addListener((obs, old, now) -> toggle.setSelected(now == brush));
        return toggle;
    }

    private static Button button(String key, String id, Ikon icon, Runnable action) {
        Button button = new Button(Messages.text(key), new FontIcon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(Messages.text(key + ".tooltip")));
        button.setFocusTraversable(false);
        button.setOnAction(e -> action.run());
        return button;
    }

    private static HBox row(javafx.scene.Node... nodes) {
        HBox row = new HBox(6, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
