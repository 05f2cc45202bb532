package com.arpgstudio.app.window;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.Region;

/** Pieces the side panel's panes share: the collapsible pane, a form label, a hint. */
final class Panes {

    static final String FORM_LABEL_STYLE_CLASS = "form-label";
    static final String HINT_STYLE_CLASS = "hint";

    private Panes() {}

    /** Sets up a pane of the side panel: its title, content and id; no animation (the panel re-lays out at once). */
    static void init(TitledPane pane, String title, Node content, String id) {
        pane.setText(title);
        pane.setContent(content);
        pane.setId(id);
        pane.setAnimated(false);
    }

    static Label formLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(FORM_LABEL_STYLE_CLASS);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    static Label hint(String text) {
        Label hint = new Label(text);
        hint.getStyleClass().add(HINT_STYLE_CLASS);
        hint.setWrapText(true);
        return hint;
    }
}
