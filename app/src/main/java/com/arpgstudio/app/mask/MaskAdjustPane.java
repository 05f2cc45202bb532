package com.arpgstudio.app.mask;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.canvas.ToolSettings;
import com.arpgstudio.app.settings.Spinners;
import com.arpgstudio.inference.edit.EditOptions;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;

/**
 * The mask pane's adjustments: grow or shrink the mask by a distance (the Grow and Shrink
 * actions), the feather width of the next fill, and the brush's hardness; and the Mask menu's
 * Feather width submenu.
 */
public final class MaskAdjustPane extends VBox {

    public static final String STYLE_CLASS = "mask-adjust-pane";
    static final Ikon FEATHER_ICON = MaterialDesignB.BLUR;
    /** The feather widths the Mask menu offers (the pane takes any within the limits). */
    static final List<Integer> FEATHER_CHOICES = List.of(0, 4, 8, 16, 32, EditOptions.MAX_FEATHER_PIXELS);

    public MaskAdjustPane(MaskAdjustments adjustments, ToolSettings tools, ActionRegistry actions) {
        super(6);
        getStyleClass().add(STYLE_CLASS);

        Spinner<Integer> distance = Spinners.wholeNumbers("mask-distance", MaskAdjustments.MIN_DISTANCE,
                MaskAdjustments.MAX_DISTANCE, adjustments.distanceValueProperty(), Messages.text("mask.distance.tooltip"));
        Button grow = actions.labelledButton(ActionId.GROW_MASK, "mask-grow", Messages.text("mask.grow"));
        Button shrink = actions.labelledButton(ActionId.SHRINK_MASK, "mask-shrink", Messages.text("mask.shrink"));

        Spinner<Integer> feather = Spinners.wholeNumbers("mask-feather", EditOptions.MIN_FEATHER_PIXELS,
                EditOptions.MAX_FEATHER_PIXELS, adjustments.featherValueProperty(), Messages.text("mask.feather.tooltip"));

        Slider hardness = new Slider(ToolSettings.MIN_HARDNESS, ToolSettings.MAX_HARDNESS,
                tools.hardnessProperty().get());
        hardness.setId("brush-hardness");
        hardness.setTooltip(new Tooltip(Messages.text("mask.hardness.tooltip")));
        hardness.valueProperty().bindBidirectional(tools.hardnessProperty());
        Label hardnessValue = new Label();
        hardnessValue.setMinWidth(Region.USE_PREF_SIZE);
        hardnessValue.textProperty().bind(Bindings.createStringBinding(
                () -> Messages.text("mask.hardness.value", tools.hardnessProperty().get()), tools.hardnessProperty()));

        HBox.setHgrow(hardness, Priority.ALWAYS);
        getChildren().addAll(row(label("mask.distance"), distance, label("mask.pixels")), row(grow, shrink),
                row(label("mask.feather"), feather, label("mask.pixels")), row(label("mask.hardness"), hardness,
                        hardnessValue));
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(6, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Label label(String key) {
        Label label = new Label(Messages.text(key));
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** The Mask menu's Feather width submenu (the widths of {@link #FEATHER_CHOICES}), following the pane. */
    public static Menu featherMenu(MaskAdjustments adjustments) {
        Menu feather = new Menu(Messages.text("menu.mask.feather"), new FontIcon(FEATHER_ICON));
        feather.setId("menu-mask-feather");
        ToggleGroup widths = new ToggleGroup();
        for (int pixels : FEATHER_CHOICES) {
            RadioMenuItem choice = new RadioMenuItem(Messages.text("menu.mask.feather.width", pixels));
            choice.setId("menu-mask-feather-" + pixels);
            choice.setToggleGroup(widths);
            choice.setSelected(adjustments.featherProperty().get() == pixels);
            choice.setOnAction(e -> adjustments.featherProperty().set(pixels));
            feather.getItems().add(choice);
        }
        adjustments.featherProperty().addListener((obs, old, value) -> widths.getToggles().forEach(t ->
                t.setSelected(((RadioMenuItem) t).getId().equals("menu-mask-feather-" + value))));
        return feather;
    }
}
