package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.document.Autosave;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The autosave follows the editor's document: every edit reaches disk, and a restore gives it back. */
class AutosaveBindingTest {

    @TempDir
    Path dir;
    private ExecutorService executor;
    private EditorViewModel model;
    private Autosave autosave;
    private AutosaveBinding binding;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        executor = EngineExecutor.create();
        SettingsStore store = SettingsStore.open(dir.resolve("prefs.json"));
        model = FxToolkit.call(() -> new EditorViewModel(new FakeEngine(2), executor, store));
        FxToolkit.run(() -> model.settings().variantsProperty().set(1));
        ArgbImage image = ArgbImage.blank(64, 48);
        for (int i = 0; i < image.pixels().length; i++) {
            image.pixels()[i] = 0xff000000 | (i * 40503) & 0xffffff;
        }
        Path file = dir.resolve("photo.png");
        DocumentImages.writePng(image, file, java.util.List.of());
        autosave = new Autosave(dir.resolve("autosave"));
        // an hour between timer saves: whatever reaches disk here was saved because of an edit
        binding = FxToolkit.call(() -> new AutosaveBinding(model, autosave, Duration.hours(1)));
        FxToolkit.run(() -> model.files().open(file));
        FxToolkit.waitFor("the document", 5000, () -> model.documentProperty().get() != null);
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.run(() -> {
            try {
                binding.close(false); // on the FX thread, as the application's stop()
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        executor.shutdownNow();
    }

    /** Polls (on the FX thread) until the autosave on disk equals the document. */
    private void waitForAutosave(String what, Document document) {
        FxToolkit.waitFor(what, 5000, () -> {
            try {
                return autosave.read().map(s -> s.editRecords().equals(document.editRecords())
                        && Arrays.equals(s.mask().coverageValues(), document.mask().coverageValues())
                        && Arrays.equals(s.image().pixels(), document.image().pixels())).orElse(false);
            } catch (IOException e) {
                return false; // replaced between reading the index and the images
            }
        });
    }

    @Test
    void everyEditIsAutosavedAndRestoresEqual() throws Exception {
        Document document = FxToolkit.call(() -> model.documentProperty().get());
        FxToolkit.run(() -> document.editMask("rect", m -> MaskPaint.rectangle(m, new Rect(8, 8, 20, 12), true)));
        waitForAutosave("the mask edit on disk", document);

        FxToolkit.run(model::generate);
        FxToolkit.waitFor("the fill", 10000, () -> !model.generation().generatingProperty().get()
                && document.editRecords().size() == 1);
        waitForAutosave("the fill and its record on disk", document);

        Autosave.Snapshot snapshot = autosave.read().orElseThrow();
        FxToolkit.run(() -> model.files().openRestored(snapshot));
        Document restored = FxToolkit.call(() -> model.documentProperty().get());
        assertArrayEquals(FxToolkit.call(() -> document.image().pixels().clone()),
                FxToolkit.call(() -> restored.image().pixels().clone()));
        assertEquals(FxToolkit.call(document::editRecords), FxToolkit.call(restored::editRecords));
        assertEquals(List.of(dir.resolve("photo.png")), List.of(FxToolkit.call(() -> restored.file().orElseThrow())));
        assertTrue(FxToolkit.call(() -> model.history().modifiedProperty().get()), "a restored document is unsaved work");
    }
}
