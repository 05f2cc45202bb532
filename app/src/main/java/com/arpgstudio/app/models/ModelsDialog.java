package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/**
 * Model &gt; Manage models...: every model with its state and actions, Add your own pair..., Open
 * models folder. A window beside the editor, not a modal dialog: the editor stays usable, and
 * closing it leaves downloads running ({@link ModelsViewModel} owns them).
 */
public final class ModelsDialog {

    static final String STYLE = "models-dialog";
    static final String STYLE_INTRO = "models-intro";
    static final String STYLE_MESSAGE = "models-message";
    static final Ikon ICON_ADD = MaterialDesignF.FILE_PLUS_OUTLINE;
    static final Ikon ICON_FOLDER = MaterialDesignF.FOLDER_OPEN_OUTLINE;

    private final ModelsViewModel models;
    private final Consumer<Path> openFolder;
    private final Stage stage = new Stage();

    /** {@code openFolder} shows a folder in the desktop's file manager. */
    public ModelsDialog(Window owner, ModelsViewModel models, Consumer<Path> openFolder) {
        this.models = models;
        this.openFolder = openFolder;
        stage.initOwner(owner);
        stage.initModality(Modality.NONE);
        stage.setTitle(Messages.text("models.title"));
        stage.setScene(new Scene(content(), 760, 560));
        stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        owner.getScene().getStylesheets().addListener((ListChangeListener<String>) c ->
                stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets()));
    }

    /** Shows the window (or brings it to the front) and rescans the models. */
    public void show() {
        models.refresh();
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    private BorderPane content() {
        Label intro = new Label(Messages.text("models.intro"));
        intro.getStyleClass().add(STYLE_INTRO);
        intro.setWrapText(true);

        VBox list = new VBox(10);
        list.setId("models-list");
        list.setPadding(new Insets(4));
        Runnable rebuild = () -> list.getChildren().setAll(models.rows().stream()
                .map(row -> new ModelRowView(row, models, this::confirmRemove)).toList());
        models.rows().addListener((ListChangeListener<ModelRow>) c -> rebuild.run());
        rebuild.run();
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);

        Button add = new Button(Messages.text("models.addPair"), new FontIcon(ICON_ADD));
        add.setId("models-add-pair");
        add.setOnAction(e -> new AddPairDialog(stage, models).showAndWait().ifPresent(models::add));
        Button folder = new Button(Messages.text("models.openFolder"), new FontIcon(ICON_FOLDER));
        folder.setId("models-open-folder");
        folder.setOnAction(e -> openModelsFolder());
        Label message = new Label();
        message.setId("models-message");
        message.getStyleClass().add(STYLE_MESSAGE);
        message.textProperty().bind(models.messageProperty());
        message.setWrapText(true);
        HBox buttons = DialogButtons.row("models-close", Messages.text("models.close"), stage::hide, add, folder);

        BorderPane root = new BorderPane(scroll);
        root.getStyleClass().add(STYLE);
        root.setTop(intro);
        root.setBottom(new VBox(6, message, buttons));
        root.setPadding(new Insets(12));
        BorderPane.setMargin(scroll, new Insets(10, 0, 10, 0));
        return root;
    }

    private void openModelsFolder() {
        Path folder = models.modelsFolder();
        try {
            Files.createDirectories(folder);
            openFolder.accept(folder);
        } catch (IOException | RuntimeException e) {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, Messages.text("models.folderFailed", folder,
                    e.getMessage()), ButtonType.OK);
            alert.initOwner(stage);
            alert.show();
        }
    }

    /** Asks before removing: a pair leaves the list (its files stay); a download's files are deleted. */
    private void confirmRemove(ModelRow row) {
        ModelEntry entry = row.entry();
        String question = entry.source() == ModelEntry.Source.USER
                ? Messages.text("models.remove.pairQuestion", entry.name())
                : Messages.text("models.remove.filesQuestion", entry.name(),
                        Sizes.describe(entry.present() ? entry.sizeBytes()
                                : entry.generator().partialBytes() + entry.tokenizer().partialBytes()), models.modelsFolder());
        ButtonType remove = new ButtonType(Messages.text("models.remove"), ButtonBar.ButtonData.OK_DONE);
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, question, remove, ButtonType.CANCEL);
        ask.initOwner(stage);
        ask.setHeaderText(Messages.text("models.remove.header", entry.name()));
        ask.getDialogPane().setId("models-remove-confirm");
        if (ask.showAndWait().filter(b -> b == remove).isPresent()) {
            models.remove(row);
        }
    }
}
