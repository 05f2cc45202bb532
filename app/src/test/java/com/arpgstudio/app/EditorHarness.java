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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javafx.geometry.Point2D;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxRobot;

/**
 * The one way the window tests start the editor: a view model over an engine, on its own engine
 * thread and settings file in a folder of its own, in the main window on TestFX's stage; shown
 * before each test, its engine stopped and its folder removed after. A test class registers it as
 * a field ({@code @RegisterExtension}) beside TestFX's {@code ApplicationExtension}, which hands
 * the tests their {@code FxRobot}.
 */
final class EditorHarness<E extends EditEngine> implements BeforeEachCallback, AfterEachCallback {

    private static final long ENGINE_STOP_SECONDS = 30;

    private final Function<SettingsStore, E> engineFor;
    private final int steps;
    private final int variants;
    private Consumer<MainWindow> beforeShow = window -> { };
    private Integer classId;
    private int photoWidth;
    private int photoHeight;

    /** The test's folder: the settings file, photos, anything the test writes. */
    Path dir;
    /** The test photo ({@link #withPhoto}) and its file in the folder. */
    ArgbImage original;
    Path photo;
    SettingsStore settings;
    E engine;
    EditorViewModel model;
    MainWindow window;
    private Stage stage;
    private ExecutorService executor;

    private EditorHarness(Function<SettingsStore, E> engineFor, int steps, int variants) {
        this.engineFor = engineFor;
        this.steps = steps;
        this.variants = variants;
    }

    /**
     * Shows the editor before each test on the engine {@code engineFor} makes (it may read the
     * test's settings file), running {@code steps} steps and {@code variants} variants.
     */
    static <E extends EditEngine> EditorHarness<E> showing(Function<SettingsStore, E> engineFor, int steps, int variants) {
        return new EditorHarness<>(engineFor, steps, variants);
    }

    /** Shows nothing by itself: each test calls {@link #show} with an engine of its own. */
    static EditorHarness<EditEngine> showWhenAsked() {
        return new EditorHarness<>(null, 0, 0);
    }

    /** What to set on the window before it is shown (on the FX thread). */
    EditorHarness<E> beforeShow(Consumer<MainWindow> setUp) {
        this.beforeShow = setUp;
        return this;
    }

    /** The class the fills are made of (the fill setting). */
    EditorHarness<E> classId(int id) {
        this.classId = id;
        return this;
    }

    /** A gradient photo of this size ({@link FxToolkit#gradientPhoto}) written to the folder before each test. */
    EditorHarness<E> withPhoto(int width, int height) {
        this.photoWidth = width;
        this.photoHeight = height;
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("arpg-window-test");
        stage = org.testfx.api.FxToolkit.registerPrimaryStage();
        settings = SettingsStore.open(dir.resolve("settings.json"));
        if (photoWidth > 0) {
            original = FxToolkit.gradientPhoto(photoWidth, photoHeight);
            photo = photo(original);
        }
        if (engineFor != null) {
            show(engineFor.apply(settings), steps, variants);
        }
    }

    /** Shows the window on {@code engine} with these fill settings. */
    void show(E engine, int steps, int variants) {
        this.engine = engine;
        executor = EngineExecutor.create();
        model = new EditorViewModel(engine, executor, settings);
        FxToolkit.run(() -> {
            model.settings().stepsProperty().set(steps);
            model.settings().variantsProperty().set(variants);
            if (classId != null) {
                model.settings().classIdProperty().set(classId);
            }
            window = new MainWindow(stage, model);
            beforeShow.accept(window);
            window.show();
        });
    }

    /** Cancels what runs, frees the engine on its thread and stops the thread (bounded); removes the folder. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (executor != null) {
            FxToolkit.run(model::cancel);
            executor.execute(engine::close);
            executor.shutdown();
            if (!executor.awaitTermination(ENGINE_STOP_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** {@code image} written as a PNG of its own in the test's folder, to open as a user would. */
    Path photo(ArgbImage image) throws IOException {
        Path photo = dir.resolve("photo-" + System.nanoTime() + ".png");
        DocumentImages.writePng(image, photo, List.of());
        return photo;
    }

    /** Opens the test photo as a user would and fits it to the window. */
    void openPhoto(FxRobot robot) {
        robot.interact(() -> model.files().open(photo));
        FxToolkit.waitFor("the photo to open", 5000, () -> doc() != null && window.canvas().zoomProperty().get() > 0);
        robot.interact(() -> window.canvas().fit());
        robot.sleep(50);
    }

    Document doc() {
        return model.documentProperty().get();
    }

    /** Where the canvas shows things (read on the FX thread). */
    CanvasPositions positions() {
        return new CanvasPositions(window.canvas());
    }

    /** Where the document's pixel (x, y) is on the screen now. */
    Point2D onScreen(double imageX, double imageY) {
        return FxToolkit.call(() -> positions().onScreen(imageX, imageY));
    }

    /** Where the outpaint handle of {@code edge} is on the screen now. */
    Point2D handleOnScreen(OutpaintFrame.Edge edge) {
        return FxToolkit.call(() -> window.canvas().localToScreen(positions().handle(edge)));
    }
}
