package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.inference.runtime.DeviceChoice;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStatusTest {

    @TempDir
    Path dir;
    private final ExecutorService executor = EngineExecutor.create();

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void choosingAnotherModelOrDeviceStopsTheEditSavesTheChoiceAndReloads() throws IOException {
        FakeEngine engine = new FakeEngine(2);
        SettingsStore store = SettingsStore.open(dir.resolve("prefs.json"));
        SimpleStringProperty message = new SimpleStringProperty("");
        List<EditorViewModel.Failure> failures = new ArrayList<>();
        BackgroundTasks tasks = new BackgroundTasks(executor, message, failures::add);
        AtomicInteger stops = new AtomicInteger();
        List<EditEngine.Description> loaded = new ArrayList<>();
        ModelStatus status = FxToolkit.call(() -> new ModelStatus(engine, executor, store, tasks, change -> {
            try {
                store.update(change);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, stops::incrementAndGet, loaded::add));

        FxToolkit.run(status::load);
        FxToolkit.waitFor("the model", 5000, () -> "fake-model".equals(status.modelNameProperty().get()));
        assertTrue(FxToolkit.call(() -> !status.classNamesProperty().get().isEmpty()), "the classes came with it");
        assertEquals(1, loaded.size(), "what follows a loaded model ran once");
        FxToolkit.run(status::listChoices);
        FxToolkit.waitFor("the model list", 5000, () -> status.choices().size() == 2);
        FxToolkit.waitFor("the message cleared", 5000, () -> message.get().isEmpty());

        FxToolkit.run(() -> status.choose("arpg-l", DeviceChoice.CPU));
        assertEquals(1, stops.get(), "a running edit is stopped first");
        FxToolkit.waitFor("the reload", 5000,
                () -> engine.reloads.get() == 1 && "fake-model".equals(status.modelNameProperty().get()));
        assertEquals("arpg-l", SettingsStore.open(dir.resolve("prefs.json")).get().modelId());
        assertEquals(DeviceChoice.CPU, FxToolkit.call(status::chosenDevice));
        FxToolkit.run(() -> status.choose("arpg-l", DeviceChoice.CPU));
        assertEquals(1, engine.reloads.get(), "the same choice does not reload");
        assertTrue(failures.isEmpty(), failures.toString());
    }
}
