package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.canvas.ToolSettings;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.reroll.RerollPane;
import com.arpgstudio.app.saving.SavePane;
import com.arpgstudio.app.settings.SettingsPanel;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/**
 * The panel on the right: Generate, a hint, and one pane per concern (fill settings, re-roll,
 * outpaint, mask, saving, model, edit records), scrolling as a whole.
 */
public final class SidePanel extends ScrollPane {

    public static final String STYLE_CLASS = "side-scroll";
    public static final String PANEL_STYLE_CLASS = "side-panel";

    public SidePanel(EditorViewModel model, ActionRegistry actions, ToolSettings tools) {
        Button generate = actions.labelledButton(ActionId.GENERATE, "generate-button", Messages.text("button.generate"));
        generate.getStyleClass().addAll("accent-button", "generate-button");
        generate.setMaxWidth(Double.MAX_VALUE);
        TitledPane fill = new TitledPane();
        Panes.init(fill, Messages.text("fill.pane"), new SettingsPanel(model.settings(), model.modelStatus().classNamesProperty()),
                "pane-fill");
        TitledPane reroll = new TitledPane();
        Panes.init(reroll, Messages.text("reroll.pane"), new RerollPane(model, actions), "pane-reroll");
        TitledPane saving = new TitledPane();
        Panes.init(saving, Messages.text("save.pane"), new SavePane(model.files().saveSettings()), "pane-save");
        VBox panel = new VBox(10, generate, Panes.hint(Messages.text("side.hint")), fill, reroll,
                new OutpaintPane(model), new MaskPane(actions, tools, model.maskAdjustments()), saving,
                new ModelPane(model, actions), new EditRecordsPane(model));
        panel.getStyleClass().add(PANEL_STYLE_CLASS);
        panel.setPadding(new Insets(12));
        setContent(panel);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setPrefWidth(330);
        setMinWidth(300);
        getStyleClass().add(STYLE_CLASS);
    }
}
