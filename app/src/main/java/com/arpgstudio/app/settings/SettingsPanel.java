package com.arpgstudio.app.settings;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.models.ClassLabels;
import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.runtime.DetailPass;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import javafx.util.converter.LongStringConverter;
import org.controlsfx.control.SearchableComboBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/** The generation settings form: class, steps, guidance, sampling, seed (lock and dice), variants. */
public final class SettingsPanel extends GridPane {

    static final Ikon ICON_LOCKED = MaterialDesignL.LOCK;
    static final Ikon ICON_UNLOCKED = MaterialDesignL.LOCK_OPEN_VARIANT;
    static final Ikon ICON_ROLL = MaterialDesignD.DICE_5;

    /** Bidirectional bindings are weak; these adapters must live as long as the panel. */
    private final List<Object> bindingAdapters = new ArrayList<>();
    private final SearchableComboBox<ClassLabels.Choice> classBox = new SearchableComboBox<>();
    private final SettingsModel model;

    public SettingsPanel(SettingsModel model, ReadOnlyObjectProperty<List<String>> classNames) {
        this.model = model;
        getStyleClass().add("settings-form");
        setId("settings-panel");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(96);
        labels.setPrefWidth(96);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        getColumnConstraints().addAll(labels, fields);

        classBox.setId("class-box");
        classBox.setMaxWidth(Double.MAX_VALUE);
        classBox.setTooltip(new Tooltip(Messages.text("fill.class.tooltip")));
        setClasses(classNames.get());
        classNames.addListener((obs, old, names) -> setClasses(names));
        classBox.valueProperty().addListener((obs, old, choice) -> {
            if (choice != null) {
                model.classIdProperty().set(choice.id());
            }
        });
        model.classIdProperty().addListener((obs, old, id) -> selectClass(id));

        Spinner<Integer> steps = intSpinner("steps", 1, SamplingSettings.MAX_STEPS, 1,
                model.stepsProperty().asObject());
        steps.setTooltip(new Tooltip(Messages.text("fill.steps.tooltip")));
        Spinner<Double> guidance = doubleSpinner("guidance", SamplingSettings.MIN_GUIDANCE,
                SamplingSettings.MAX_GUIDANCE, 0.5,
                model.guidanceScaleProperty().asObject());
        guidance.setTooltip(new Tooltip(Messages.text("fill.guidance.tooltip")));
        ChoiceBox<Guidance> schedule = new ChoiceBox<>(FXCollections.observableArrayList(Guidance.values()));
        schedule.setId("guidance-schedule");
        schedule.valueProperty().bindBidirectional(model.guidanceScheduleProperty());
        schedule.setTooltip(new Tooltip(Messages.text("fill.ramp.tooltip")));
        // Guidance steers towards a class: without one the engine skips it, whatever its scale.
        guidance.disableProperty().bind(model.classIdProperty().isNull());
        schedule.disableProperty().bind(model.classIdProperty().isNull());
        ChoiceBox<Schedule> order = new ChoiceBox<>(FXCollections.observableArrayList(Schedule.values()));
        order.setId("sample-schedule");
        order.valueProperty().bindBidirectional(model.sampleScheduleProperty());
        order.setTooltip(new Tooltip(Messages.text("fill.order.tooltip")));
        Spinner<Double> temperature = doubleSpinner("temperature", SamplingSettings.MIN_TEMPERATURE,
                SamplingSettings.MAX_TEMPERATURE, 0.05,
                model.temperatureProperty().asObject());
        Spinner<Integer> topK = intSpinner("top-k", 0, SamplingSettings.MAX_TOP_K, 10, model.topKProperty().asObject());
        topK.setTooltip(new Tooltip(Messages.text("fill.topK.tooltip")));
        Spinner<Double> topP = doubleSpinner("top-p", SamplingSettings.MIN_TOP_P, 1, 0.01, model.topPProperty().asObject());
        Spinner<Integer> variants = intSpinner("variants", 1, SamplingSettings.MAX_VARIANTS, 1,
                model.variantsProperty().asObject());
        variants.setTooltip(new Tooltip(Messages.text("fill.variants.tooltip")));
        ChoiceBox<DetailPass> detail = new ChoiceBox<>(FXCollections.observableArrayList(DetailPass.values()));
        detail.setId("detail-pass");
        detail.setConverter(new StringConverter<>() {
            @Override
            public String toString(DetailPass pass) {
                return pass == null ? "" : Messages.text("fill.detail." + pass);
            }

            @Override
            public DetailPass fromString(String text) {
                throw new UnsupportedOperationException("a choice box is not edited as text");
            }
        });
        detail.valueProperty().bindBidirectional(model.detailPassProperty());
        detail.setTooltip(new Tooltip(Messages.text("fill.detail.tooltip")));
        Spinner<Double> detailHeat = doubleSpinner("detail-temperature-ratio",
                SamplingSettings.MIN_DETAIL_TEMPERATURE_RATIO, SamplingSettings.MAX_DETAIL_TEMPERATURE_RATIO, 0.05,
                model.detailTemperatureRatioProperty().asObject());
        detailHeat.setTooltip(new Tooltip(Messages.text("fill.detailTemperatureRatio.tooltip")));
        detailHeat.setAccessibleText(Messages.text("fill.detailTemperatureRatio"));
        detailHeat.disableProperty().bind(model.detailPassProperty().isEqualTo(DetailPass.OFF));
        // the heat belongs to the detail pass: one row, so the panel grows by no line
        detail.setMinWidth(Region.USE_PREF_SIZE);
        HBox detailRow = new HBox(4, detail, detailHeat);
        HBox.setHgrow(detailHeat, Priority.ALWAYS);

        TextField seed = new TextField();
        seed.setId("seed-field");
        TextFormatter<Long> seedFormat = new TextFormatter<>(seedNumbers(), model.seedProperty().get(), digitsOnly());
        seed.setTextFormatter(seedFormat);
        var seedObject = model.seedProperty().asObject();
        bindingAdapters.add(seedObject);
        seedFormat.valueProperty().bindBidirectional(seedObject);
        seed.setPrefColumnCount(8);
        HBox.setHgrow(seed, Priority.ALWAYS);
        ToggleButton lock = new ToggleButton();
        lock.setId("seed-lock");
        lock.selectedProperty().bindBidirectional(model.seedLockedProperty());
        lock.graphicProperty().bind(javafx.beans.binding.Bindings.when(lock.selectedProperty())
                .then(new FontIcon(ICON_LOCKED)).otherwise(new FontIcon(ICON_UNLOCKED)));
        lock.setTooltip(new Tooltip(Messages.text("fill.seedLock.tooltip")));
        Button dice = new Button(null, new FontIcon(ICON_ROLL));
        dice.setId("seed-dice");
        dice.setTooltip(new Tooltip(Messages.text("fill.seedRoll.tooltip")));
        dice.setOnAction(e -> model.rollSeed());
        HBox seedRow = new HBox(4, seed, lock, dice);

        int row = 0;
        addRow(row++, label(Messages.text("fill.class")), classBox);
        addRow(row++, label(Messages.text("fill.steps")), steps);
        addRow(row++, label(Messages.text("fill.guidance")), guidance);
        addRow(row++, label(Messages.text("fill.ramp")), schedule);
        addRow(row++, label(Messages.text("fill.order")), order);
        addRow(row++, label(Messages.text("fill.temperature")), temperature);
        addRow(row++, label(Messages.text("fill.topK")), topK);
        addRow(row++, label(Messages.text("fill.topP")), topP);
        addRow(row++, label(Messages.text("fill.seed")), seedRow);
        addRow(row++, label(Messages.text("fill.variants")), variants);
        addRow(row++, label(Messages.text("fill.detail")), detailRow);
        Button reset = new Button(Messages.text("settings.resetToModel"));
        reset.setId("reset-to-model");
        reset.setTooltip(new Tooltip(Messages.text("settings.resetToModel.tooltip")));
        reset.setOnAction(e -> model.resetToRecommended());
        add(reset, 0, row, 2, 1); // the whole width: the label is longer than a field
        setHgap(8);
        setVgap(6);
    }

