package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.DeviceChoice;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Which model and device the engine runs, as the status bar and the model pane show them: loaded
 * in the background, listed, switched (saved in the settings, then reloaded).
 */
public final class ModelStatus {

    private final EditEngine engine;
    private final Executor executor;
    private final SettingsStore store;
    private final BackgroundTasks tasks;
    private final Consumer<UnaryOperator<Settings>> settingsUpdate;
    private final Runnable stopEdits;
    private final Consumer<EditEngine.Description> loaded;

    /**
     * @param settingsUpdate writes a change of the settings file
     * @param stopEdits cancels a running edit before the engine switches
     * @param loaded what else follows a loaded model (the fill settings it recommends)
     */
    ModelStatus(EditEngine engine, Executor executor, SettingsStore store, BackgroundTasks tasks,
                Consumer<UnaryOperator<Settings>> settingsUpdate, Runnable stopEdits,
                Consumer<EditEngine.Description> loaded) {
        this.engine = engine;
        this.executor = executor;
        this.store = store;
        this.tasks = tasks;
        this.settingsUpdate = settingsUpdate;
        this.stopEdits = stopEdits;
        this.loaded = loaded;
    }

    /** Loads the model description in the background (model name, device, classes). */
    public void load() {
        tasks.run(Messages.text("model.task.load"), engine::describe, description -> {
            modelName.set(description.modelName());
            deviceName.set(description.device());
            classNames.set(List.copyOf(description.classNames()));
            loaded.accept(description);
        }, failure -> modelName.set(Messages.text("model.unavailable")));
    }

    /** Lists the models of the registry in the background. */
    public void listChoices() {
        tasks.run(Messages.text("model.task.list"), engine::models, choices::setAll, null);
    }

    /** The model chosen in the settings. */
    public String chosenModelId() {
        return store.get().modelId();
    }

    /** The device chosen in the settings. */
    public DeviceChoice chosenDevice() {
        return store.get().device();
    }

    /** Switches model or device: saved in the settings, then the engine loads it. */
    public void choose(String modelId, DeviceChoice device) {
        if (modelId.equals(store.get().modelId()) && device == store.get().device()) {
            return;
        }
        stopEdits.run();
        settingsUpdate.accept(s -> s.edit().modelId(modelId).device(device).build());
        modelName.set(Messages.text("model.loading"));
        deviceName.set(Messages.text("model.none"));
        executor.execute(engine::reload);
        load();
    }

    private final ReadOnlyStringWrapper modelName = new ReadOnlyStringWrapper(Messages.text("model.loading"));

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    private final ReadOnlyStringWrapper deviceName = new ReadOnlyStringWrapper(Messages.text("model.none"));

    public ReadOnlyStringProperty deviceNameProperty() {
        return deviceName.getReadOnlyProperty();
    }

    private final ReadOnlyObjectWrapper<List<String>> classNames = new ReadOnlyObjectWrapper<>(List.of());

    /** The model's class names (index = class id); empty until it loaded. */
    public ReadOnlyObjectProperty<List<String>> classNamesProperty() {
        return classNames.getReadOnlyProperty();
    }

    private final ObservableList<EditEngine.ModelChoice> choices = FXCollections.observableArrayList();
    private final ObservableList<EditEngine.ModelChoice> choicesView = FXCollections.unmodifiableObservableList(choices);

    /** The models found (after {@link #listChoices()}). */
    public ObservableList<EditEngine.ModelChoice> choices() {
        return choicesView;
    }
}
