package com.arpgstudio.app;

import com.arpgstudio.app.canvas.CanvasPositions;
import com.arpgstudio.app.canvas.OutpaintFrame;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.editing.EditEngine;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.geometry.Point2D;
import javafx.stage.Stage;

/**
 * The editor as the flow tests drive it: a view model over an engine, on its own engine thread and
 * settings file, in the main window shown in TestFX's stage. Made in a test's {@code @Start},
 * closed after each test.
 */
final class EditorHarness implements AutoCloseable {

    final ExecutorService executor = EngineExecutor.create();
    final EditorViewModel model;
    final MainWindow window;

    /** Shows the window; {@code steps} and {@code variants} are the fill settings the test runs. */
    EditorHarness(Stage stage, EditEngine engine, SettingsStore settings, int steps, int variants) {
        model = new EditorViewModel(engine, executor, settings);
        model.settings().stepsProperty().set(steps);
        model.settings().variantsProperty().set(variants);
        window = new MainWindow(stage, model);
        window.show();
    }

    /** A settings file of the test's own in {@code dir} (the tests of a class share the folder). */
    static SettingsStore settingsIn(Path dir) throws IOException {
        Files.createDirectories(dir);
        return SettingsStore.open(dir.resolve("settings-" + System.nanoTime() + ".json"));
    }

    /** {@code image} written as a PNG of its own in {@code dir}, to open as a user would. */
    static Path photoIn(Path dir, ArgbImage image) throws IOException {
        Path photo = dir.resolve("photo-" + System.nanoTime() + ".png");
        DocumentImages.writePng(image, photo, List.of());
        return photo;
    }

    Document doc() {
        return model.documentProperty().get();
    }

    /** Where the document's pixel (x, y) is on the screen now. */
    Point2D onScreen(double imageX, double imageY) {
        return FxToolkit.call(() -> positions().onScreen(imageX, imageY));
    }

    /** Where the canvas shows things (read on the FX thread). */
    CanvasPositions positions() {
        return new CanvasPositions(window.canvas());
    }

    /** Where the outpaint handle of {@code edge} is on the screen now. */
    Point2D handleOnScreen(OutpaintFrame.Edge edge) {
        return FxToolkit.call(() -> window.canvas().localToScreen(positions().handle(edge)));
    }

    /** Stops the engine thread. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
