package com.arpgstudio.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsModelTest {

    @TempDir
    Path dir;

    @Test
    void panelValuesGoThroughTheSharedSettingsFileIncludingNoClass() throws IOException {
        SettingsStore store = SettingsStore.open(dir.resolve("settings.json"));
        SettingsModel model = new SettingsModel(store.get());
        model.classIdProperty().set(5);
        model.classIdProperty().set(null);
        model.stepsProperty().set(12);
        model.guidanceScaleProperty().set(2.5);
        model.guidanceScheduleProperty().set(Guidance.CONSTANT);
        model.sampleScheduleProperty().set(Schedule.COSINE);
        model.seedProperty().set(99);
        model.seedLockedProperty().set(true);
        model.variantsProperty().set(3);
        store.update(model::applyTo);

        SettingsModel reloaded = new SettingsModel(SettingsStore.open(dir.resolve("settings.json")).get());
        assertEquals(model.snapshot(), reloaded.snapshot());
        assertNull(reloaded.snapshot().classId());
        assertEquals(Guidance.CONSTANT, reloaded.snapshot().guidanceSchedule());
        assertTrue(reloaded.seedLockedProperty().get());
    }

    @Test
    void theDetailPassGoesThroughTheSharedSettingsFile() throws IOException {
        SettingsStore store = SettingsStore.open(dir.resolve("settings.json"));
        SettingsModel model = new SettingsModel(store.get());
        assertEquals(DetailPass.DEFAULT, model.detailPassProperty().get());
        model.detailPassProperty().set(DetailPass.OFF);
        store.update(model::applyTo);
        Settings reread = SettingsStore.open(dir.resolve("settings.json")).get();
        assertEquals(DetailPass.OFF, reread.detailPass());
        assertEquals(DetailPass.OFF, new SettingsModel(reread).detailPassProperty().get());
    }

    @Test
    void outOfRangeValuesAreRefusedByName() {
        SettingsModel model = new SettingsModel(Settings.defaults());
        model.topPProperty().set(1.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, model::snapshot);
        assertTrue(e.getMessage().contains("topP"), e.getMessage());
    }

    private static final SamplingSettings EMBEDDED =
            new SamplingSettings(null, 64, 1.5, Guidance.LINEAR, Schedule.ARCCOS, 0.9, 100, 1.0, 1.38, 0L, 1);
    private static final SamplingSettings OTHER =
            new SamplingSettings(null, 32, 3.0, Guidance.CONSTANT, Schedule.COSINE, 1.0, 0, 0.95, 1.15, 0L, 1);

    @Test
    void aChosenModelsSettingsReplaceOnlyTheValuesTheUserLeftAsRecommended() {
        SettingsModel model = new SettingsModel(Settings.defaults());
        model.classIdProperty().set(3);
        model.seedProperty().set(42);
        model.variantsProperty().set(2);

        model.applyRecommended(EMBEDDED);
        assertEquals(EMBEDDED.withClassId(3).withSeed(42).withVariants(2), model.snapshot(), "start: all applied");

        model.temperatureProperty().set(1.3);
        model.guidanceScheduleProperty().set(Guidance.CONSTANT);
        model.detailTemperatureRatioProperty().set(1.6);
        model.applyRecommended(OTHER);
        assertEquals(new SamplingSettings(3, 32, 3.0, Guidance.CONSTANT, Schedule.COSINE, 1.3, 0, 0.95, 1.6, 42L, 2),
                model.snapshot(), "the user's temperature, ramp and detail ratio stay");
        assertEquals(OTHER, model.recommendedProperty().get());

        model.resetToRecommended();
        assertEquals(OTHER.withClassId(3).withSeed(42).withVariants(2), model.snapshot(),
                "all back to the model's; class, seed and variants stay");
    }

    @Test
    void settingsSavedWithAModelsValuesAreNotTakenForTheUsersOwnAtTheNextStart() {
        // A start whose settings file holds the generic defaults applies the model's values over them.
        SettingsModel model = new SettingsModel(Settings.defaults());
        model.applyRecommended(EMBEDDED);
        assertEquals(EMBEDDED, model.snapshot().withSeed(0));
        // One whose file holds the model's values (saved at the last generation) keeps them.
        SettingsModel next = new SettingsModel(Settings.defaults().edit().sampling(model.snapshot()).build());
        next.applyRecommended(EMBEDDED);
        assertEquals(model.snapshot(), next.snapshot());
    }

    /** The first embedded model's recommendation, and an update's, which samples cooler and in fewer steps. */
    private static final SamplingSettings FIRST_EMBEDDED =
            SamplingSettings.DEFAULTS.withGuidance(1.5, Guidance.LINEAR).withSampling(1.2, 0, 1.0);
    private static final SamplingSettings UPDATED_EMBEDDED = FIRST_EMBEDDED.withSampling(1.0, 0, 1.0).withSteps(48);

    @Test
    void valuesSavedAsTheModelRecommendedThemFollowTheUpdatedModelAtTheNextStart() throws IOException {
        SettingsStore store = SettingsStore.open(dir.resolve("settings.json"));
        SettingsModel before = new SettingsModel(store.get());
        before.applyRecommended(FIRST_EMBEDDED);
        store.update(before::applyTo); // as at the last generation

        SettingsModel after = new SettingsModel(SettingsStore.open(dir.resolve("settings.json")).get());
        assertEquals(FIRST_EMBEDDED, after.recommendedProperty().get());
        after.applyRecommended(UPDATED_EMBEDDED);

        assertEquals(1.0, after.temperatureProperty().get(), "1.2 was the first model's, not the user's");
        assertEquals(UPDATED_EMBEDDED, after.snapshot().withSeed(0));
    }

    @Test
    void valuesTheUserChangedStayWhenTheUpdatedModelRecommendsOthers() throws IOException {
        SettingsStore store = SettingsStore.open(dir.resolve("settings.json"));
        SettingsModel before = new SettingsModel(store.get());
        before.applyRecommended(FIRST_EMBEDDED);
        before.temperatureProperty().set(1.3);
        before.stepsProperty().set(100);
        store.update(before::applyTo);

        SettingsModel after = new SettingsModel(SettingsStore.open(dir.resolve("settings.json")).get());
        after.applyRecommended(UPDATED_EMBEDDED);

        assertEquals(1.3, after.temperatureProperty().get());
        assertEquals(100, after.stepsProperty().get());
        assertEquals(1.5, after.guidanceScaleProperty().get(), "left as recommended: the update's");
    }

    @Test
    void aFileFromBeforeTheRecommendationWasRecordedTakesValuesOtherThanTheDefaultsForTheUsersOwn()
            throws IOException {
        SettingsModel model = startedWith("""
                {"sampling": {"guidanceScale": 1.5, "temperature": 1.2}}
                """);
        model.applyRecommended(UPDATED_EMBEDDED);

        assertEquals(1.2, model.temperatureProperty().get(), "as before the record, 1.2 counts as the user's");
        assertEquals(48, model.stepsProperty().get(), "the default steps follow the model");
    }

    @Test
    void aMalformedRecordedRecommendationIsIgnored() throws IOException {
        SettingsModel model = startedWith("""
                {"sampling": {"guidanceScale": 1.5, "temperature": 1.2}, "recommendedSampling": "1.2"}
                """);
        model.applyRecommended(UPDATED_EMBEDDED);

        assertEquals(1.2, model.temperatureProperty().get(), "as in a file without the record");
        assertEquals(48, model.stepsProperty().get());
    }

    /** A panel loaded from a settings file of this content (its problems, if any, reported and replaced). */
    private SettingsModel startedWith(String json) throws IOException {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, json);
        return new SettingsModel(SettingsStore.open(file).get());
    }
}
