package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;

/**
 * One model in the Models dialog: name and state, window, classes, size and place, the download's
 * progress bar (bytes, speed, time left) or its failure, and the buttons that apply to it.
 */
final class ModelRowView extends VBox {

    static final String STYLE = "model-row";
    static final String STYLE_CURRENT = "model-row-current";
    static final String STYLE_NAME = "model-row-name";
    static final String STYLE_DETAILS = "model-row-details";
    static final String STYLE_STATUS = "model-row-status";
    static final String STYLE_PROBLEM = "model-row-problem";
    static final Ikon ICON_DOWNLOAD = MaterialDesignD.DOWNLOAD;
    static final Ikon ICON_CANCEL = MaterialDesignC.CLOSE_CIRCLE_OUTLINE;
    static final Ikon ICON_USE = MaterialDesignC.CHECK;
    static final Ikon ICON_REMOVE = MaterialDesignD.DELETE_OUTLINE;

    /** What the row's buttons ask the dialog to do (Remove asks the user first). */
    interface Actions {
        void remove(ModelRow row);
    }

    ModelRowView(ModelRow row, ModelsViewModel models, Actions actions) {
        getStyleClass().add(STYLE);
        setId("model-row-" + row.id().replace(':', '-'));
        row.currentProperty().addListener((obs, was, now) -> markCurrent(now));
        markCurrent(row.isCurrent());

        Label name = new Label(row.entry().name());
        name.getStyleClass().add(STYLE_NAME);
        Label status = new Label();
        status.getStyleClass().add(STYLE_STATUS);
        status.setId("model-status");
        status.textProperty().bind(row.statusProperty());
        status.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button download = button("models.download", ICON_DOWNLOAD, "model-download", () -> models.download(row));
        show(download, row.downloadableProperty());
        Button cancel = button("models.cancel", ICON_CANCEL, "model-cancel", () -> models.cancel(row));
        show(cancel, row.downloadingProperty());
        Button use = button("models.use", ICON_USE, "model-use", () -> models.use(row));
        show(use, row.usableProperty().and(row.currentProperty().not()).and(row.downloadingProperty().not()));
        Button remove = button("models.remove", ICON_REMOVE, "model-remove", () -> actions.remove(row));
        show(remove, row.removableProperty());
        HBox head = new HBox(8, name, status, spacer, download, cancel, use, remove);
        head.setAlignment(Pos.CENTER_LEFT);

        Label details = new Label();
        details.getStyleClass().add(STYLE_DETAILS);
        details.textProperty().bind(row.detailsProperty());
        details.setWrapText(true);

        ProgressBar bar = new ProgressBar();
        bar.setId("model-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(row.progressProperty());
        show(bar, row.downloadingProperty());

        Label problem = new Label();
        problem.setId("model-problem");
        problem.getStyleClass().add(STYLE_PROBLEM);
        problem.textProperty().bind(row.problemProperty());
        problem.setWrapText(true);
        show(problem, Bindings.isNotEmpty(row.problemProperty()));

        getChildren().addAll(head, details, bar, problem);
        setSpacing(4);
    }

    private void markCurrent(boolean current) {
        if (current) {
            getStyleClass().add(STYLE_CURRENT);
        } else {
            getStyleClass().remove(STYLE_CURRENT);
        }
    }

    private static Button button(String key, Ikon icon, String id, Runnable action) {
        Button button = new Button(Messages.text(key), new FontIcon(icon));
        button.setId(id);
        button.setOnAction(e -> action.run());
        return button;
    }

    private static void show(Node node, javafx.beans.value.ObservableBooleanValue when) {
        node.visibleProperty().bind(when);
        node.managedProperty().bind(when);
    }
}