    private void setClasses(List<String> names) {
        Integer id = model.classIdProperty().get();
        classBox.setItems(FXCollections.observableArrayList(ClassLabels.choices(names)));
        selectClass(id);
    }

    private void selectClass(Integer id) {
        classBox.getItems().stream().filter(c -> Objects.equals(c.id(), id)).findFirst()
                .ifPresentOrElse(classBox::setValue, () -> {
                    if (!classBox.getItems().isEmpty()) {
                        classBox.setValue(classBox.getItems().get(0));
                    }
                });
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-label");
        return label;
    }

    private Spinner<Integer> intSpinner(String id, int min, int max, int step,
                                        javafx.beans.property.ObjectProperty<Integer> value) {
        Spinner<Integer> spinner = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get(), step));
        bind(spinner, id, value);
        return spinner;
    }

    private Spinner<Double> doubleSpinner(String id, double min, double max, double step,
                                          javafx.beans.property.ObjectProperty<Double> value) {
        Spinner<Double> spinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, value.get(), step));
        bind(spinner, id, value);
        return spinner;
    }

    private <T> void bind(Spinner<T> spinner, String id, javafx.beans.property.ObjectProperty<T> value) {
        spinner.setId(id + "-spinner");
        spinner.setMaxWidth(Double.MAX_VALUE);
        Spinners.bindEditable(spinner, value);
    }

    /**
     * Whole numbers; an emptied field reads as no number, which makes the formatter show the seed
     * again (its value would become null, and the seed 0 while the field stayed empty).
     */
    private static StringConverter<Long> seedNumbers() {
        return new LongStringConverter() {
            @Override
            public Long fromString(String text) {
                Long seed = super.fromString(text);
                if (seed == null) {
                    throw new NumberFormatException("no seed typed");
                }
                return seed;
            }
        };
    }

    private static UnaryOperator<TextFormatter.Change> digitsOnly() {
        return change -> change.getControlNewText().matches("\\d{0,10}") ? change : null;
    }
}
