package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.canvas.ToolSettings;
import com.arpgstudio.app.mask.MaskAdjustPane;
import com.arpgstudio.app.mask.MaskAdjustments;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;

/** Mask: whether selections add or subtract, invert, clear, grow, shrink, feather, brush hardness, save and load. */
public final class MaskPane extends TitledPane {

    public MaskPane(ActionRegistry actions, ToolSettings tools, MaskAdjustments adjustments) {
        SegmentedButton mode = new SegmentedButton();
        ToggleButton add = new ToggleButton(Messages.text("mask.add"));
        add.setId("selection-add");
        ToggleButton subtract = new ToggleButton(Messages.text("mask.subtract"));
        subtract.setId("selection-subtract");
        mode.getButtons().addAll(add, subtract);
        add.setSelected(!tools.subtractProperty().get());
        subtract.selectedProperty().bindBidirectional(tools.subtractProperty());
        tools.subtractProperty().addListener((obs, was, sub) -> add.setSelected(!sub));
        Button invert = actions.labelledButton(ActionId.INVERT_MASK, "mask-invert", Messages.text("button.invert"));
        Button clear = actions.labelledButton(ActionId.CLEAR_MASK, "mask-clear", Messages.text("button.clear"));
        Button save = new Button(Messages.text("button.saveMask"));
        save.setOnAction(e -> actions.fire(ActionId.SAVE_MASK));
        Button load = new Button(Messages.text("button.loadMask"));
        load.setOnAction(e -> actions.fire(ActionId.LOAD_MASK));
        HBox modeRow = new HBox(8, new Label(Messages.text("mask.selections")), mode);
        modeRow.setAlignment(Pos.CENTER_LEFT);
        Panes.init(this, Messages.text("mask.pane"), new VBox(8, modeRow, new HBox(6, invert, clear),
                new MaskAdjustPane(adjustments, tools, actions), new HBox(6, save, load)), "pane-mask");
    }
}
