package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.FakeEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The canvas on screens of several output scales. */
@ExtendWith(ApplicationExtension.class)
class EditorCanvasTest {

    @TempDir
    static Path dir;
    private ExecutorService executor;
    private EditorViewModel model;
    private EditorCanvas canvas;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Files.createDirectories(dir);
        executor = EngineExecutor.create();
        model = new EditorViewModel(new FakeEngine(10), executor,
                com.arpgstudio.inference.runtime.SettingsStore.open(dir.resolve("prefs-" + System.nanoTime() + ".json")));
        canvas = new EditorCanvas(model, new ToolSettings()); // the canvas alone: components never need the window
        stage.setScene(new Scene(new StackPane(canvas), 640, 480));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /**
     * The frame holds the screen's pixels: its size follows the window's output scale (1, 1.5, 2),
     * so on a 150 % or 200 % screen the image is drawn pixel for pixel, not enlarged.
     */
    @Test
    void theFrameSizeFollowsTheOutputScale(FxRobot robot) {
        robot.interact(() -> model.files().openImage(FxToolkit.gradientPhoto(300, 200), "a test photo"));
        for (double scale : new double[] {1, 1.5, 2}) {
            robot.interact(() -> {
                stage.setRenderScaleX(scale);
                stage.setRenderScaleY(scale);
            });
            int width = (int) Math.ceil(Math.floor(FxToolkit.call(canvas::getWidth)) * scale);
            int height = (int) Math.ceil(Math.floor(FxToolkit.call(canvas::getHeight)) * scale);
            FxToolkit.waitFor("a frame at scale " + scale, 5000, () -> {
                int[] size = canvas.frameSize();
                return size != null && size[0] == width && size[1] == height;
            });
            int[] size = FxToolkit.call(canvas::frameSize);
            assertEquals(width, size[0]);
            assertEquals(height, size[1]);
        }
    }
}
