package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.editing.EditHistory;
import com.arpgstudio.app.editing.EditorViewModel;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Edit records: the image's edits, newest last; the chosen one's JSON, and its seed and settings to reuse. */
public final class EditRecordsPane extends TitledPane {

    public static final String RECORD_STYLE_CLASS = "record-text";

    public EditRecordsPane(EditorViewModel model) {
        // Each description parses a whole record, tokens and all: once per record, not at every cell update.
        Map<String, String> descriptions = new WeakHashMap<>();
        ListView<String> records = new ListView<>(model.history().editRecords());
        records.setId("edit-records");
        records.setPrefHeight(110);
        records.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String json, boolean empty) {
                super.updateItem(json, empty);
                setText(empty || json == null ? null
                        : Messages.text("records.entry", getIndex() + 1, descriptions.computeIfAbsent(json, EditHistory::describeRecord)));
            }
        });
        records.setPlaceholder(new Label(Messages.text("records.none")));
        model.history().editRecords().addListener((ListChangeListener<String>) c -> records.getSelectionModel().selectLast());
        records.getSelectionModel().selectLast();
        var chosen = records.getSelectionModel().selectedItemProperty();
        TextArea record = new TextArea();
        record.setId("edit-record");
        record.setEditable(false);
        record.setWrapText(true);
        record.setPrefRowCount(7);
        record.getStyleClass().add(RECORD_STYLE_CLASS);
        record.textProperty().bind(Bindings.createStringBinding(
                () -> chosen.get() == null ? "" : RecordText.of(chosen.get()), chosen));
        Button reuse = new Button(Messages.text("records.reuse"), new FontIcon(Icons.REUSE));
        reuse.setId("reuse-settings");
        reuse.setTooltip(new Tooltip(Messages.text("records.reuse.tooltip")));
        reuse.disableProperty().bind(chosen.isNull());
        reuse.setOnAction(e -> model.settingsFile().reuse(chosen.get()));
        Panes.init(this, Messages.text("records.pane"), new VBox(6, records, reuse, record), "pane-record");
    }
}
