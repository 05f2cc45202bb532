package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.ImageFiles;
import com.arpgstudio.app.document.Mask;
import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.InferenceEngine;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The editor on the real engine: the reference fixture's tiny models (folder from
 * {@code -Darpg.reference}) on the CPU. A brush stroke, Generate, and the canvas changes near the
 * mask only; then undo.
 */
@ExtendWith(ApplicationExtension.class)
class FixtureModelFlowTest {

    @TempDir
    static Path dir;
    private ExecutorService executor;
    private EditorViewModel model;
    private MainWindow window;
    private Raster original;
    private Path photo;

    static Path fixture() {
        return Path.of(System.getProperty("arpg.reference", "../shared/fixtures/arpg-reference"));
    }

    @Start
    void start(Stage stage) throws Exception {
        Files.createDirectories(dir);
        executor = EngineExecutor.create();
        InferenceEngine engine = new InferenceEngine(
                () -> new InferenceEngine.ResolvedModel("fixture", ModelFiles.resolve(fixture(), null), null),
                () -> new Devices.Selection(ai.djl.Device.cpu(), "CPU", ""), java.util.List::of);
        model = new EditorViewModel(engine, executor, SettingsStore.open(dir.resolve("settings.json")));
        model.settings().stepsProperty().set(4);
        model.settings().variantsProperty().set(1);
        model.settings().classIdProperty().set(3);
        window = new MainWindow(stage, model);
        window.show();
        original = FxToolkit.gradientPhoto(200, 150);
        photo = dir.resolve("photo.png");
        ImageFiles.writePng(original, photo, null);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Document doc() {
        return model.documentProperty().get();
    }

    @Test
    void brushGenerateChangesTheCanvasNearTheMaskOnly(FxRobot robot) {
        FxToolkit.waitFor("the fixture model to load", 60000, () -> "fixture".equals(model.modelNameProperty().get()));
        assertEquals(10, model.classNamesProperty().get().size(), "the fixture model's class count");
        robot.interact(() -> model.open(photo));
        FxToolkit.waitFor("the photo", 5000, () -> doc() != null);
        robot.interact(() -> window.tools().brushSizeProperty().set(20));
        var canvas = window.canvas();
        robot.moveTo(FxToolkit.call(() -> canvas.localToScreen(canvas.screenX(70), canvas.screenY(70))))
                .press(MouseButton.PRIMARY)
                .moveTo(FxToolkit.call(() -> canvas.localToScreen(canvas.screenX(110), canvas.screenY(80))))
                .release(MouseButton.PRIMARY);
        Mask painted = FxToolkit.call(() -> doc().mask().copy());
        assertTrue(painted.count() > 400, "painted " + painted.count());
        Rect maskBox = Rect.ofCorners(55, 55, 125, 95);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                if (painted.isOn(x, y)) {
                    assertTrue(x >= maskBox.x() && x < maskBox.right() && y >= maskBox.y() && y < maskBox.bottom());
                }
            }
        }

        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the fill", 120000, () -> !model.generatingProperty().get() && model.canUndoProperty().get()
                && !model.editRecordProperty().get().isEmpty());
        Raster result = FxToolkit.call(() -> doc().image().copy());
        int band = 24;
        int changedInside = 0;
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                boolean far = x < maskBox.x() - band || x >= maskBox.right() + band
                        || y < maskBox.y() - band || y >= maskBox.bottom() + band;
                if (far) {
                    assertEquals(original.get(x, y), result.get(x, y), "far from the mask at " + x + "," + y);
                } else if (painted.isOn(x, y) && result.get(x, y) != original.get(x, y)) {
                    changedInside++;
                }
            }
        }
        assertTrue(changedInside > painted.count() / 2, "changed " + changedInside + " of " + painted.count());
        assertTrue(model.editRecordProperty().get().contains("INPAINT"), model.editRecordProperty().get());

        robot.interact(model::undo);
        assertTrue(java.util.Arrays.equals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone())));
    }
}
