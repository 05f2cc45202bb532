package com.arpgstudio.app.window;

import static com.arpgstudio.app.window.Panes.formLabel;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.ActionRegistry;
import com.arpgstudio.app.editing.EditEngine.ModelChoice;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.inference.runtime.DeviceChoice;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Model: the model and device, applied at once (the engine loads the new choice in the background). */
public final class ModelPane extends TitledPane {

    public ModelPane(EditorViewModel model, ActionRegistry actions) {
        ChoiceBox<ModelChoice> models = new ChoiceBox<>();
        models.setId("model-choice");
        models.setMaxWidth(Double.MAX_VALUE);
        ChoiceBox<DeviceChoice> devices = new ChoiceBox<>(FXCollections.observableArrayList(DeviceChoice.values()));
        devices.setId("device-choice");
        devices.setValue(model.modelStatus().chosenDevice());
        Runnable refresh = () -> {
            models.getItems().setAll(model.modelStatus().choices().stream().filter(ModelChoice::present).toList());
            models.getItems().stream().filter(m -> m.id().equals(model.modelStatus().chosenModelId())).findFirst()
                    .ifPresent(models::setValue);
        };
        model.modelStatus().choices().addListener((ListChangeListener<ModelChoice>) c -> refresh.run());
        refresh.run();
        Button apply = new Button(Messages.text("model.use"));
        apply.setId("model-apply");
        apply.setOnAction(e -> {
            if (models.getValue() != null && devices.getValue() != null) {
                model.modelStatus().choose(models.getValue().id(), devices.getValue());
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, formLabel(Messages.text("model.model")), models);
        grid.addRow(1, formLabel(Messages.text("model.device")), devices);
        GridPane.setHgrow(models, Priority.ALWAYS);
        Button manage = new Button(ActionId.MANAGE_MODELS.label().replace("_", ""));
        manage.setId("model-manage");
        manage.setOnAction(e -> actions.fire(ActionId.MANAGE_MODELS));
        Panes.init(this, Messages.text("model.pane"),
                new VBox(8, grid, new HBox(8, apply, manage), Panes.hint(Messages.text("model.hint"))), "pane-model");
        setExpanded(false);
        expandedProperty().addListener((obs, was, open) -> {
            if (open) {
                model.modelStatus().listChoices();
            }
        });
    }
}
