package com.arpgstudio.app.saving;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.settings.Spinners;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
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
        Spinner<Integer> quality = Spinners.wholeNumbers("jpeg-quality", SaveSettings.MIN_JPEG_QUALITY,
                SaveSettings.MAX_JPEG_QUALITY, settings.jpegQualityValueProperty(),
                Messages.text("save.jpegQuality.tooltip"));
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
