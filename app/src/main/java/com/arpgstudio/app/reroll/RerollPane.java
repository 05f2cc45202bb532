package com.arpgstudio.app.reroll;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.editing.EditorViewModel;
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
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/**
 * The side panel's re-roll section: the re-roll and pin brushes, Re-roll, the "unsure" threshold
 * with Re-roll unsure, the confidence heat map switch, and the fill's variant tree (thumbnail,
 * seed and what changed per result; a click shows it on the canvas, Apply commits it).
 */
public final class RerollPane extends VBox {

    public static final String STYLE_CLASS = "reroll-pane";
    public static final String HINT_STYLE_CLASS = "hint";

    static final Ikon REROLL_ICON = MaterialDesignD.DICE_5_OUTLINE;
    static final Ikon REROLL_BRUSH_ICON = MaterialDesignB.BRUSH_VARIANT;
    static final Ikon PIN_ICON = MaterialDesignP.PIN_OUTLINE;
    static final Ikon APPLY_ICON = MaterialDesignC.CHECK;
    static final Ikon CLEAR_ICON = MaterialDesignC.CLOSE;

    public RerollPane(EditorViewModel model) {
        super(8);
        VariantTree tree = model.variants().tree();
        getStyleClass().add(STYLE_CLASS);
        RerollControls controls = model.rerollControls();
        var noDocument = model.documentProperty().isNull();
        var busy = model.generation().generatingProperty().or(noDocument);

        ToggleGroup brushes = new ToggleGroup();
        ToggleButton rerollBrush = brushToggle("reroll.brush", "reroll-brush", REROLL_BRUSH_ICON,
                RerollControls.Brush.REROLL, brushes, controls);
        ToggleButton pinBrush = brushToggle("reroll.pin", "pin-brush", PIN_ICON, RerollControls.Brush.PIN, brushes,
                controls);
        Button reroll = button("reroll.run", "reroll-button", REROLL_ICON, () -> model.reroll(false));
        reroll.getStyleClass().add("accent-button");
        reroll.disableProperty().bind(busy);
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
        Button rerollUnsure = button("reroll.unsure.run", "reroll-unsure-button", REROLL_ICON,
                () -> model.reroll(true));
        rerollUnsure.disableProperty().bind(busy);
        CheckBox confidence = new CheckBox(Messages.text("reroll.showConfidence"));
        confidence.setId("show-confidence");
        confidence.selectedProperty().bindBidirectional(controls.showConfidenceProperty());

        VariantTreeView view = new VariantTreeView(tree, model.variants()::show);
        view.setId("variant-tree");
        Button apply = button("reroll.apply", "reroll-apply", APPLY_ICON, model.variants()::applyChosen);
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

    private ToggleButton brushToggle(String key, String id, Ikon icon, RerollControls.Brush brush, ToggleGroup group,
                                     RerollControls controls) {
        ToggleButton toggle = new ToggleButton(Messages.text(key), new FontIcon(icon));
        toggle.setId(id);
        toggle.setToggleGroup(group);
        toggle.setTooltip(new Tooltip(Messages.text(key + ".tooltip")));
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
