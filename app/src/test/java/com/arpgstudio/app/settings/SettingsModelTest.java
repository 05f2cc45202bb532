package com.arpgstudio.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
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
    void outOfRangeValuesAreRefusedByName() {
        SettingsModel model = new SettingsModel(Settings.defaults());
        model.topPProperty().set(1.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, model::snapshot);
        assertTrue(e.getMessage().contains("topP"), e.getMessage());
    }
}
