package com.arpgstudio.app;

import com.arpgstudio.app.document.Autosave;
import com.arpgstudio.inference.runtime.AppDirectories;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * The process {@link QuitDuringGenerationTest} watches: the real application (its {@code start}
 * and {@code stop}) on the photo given, driven like a user: mask everything, Generate, close the
 * window mid-run and answer Cancel in the unsaved-edits dialog, close again and answer OK. It
 * prints what it saw, one fact per line, and after the toolkit has exited the threads still alive;
 * then {@code main} returns, and the JVM ends only if no non-daemon thread is left.
 */
public final class QuitDuringGenerationChild {

    private static final long TIMEOUT_MS = 240_000;
    private static volatile String lastMessage = "";
    private static volatile long quitNanos;

    private QuitDuringGenerationChild() {}

    public static void main(String[] args) throws Exception {
        Path autosaveDir = AppDirectories.current().dataDir().resolve("autosave");
        Thread driver = new Thread(() -> {
            try {
                drive(autosaveDir);
            } catch (Throwable t) {
                say("DRIVER-FAILED " + t);
                Platform.exit();
            }
        }, "quit-driver");
        driver.setDaemon(true);
        driver.start();
        Application.launch(StudioApplication.class, args[0]);
        say("EXITED after " + (System.nanoTime() - quitNanos) / 1_000_000 + " ms");
        say("LAST-MESSAGE " + lastMessage);
        Thread engine = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("arpg-engine")).findFirst().orElse(null);
        if (engine != null) {
            // the executor reports termination from inside its worker's last moments: give the
            // thread that much time to leave run(), not the engine any time to work
            engine.join(1000);
        }
        say("ENGINE-THREAD " + (engine != null && engine.isAlive() ? "ALIVE" : "ENDED"));
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.isDaemon() && thread != Thread.currentThread()
                    && !thread.getName().equals("DestroyJavaVM")) {
                say("NON-DAEMON " + thread.getName());
            }
        }
        say("AUTOSAVE-AFTER " + new Autosave(autosaveDir).read().isPresent());
    }

    private static void drive(Path autosaveDir) throws Exception {
        Stage stage = waitFor("the main window", () -> Window.getWindows().stream()
                .filter(w -> w instanceof Stage && w.isShowing() && w.getScene().lookup("#menu-bar") != null)
                .map(w -> (Stage) w).findFirst().orElse(null));
        Scene scene = stage.getScene();
        runOnFx(() -> ((Labeled) scene.lookup("#status-message")).textProperty()
                .addListener((obs, old, text) -> lastMessage = text));
        waitFor("the photo", () -> text(scene, "#status-size").contains("×") ? "" : null);
        runOnFx(() -> menuItem(scene, "menu-invert-mask").fire());
        runOnFx(() -> menuItem(scene, "menu-generate").fire());
        String step = waitFor("a generation step", () -> stepOf(text(scene, "#generation-step")) != null
                ? text(scene, "#generation-step") : null);
        say("GENERATING " + step);
        say("AUTOSAVE-BEFORE " + new Autosave(autosaveDir).read().isPresent());

        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        answer(ButtonBar.ButtonData.CANCEL_CLOSE);
        String later = waitFor("the generation going on", () -> {
            String now = text(scene, "#generation-step");
            return stepOf(now) != null && !stepOf(now).equals(stepOf(step)) ? now : null;
        });
        say("KEPT-OPEN " + callOnFx(stage::isShowing) + ", " + later);

        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        quitNanos = System.nanoTime();
        answer(ButtonBar.ButtonData.NO); // stop the generation and quit
        say("CLOSING");
    }

    /** "step 3 of 40" in a progress line, or null before the first step. */
    private static String stepOf(String progressLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("step \\d+ of \\d+").matcher(progressLine);
        return m.find() ? m.group() : null;
    }

    /** Presses the button of kind {@code button} in the unsaved-work dialog once it shows. */
    private static void answer(ButtonBar.ButtonData button) throws Exception {
        Window dialog = waitFor("the unsaved-edits dialog", () -> Window.getWindows().stream()
                .filter(w -> w.isShowing() && w.getScene().getRoot().lookup(".dialog-pane") instanceof DialogPane)
                .findFirst().orElse(null));
        DialogPane pane = callOnFx(() -> (DialogPane) dialog.getScene().getRoot().lookup(".dialog-pane"));
        say("DIALOG " + callOnFx(pane::getContentText));
        Platform.runLater(() -> pane.getButtonTypes().stream().filter(type -> type.getButtonData() == button)
                .map(type -> (Button) pane.lookupButton(type)).findFirst().orElseThrow().fire());
        waitFor("the dialog to close", () -> dialog.isShowing() ? null : "");
    }

    private static MenuItem menuItem(Scene scene, String id) {
        for (Menu menu : ((MenuBar) scene.lookup("#menu-bar")).getMenus()) {
            for (MenuItem item : menu.getItems()) {
                if (id.equals(item.getId())) {
                    return item;
                }
            }
        }
        throw new IllegalStateException("no menu item " + id);
    }

    private static String text(Scene scene, String selector) {
        Node node = scene.lookup(selector);
        return node instanceof Labeled labeled && labeled.getText() != null ? labeled.getText() : "";
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void runOnFx(Runnable work) throws Exception {
        callOnFx(() -> {
            work.run();
            return null;
        });
    }

    private static <T> T callOnFx(Supplier<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                result.set(work.get());
            } finally {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the FX thread did not answer in 30 s");
        }
        return result.get();
    }

    /** Polls {@code probe} on the FX thread until it gives a value (the toolkit may not have started yet). */
    private static <T> T waitFor(String what, Supplier<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                T value = callOnFx(probe);
                if (value != null) {
                    return value;
                }
            } catch (IllegalStateException notStarted) {
                // Platform.runLater before the toolkit is up
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }
}
