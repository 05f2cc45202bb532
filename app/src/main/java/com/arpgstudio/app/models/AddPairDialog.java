package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.UserModel;
import java.io.File;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Add your own pair...: a name, the ARPG and VQ weights and an optional config.json. The pair is
 * read with the safe readers as soon as its files are named; Add is offered only for a pair that
 * loads, and otherwise the dialog says why (not ARPG weights, not a VQ tokenizer, a config that
 * contradicts them, a missing file).
 */
final class AddPairDialog extends Dialog<UserModel> {

    static final String STYLE_VERDICT = "add-pair-verdict";
    static final String STYLE_VERDICT_BAD = "add-pair-verdict-bad";

    private static final double WIDTH = 760;

    private final ModelsViewModel models;
    private final TextField name = field("add-pair-name");
    private final TextField arpg = field("add-pair-arpg");
    private final TextField vq = field("add-pair-vq");
    private final TextField config = field("add-pair-config");
    private final Label verdict = new Label();
    private final ButtonType add = new ButtonType(Messages.text("models.add.button"), ButtonBar.ButtonData.OK_DONE);
    private UserModel checked;
    private int checks;

    AddPairDialog(Window owner, ModelsViewModel models) {
        this.models = models;
        initOwner(owner);
        setTitle(Messages.text("models.add.title"));
        setHeaderText(Messages.text("models.add.header"));
        setResizable(true);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, label("models.add.name"), name);
        form.addRow(1, label("models.add.arpg"), arpg, chooser("add-pair-choose-arpg", arpg,
                "models.add.arpg", "*.pt", "*.safetensors", "*.pth", "*.bin"));
        form.addRow(2, label("models.add.vq"), vq, chooser("add-pair-choose-vq", vq,
                "models.add.vq", "*.pt", "*.safetensors", "*.pth", "*.bin"));
        form.addRow(3, label("models.add.config"), config, chooser("add-pair-choose-config",
                config, "models.add.config", "*.json"));
        GridPane.setHgrow(arpg, Priority.ALWAYS);
        verdict.setId("add-pair-verdict");
        verdict.getStyleClass().add(STYLE_VERDICT);
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        VBox content = new VBox(12, form, verdict);
        content.setPadding(new Insets(8));
        getDialogPane().setPrefWidth(WIDTH);
        verdict.setPrefWidth(WIDTH - 40);
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(add, ButtonType.CANCEL);
        getDialogPane().setId("add-pair-dialog");
        Node addButton = getDialogPane().lookupButton(add);
        addButton.setDisable(true);
        for (TextField f : new TextField[] {name, arpg, vq, config}) {
            f.textProperty().addListener((obs, was, now) -> check(addButton));
        }
        setResultConverter(button -> button == add ? checked : null);
    }

    /** Reads the pair as it is now in the background; the latest check's verdict wins. */
    private void check(Node addButton) {
        checked = null;
        addButton.setDisable(true);
        int check = ++checks;
        Optional<String> nameProblem = models.nameProblem(name.getText());
        if (arpg.getText().isBlank() || vq.getText().isBlank()) {
            verdict(Messages.text("models.add.pickFiles"), false);
            return;
        }
        UserModel pair;
        try {
            pair = new UserModel(name.getText().isBlank() ? "unnamed" : name.getText().trim(), arpg.getText().trim(),
                    vq.getText().trim(), config.getText().trim());
        } catch (IllegalArgumentException e) {
            verdict(e.getMessage(), true);
            return;
        }
        verdict(Messages.text("models.add.checking"), false);
        models.check(pair).whenComplete((entry, error) -> Platform.runLater(() -> {
            if (check != checks) {
                return; // a newer check runs
            }
            if (error != null) {
                verdict(Messages.text("models.add.unusable", error.getMessage()), true);
            } else if (!entry.present()) {
                verdict(Messages.text("models.add.unusable", entry.note()), true);
            } else if (nameProblem.isPresent()) {
                verdict(Messages.text("models.add.looksGood", describe(entry)) + " " + nameProblem.get(), true);
            } else {
                checked = pair;
                verdict(Messages.text("models.add.looksGood", describe(entry)), false);
                addButton.setDisable(false);
            }
        }));
    }

    private static String describe(ModelEntry entry) {
        return Messages.text("models.details.shape", entry.shape().windowPixels(), entry.shape().gridTokens(),
                entry.shape().classCount()) + (entry.note().isEmpty() ? "" : " (" + entry.note() + ")");
    }

    private void verdict(String text, boolean bad) {
        verdict.setText(text);
        verdict.getStyleClass().remove(STYLE_VERDICT_BAD);
        if (bad) {
            verdict.getStyleClass().add(STYLE_VERDICT_BAD);
        }
        // A longer verdict takes more lines: the window grows with it so the buttons stay in view.
        Platform.runLater(() -> {
            if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
                getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
    }

    /** A form label that keeps its whole text. */
    private static Label label(String key) {
        Label label = new Label(Messages.text(key));
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private Button chooser(String id, TextField target, String titleKey, String... patterns) {
        Button choose = new Button(Messages.text("models.add.choose"));
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setId(id);
        choose.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(Messages.text(titleKey));
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter(Messages.text(titleKey), patterns),
                    new FileChooser.ExtensionFilter(Messages.text("models.add.allFiles"), "*"));
            File file = chooser.showOpenDialog(getDialogPane().getScene().getWindow());
            if (file != null) {
                target.setText(file.getAbsolutePath());
            }
        });
        return choose;
    }

    private static TextField field(String id) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(30);
        return field;
    }
}
