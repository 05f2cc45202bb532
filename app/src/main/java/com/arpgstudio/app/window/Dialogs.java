package com.arpgstudio.app.window;

import com.arpgstudio.app.i18n.Messages;

import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.Gesture;
import com.arpgstudio.app.actions.Shortcuts;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.ProgressText;
import javafx.beans.property.ReadOnlyStringWrapper;
import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Control;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The editor's dialogs: failures with their details, the shortcut list. */
public final class Dialogs {

    private static final Logger LOG = LoggerFactory.getLogger(Dialogs.class);

    private Dialogs() {}

    public static Alert failure(Window owner, EditorViewModel.Failure failure) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(failure.title());
        alert.setHeaderText(failure.title());
        alert.setContentText(failure.message());
        if (failure.cause() != null) {
            LOG.warn("{}: {}", failure.title(), failure.message(), failure.cause());
            String causes = causesInWords(failure.cause(), failure.message());
            if (!causes.isEmpty()) {
                TextArea details = new TextArea(causes);
                details.setEditable(false);
                details.setWrapText(true);
                details.setPrefRowCount(6);
                details.getStyleClass().add("details-text");
                alert.getDialogPane().setExpandableContent(details);
            }
        }
        alert.getDialogPane().getStyleClass().add("studio-dialog");
        return alert;
    }

    /**
     * What led to a failure, one line per cause, in the causes' own words (their messages); the
     * stack trace goes to the log, not to the user. Empty when the message already says it all.
     */
    static String causesInWords(Throwable error, String shown) {
        StringBuilder text = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            String said = t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                    : t.getMessage().strip();
            if (!said.equals(shown) && text.indexOf(said) < 0) {
                text.append(text.length() == 0 ? "" : "\n").append("• ").append(said);
            }
        }
        return text.toString();
    }

    /** What to do with unsaved work before it would be lost. */
    enum SaveChoice { SAVE, DONT_SAVE, CANCEL }

    /**
     * Save / Don't Save / Cancel, Save the default, before {@code documentName}'s unsaved image edits
     * (if {@code unsaved}) or a running generation (if {@code running}, which stops) would be lost.
     */
    static SaveChoice askToSave(Window owner, String documentName, boolean unsaved, boolean running) {
        ButtonType save = new ButtonType(Messages.text("ask.save"), ButtonBar.ButtonData.YES);
        ButtonType dontSave = new ButtonType(Messages.text(unsaved ? "ask.dontSave" : "ask.stop"), ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType(Messages.text("ask.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner);
        alert.setTitle(Messages.text(unsaved ? "ask.unsaved.title" : "ask.running.title"));
        alert.setHeaderText(Messages.text(unsaved ? "ask.unsaved.header" : "ask.running.header"));
        String text = unsaved ? Messages.text("ask.unsaved.text", ActionId.SAVE_MASK.menuPath()) : "";
        if (running) {
            text += (text.isEmpty() ? "" : "\n\n") + Messages.text("ask.running.text");
        }
        alert.setContentText(text);
        alert.getButtonTypes().setAll(unsaved ? List.of(save, dontSave, cancel) : List.of(dontSave, cancel));
        Button preferred = (Button) alert.getDialogPane().lookupButton(unsaved ? save : dontSave);
        alert.getDialogPane().getButtonTypes().stream()
                .map(type -> (Button) alert.getDialogPane().lookupButton(type))
                .forEach(button -> button.setDefaultButton(button == preferred));
        alert.getDialogPane().getStyleClass().add("studio-dialog");
        ButtonType chosen = alert.showAndWait().orElse(cancel);
        return chosen == save ? SaveChoice.SAVE : chosen == dontSave ? SaveChoice.DONT_SAVE : SaveChoice.CANCEL;
    }

    /** Before an edit expected to take long: go on, run one variant instead, or do not start it. */
    public static EditorViewModel.LongEditChoice askAboutLongEdit(Window owner, EditorViewModel.LongEdit edit) {
        ButtonType goOn = new ButtonType(Messages.text("long.continue"), ButtonBar.ButtonData.OK_DONE);
        ButtonType oneVariant = new ButtonType(Messages.text("long.oneVariant"), ButtonBar.ButtonData.OTHER);
        ButtonType stop = new ButtonType(Messages.text(edit.started() ? "long.stop" : "long.dontStart"),
                ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner);
        alert.setTitle(Messages.text("long.title"));
        alert.setHeaderText(Messages.text("long.header", edit.label(), ProgressText.duration(edit.expectedSeconds())));
        alert.setContentText(Messages.text(edit.started() ? "long.textStarted" : "long.text",
                edit.windows() == 1 ? Messages.text("long.window") : Messages.text("long.windows", edit.windows()),
                edit.variants() > 1 ? Messages.text("long.variants", edit.variants()) : "",
                Gesture.CANCEL_OR_DISCARD.keysText()));
        // Fewer variants is a choice only before the start: once running, it would throw away what ran.
        alert.getButtonTypes().setAll(edit.variants() > 1 && !edit.started() ? List.of(goOn, oneVariant, stop)
                : List.of(goOn, stop));
        alert.getDialogPane().getStyleClass().add("studio-dialog");
        ButtonType chosen = alert.showAndWait().orElse(stop);
        return chosen == goOn ? EditorViewModel.LongEditChoice.CONTINUE
                : chosen == oneVariant ? EditorViewModel.LongEditChoice.ONE_VARIANT : EditorViewModel.LongEditChoice.CANCEL;
    }

    public static Alert shortcuts(Window owner) {
        TableView<Shortcuts.Shortcut> table = new TableView<>();
        table.setId("shortcuts-table");
        table.getColumns().add(column(Messages.text("shortcuts.area"), 90, Shortcuts.Shortcut::group));
        table.getColumns().add(column(Messages.text("shortcuts.keys"), 170, Shortcuts.Shortcut::keys));
        table.getColumns().add(column(Messages.text("shortcuts.action"), 420, Shortcuts.Shortcut::action));
        table.getItems().setAll(Shortcuts.all());
        table.setPrefSize(700, 520);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle(Messages.text("shortcuts.title"));
        alert.setHeaderText(Messages.text("shortcuts.title"));
        alert.getDialogPane().setContent(table);
        alert.setResizable(true);
        alert.getDialogPane().getStyleClass().add("studio-dialog");
        return alert;
    }

    private static TableColumn<Shortcuts.Shortcut, String> column(
            String title, double width, java.util.function.Function<Shortcuts.Shortcut, String> value) {
        TableColumn<Shortcuts.Shortcut, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        // Long entries wrap onto a second line instead of being cut with "…".
        column.setCellFactory(c -> new TableCell<>() {
            private final Text text = new Text();

            {
                text.getStyleClass().add("text");
                text.wrappingWidthProperty().bind(column.widthProperty().subtract(12));
                text.fillProperty().bind(textFillProperty());
                setGraphic(text);
                setPrefHeight(Control.USE_COMPUTED_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item);
            }
        });
        return column;
    }
}
