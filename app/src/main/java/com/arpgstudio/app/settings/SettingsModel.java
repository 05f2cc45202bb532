package com.arpgstudio.app.settings;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.Settings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The settings panel's editable state: one property per field of {@link SamplingSettings} (which
 * validates them), the seed lock and the detail pass, loaded from and written back to the shared {@link Settings}
 * (the file the CLI reads too). It also keeps the chosen model's recommended settings
 * ({@link SamplingSettings#recommendedBy}): choosing a model applies them to the values the user
 * left as the previous model recommended them, and {@link #resetToRecommended()} restores them all.
 * The file keeps them beside the values ({@link Settings#recommendedSampling()}), so that at the next
 * start a value saved as one model recommended it still follows the model loaded then.
 */
public final class SettingsModel {

    public SettingsModel(Settings initial) {
        load(initial);
    }

    public void load(Settings settings) {
        use(settings.sampling());
        recommended.set(settings.recommendedSampling());
        seedLocked.set(settings.seedLocked());
        detailPass.set(settings.detailPass());
    }

    /** Puts {@code s}'s values into the panel (the seed lock stays as it is). */
    public void use(SamplingSettings s) {
        classId.set(s.classId());
        steps.set(s.steps());
        guidanceScale.set(s.guidanceScale());
        guidanceSchedule.set(s.guidanceSchedule());
        sampleSchedule.set(s.sampleSchedule());
        temperature.set(s.temperature());
        topK.set(s.topK());
        topP.set(s.topP());
        detailTemperatureRatio.set(s.detailTemperatureRatio());
        seed.set(s.seed());
        variants.set(s.variants());
    }

    /** The current values for one run, validated (throws IllegalArgumentException naming the bad one). */
    public SamplingSettings snapshot() {
        return new SamplingSettings(classId.get(), steps.get(), guidanceScale.get(), guidanceSchedule.get(),
                sampleSchedule.get(), temperature.get(), topK.get(), topP.get(), detailTemperatureRatio.get(),
                seed.get(), variants.get());
    }

    /** The shared settings with this panel's values put in (validated by {@link SamplingSettings}). */
    public Settings applyTo(Settings s) {
        return s.edit().sampling(snapshot()).recommendedSampling(recommended.get()).seedLocked(seedLocked.get())
                .detailPass(detailPass.get()).build();
    }

    /**
     * A model was chosen (or loaded at start) that recommends {@code model}: each of its
     * {@link SamplingSettings#RECOMMENDABLE} settings whose value is still what the previous model
     * recommended (at start, the one the settings file recorded) takes the new one; a value the user
     * changed stays.
     */
    public void applyRecommended(SamplingSettings model) {
        SamplingSettings previous = recommended.get();
        if (steps.get() == previous.steps()) {
            steps.set(model.steps());
        }
        if (same(guidanceScale.get(), previous.guidanceScale())) {
            guidanceScale.set(model.guidanceScale());
        }
        if (guidanceSchedule.get() == previous.guidanceSchedule()) {
            guidanceSchedule.set(model.guidanceSchedule());
        }
        if (sampleSchedule.get() == previous.sampleSchedule()) {
            sampleSchedule.set(model.sampleSchedule());
        }
        if (same(temperature.get(), previous.temperature())) {
            temperature.set(model.temperature());
        }
        if (topK.get() == previous.topK()) {
            topK.set(model.topK());
        }
        if (same(topP.get(), previous.topP())) {
            topP.set(model.topP());
        }
        if (same(detailTemperatureRatio.get(), previous.detailTemperatureRatio())) {
            detailTemperatureRatio.set(model.detailTemperatureRatio());
        }
        recommended.set(model);
    }

    /** Every {@link SamplingSettings#RECOMMENDABLE} setting back to the chosen model's value. */
    public void resetToRecommended() {
        SamplingSettings model = recommended.get();
        steps.set(model.steps());
        guidanceScale.set(model.guidanceScale());
        guidanceSchedule.set(model.guidanceSchedule());
        sampleSchedule.set(model.sampleSchedule());
        temperature.set(model.temperature());
        topK.set(model.topK());
        topP.set(model.topP());
        detailTemperatureRatio.set(model.detailTemperatureRatio());
    }

    /** Spinner steps of 0.1 add up to values a rounding away from the typed one. */
    private static boolean same(double a, double b) {
        return Math.abs(a - b) < 1e-9;
    }

    /** The dice: a fresh random seed. */
    public void rollSeed() {
        seed.set(SamplingSettings.randomSeed());
    }

    /** The chosen model's recommended settings; until one is described, those the loaded values were saved with. */
    private final ReadOnlyObjectWrapper<SamplingSettings> recommended = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<SamplingSettings> recommendedProperty() {
        return recommended.getReadOnlyProperty();
    }

    /** The class, or null for none (the null class). */
    private final ObjectProperty<Integer> classId = new SimpleObjectProperty<>();

    public ObjectProperty<Integer> classIdProperty() {
        return classId;
    }

    private final IntegerProperty steps = new SimpleIntegerProperty();

    public IntegerProperty stepsProperty() {
        return steps;
    }

    private final DoubleProperty guidanceScale = new SimpleDoubleProperty();

    public DoubleProperty guidanceScaleProperty() {
        return guidanceScale;
    }

    private final ObjectProperty<Guidance> guidanceSchedule = new SimpleObjectProperty<>();

    public ObjectProperty<Guidance> guidanceScheduleProperty() {
        return guidanceSchedule;
    }

    private final ObjectProperty<Schedule> sampleSchedule = new SimpleObjectProperty<>();

    public ObjectProperty<Schedule> sampleScheduleProperty() {
        return sampleSchedule;
    }

    private final DoubleProperty temperature = new SimpleDoubleProperty();

    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    private final IntegerProperty topK = new SimpleIntegerProperty();

    public IntegerProperty topKProperty() {
        return topK;
    }

    private final DoubleProperty topP = new SimpleDoubleProperty();

    public DoubleProperty topPProperty() {
        return topP;
    }

    private final DoubleProperty detailTemperatureRatio = new SimpleDoubleProperty();

    public DoubleProperty detailTemperatureRatioProperty() {
        return detailTemperatureRatio;
    }

    private final LongProperty seed = new SimpleLongProperty();

    public LongProperty seedProperty() {
        return seed;
    }

    private final BooleanProperty seedLocked = new SimpleBooleanProperty();

    public BooleanProperty seedLockedProperty() {
        return seedLocked;
    }

    private final IntegerProperty variants = new SimpleIntegerProperty();

    public IntegerProperty variantsProperty() {
        return variants;
    }

    private final ObjectProperty<DetailPass> detailPass = new SimpleObjectProperty<>();

    /** Whether fills larger than the model's window get detail passes (the shared setting). */
    public ObjectProperty<DetailPass> detailPassProperty() {
        return detailPass;
    }
}
