package com.arpgstudio.app;

import com.arpgstudio.app.canvas.CanvasPositions;
import com.arpgstudio.app.canvas.EditorCanvas;
import com.arpgstudio.app.canvas.OutpaintFrame;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.window.Dialogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted tour for the README's screenshots ({@code --demo=DIR}): open, brush a mask, generate
 * (caught mid-run and with variants), drag an edge handle and outpaint, expand 2x, compare, the
 * light theme and the shortcut list, saving a PNG of the window at each stage. Mouse input goes
 * through the canvas's own event handlers, so the screenshots show what a user would see.
 */
final class DemoScript implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScript.class);
    private static final long TIMEOUT_MS = 15 * 60 * 1000;

    private final MainWindow window;
    private final EditorViewModel model;
    private final Path image;
    private final Path out;

    DemoScript(MainWindow window, EditorViewModel model, Path image, Path out) {
        this.window = window;
        this.model = model;
        this.image = image;
        this.out = out;
    }

    static void start(MainWindow window, EditorViewModel model, Path image, Path out) {
        Thread thread = new Thread(new DemoScript(window, model, image, out), "demo-script");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            Files.createDirectories(out);
            tour();
        } catch (Throwable t) {
            LOG.error("demo failed", t);
        } finally {
            Platform.runLater(Platform::exit);
        }
    }

    private void tour() throws Exception {
        EditorCanvas canvas = window.canvas();
        // Nobody answers the question before a long edit in the tour (on a slow CPU the outpaint is one).
        fx(() -> model.setLongEditQuestion(edit -> EditorViewModel.LongEditChoice.CONTINUE));
        waitFor("the model", () -> !model.modelStatus().modelNameProperty().get().startsWith("loading"));
        fx(() -> model.files().open(image));
        waitFor("the image", () -> model.documentProperty().get() != null);
        pause(600);
        shot("01-open");

        // Brush over the rock on the right, as a user would.
        fx(() -> {
            window.tools().toolProperty().set(Tool.BRUSH);
            window.tools().brushSizeProperty().set(34);
        });
        Document doc = call(() -> model.documentProperty().get());
        double w = doc.width();
        double h = doc.height();
        double[][] stroke = {
            {0.55, 0.55}, {0.60, 0.52}, {0.66, 0.50}, {0.72, 0.53}, {0.75, 0.62}, {0.70, 0.75}, {0.62, 0.78},
            {0.56, 0.72}, {0.60, 0.64}, {0.67, 0.62}, {0.71, 0.68}
        };
        mouse(MouseEvent.MOUSE_PRESSED, canvas, stroke[0][0] * w, stroke[0][1] * h);
        for (double[] p : stroke) {
            mouse(MouseEvent.MOUSE_DRAGGED, canvas, p[0] * w, p[1] * h);
        }
        mouse(MouseEvent.MOUSE_RELEASED, canvas, stroke[stroke.length - 1][0] * w, stroke[stroke.length - 1][1] * h);
        mouse(MouseEvent.MOUSE_MOVED, canvas, 0.84 * w, 0.30 * h);
        pause(400);
        shot("02-mask");
        mouse(MouseEvent.MOUSE_EXITED, canvas, -10, -10);

        // the inpaint as users get it, in the model's recommended steps; the outpaint and the expansion below
        // take fewer, so that the tour runs in minutes on a CPU
        fx(() -> {
            model.settings().variantsProperty().set(3);
            model.generate();
        });
        waitFor("a preview", () -> model.generation().progressProperty().get() >= 0.3 || !model.generation().generatingProperty().get());
        pause(150);
        shot("03-generating");
        waitFor("the variants", () -> !model.generation().generatingProperty().get());
        pause(500);
        shot("04-variants");
        fx(() -> model.variants().choose(1));
        fx(model.variants()::applyChosen);
        pause(500);
        shot("05-inpainted");

        // Drag the right edge handle outward by three eighths of the width.
        CanvasPositions positions = new CanvasPositions(canvas);
        Point2D handle = call(() -> positions.handle(OutpaintFrame.Edge.RIGHT));
        double scale = call(positions::scale);
        mousePx(MouseEvent.MOUSE_MOVED, canvas, handle.getX(), handle.getY());
        mousePx(MouseEvent.MOUSE_PRESSED, canvas, handle.getX(), handle.getY());
        for (int i = 1; i <= 8; i++) {
            mousePx(MouseEvent.MOUSE_DRAGGED, canvas, handle.getX() + i * 0.375 * w * scale / 8, handle.getY());
        }
        mousePx(MouseEvent.MOUSE_RELEASED, canvas, handle.getX() + 0.375 * w * scale, handle.getY());
        fx(canvas::fit);
        pause(500);
        shot("06-outpaint-handles");
        fx(() -> {
            model.settings().variantsProperty().set(1);
            model.settings().stepsProperty().set(6);
            model.generate();
        });
        waitFor("the outpaint to get going", () -> model.generation().progressProperty().get() >= 0.3 || !model.generation().generatingProperty().get());
        shot("07-outpainting");
        waitFor("the outpaint", () -> !model.generation().generatingProperty().get());
        pause(500);
        shot("08-outpainted");

        fx(() -> {
            model.settings().stepsProperty().set(4);
            model.expand();
        });
        waitFor("the expansion to get going", () -> model.generation().progressProperty().get() >= 0.25 || !model.generation().generatingProperty().get());
        shot("09-expanding");
        waitFor("the expansion", () -> !model.generation().generatingProperty().get());
        fx(canvas::fit);
        pause(500);
        shot("10-expanded");

        fx(() -> model.history().compareProperty().set(true));
        pause(400);
        shot("11-compare");
        fx(() -> model.history().compareProperty().set(false));

        fx(() -> window.scene().lookup("#theme-button").fireEvent(new javafx.event.ActionEvent()));
        pause(500);
        shot("12-light-theme");

        fx(() -> Dialogs.shortcuts(window.scene().getWindow()).show());
        pause(800);
        Scene dialog = call(() -> Window.getWindows().stream()
                .filter(win -> win != window.scene().getWindow() && win.isShowing())
                .map(Window::getScene).findFirst().orElse(null));
        if (dialog != null) {
            save(dialog, "13-shortcuts");
            fx(() -> ((Stage) dialog.getWindow()).close());
        }
        fx(() -> window.scene().lookup("#theme-button").fireEvent(new javafx.event.ActionEvent()));
    }

    private void mouse(javafx.event.EventType<MouseEvent> type, EditorCanvas canvas, double imageX, double imageY) {
        Point2D p = call(() -> new CanvasPositions(canvas).inNode(imageX, imageY));
        mousePx(type, canvas, p.getX(), p.getY());
    }

    private void mousePx(javafx.event.EventType<MouseEvent> type, EditorCanvas canvas, double x, double y) {
        boolean down = type == MouseEvent.MOUSE_PRESSED || type == MouseEvent.MOUSE_DRAGGED;
        // The event carries scene coordinates; delivery to the canvas converts them to its own.
        fx(() -> {
            Point2D scene = canvas.localToScene(x, y);
            Point2D screen = canvas.localToScreen(x, y);
            canvas.fireEvent(new MouseEvent(type, scene.getX(), scene.getY(), screen.getX(), screen.getY(),
                type == MouseEvent.MOUSE_MOVED ? MouseButton.NONE : MouseButton.PRIMARY, 1,
                    false, false, false, false, down, false, false, false, false, false, null));
        });
        pause(25);
    }

    private void shot(String name) throws IOException {
        save(call(() -> window.scene()), name);
    }

    private void save(Scene scene, String name) throws IOException {
        var snapshot = call(() -> scene.snapshot(null));
        Path file = out.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(snapshot, null), "png", file.toFile());
        LOG.info("saved {}", file);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!call(condition::getAsBoolean)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void fx(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private static <T> T call(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the FX thread did not answer in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
