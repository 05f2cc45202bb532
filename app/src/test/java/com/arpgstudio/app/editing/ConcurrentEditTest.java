package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One edit at a time: a second Generate while one runs is refused with a message, never run twice. */
class ConcurrentEditTest {

    @TempDir
    Path dir;
    private ExecutorService executor;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void secondGenerateWhileOneRunsIsRefusedClearly() throws Exception {
        executor = EngineExecutor.create();
        FakeEngine engine = new FakeEngine(40);
        SettingsStore store = SettingsStore.open(dir.resolve("prefs.json"));
        EditorViewModel model = FxToolkit.call(() -> new EditorViewModel(engine, executor, store));
        FxToolkit.run(() -> {
            model.settings().stepsProperty().set(8);
            model.settings().variantsProperty().set(1);
        });
        Path file = dir.resolve("photo.png");
        DocumentImages.writePng(ArgbImage.blank(64, 48), file, java.util.List.of());
        FxToolkit.run(() -> model.files().open(file));
        FxToolkit.waitFor("the document", 5000, () -> model.documentProperty().get() != null);
        FxToolkit.run(() -> model.documentProperty().get().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(4, 4, 20, 20), true)));

        FxToolkit.run(() -> {
            model.generate();
            model.generate();
        });
        assertTrue(FxToolkit.call(() -> model.messageProperty().get()).contains("already running"),
                FxToolkit.call(() -> model.messageProperty().get()));
        FxToolkit.waitFor("the generation", 10000, () -> !model.generation().generatingProperty().get());
        assertEquals(1, engine.runs.get(), "the engine ran once");
    }
}
