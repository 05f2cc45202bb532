package com.arpgstudio.app.saving;

import com.arpgstudio.app.Messages;
import com.arpgstudio.app.settings.Spinners;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The side panel's Saving section: the JPEG quality, and what Save and Save As do with formats. */
public final class SavePane extends VBox {

    public static final String STYLE_CLASS = "save-pane";
    public static final String HINT_STYLE_CLASS = "hint";

    public SavePane(SaveSettings settings) {
        super(8);
        getStyleClass().add(STYLE_CLASS);
        Spinner<Integer> quality = new Spinner<>(SaveSettings.MIN_JPEG_QUALITY, SaveSettings.MAX_JPEG_QUALITY,
                settings.jpegQualityProperty().get());
        quality.setId("jpeg-quality");
        quality.setPrefWidth(80);
        quality.setTooltip(new Tooltip(Messages.text("save.jpegQuality.tooltip")));
        Spinners.bindEditable(quality, settings.jpegQualityValueProperty());
        Label label = new Label(Messages.text("save.jpegQuality"));
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, label, quality);
        row.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label(Messages.text("save.hint"));
        hint.getStyleClass().add(HINT_STYLE_CLASS);
        hint.setWrapText(true);
        getChildren().addAll(row, hint);
    }
}
