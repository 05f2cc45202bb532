package com.arpgstudio.app.models;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom row of the models windows: their own buttons on the left, Close (the Escape key) on the right. */
final class DialogButtons {

    private DialogButtons() {}

    /** {@code closeId} and {@code closeText} name the Close button; {@code close} is what it does. */
    static HBox row(String closeId, String closeText, Runnable close, Node... buttons) {
        Button closeButton = new Button(closeText);
        closeButton.setId(closeId);
        closeButton.setCancelButton(true);
        closeButton.setOnAction(e -> close.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, buttons);
        row.getChildren().addAll(spacer, closeButton);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
