package com.arpgstudio.app;

import com.arpgstudio.inference.edit.ArgbImage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Starts the JavaFX toolkit once for view-model tests (no window) and runs code on its thread. */
public final class FxToolkit {

    private static boolean started;

    private FxToolkit() {}

    /** Starts the toolkit the way TestFX does, so UI tests in the same JVM share it. */
    public static synchronized void start() throws InterruptedException {
        if (started) {
            return;
        }
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the JavaFX toolkit did not start", e);
        }
        started = true;
    }

    public static <T> T call(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch latch = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                result.set(work.get());
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                latch.countDown();
            }
        });
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("FX thread did not answer in 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Polls a condition on the FX thread until it holds or the timeout passes. */
    public static void waitFor(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (call(condition::getAsBoolean)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
    }

    /** Waits until the node {@code query} finds has its place in the layout (a size), e.g. the docked variant strip. */
    public static void waitForLayout(org.testfx.api.FxRobot robot, String query) {
        waitFor(query + " in the layout", 5000, () -> robot.lookup(query).tryQuery()
                .map(node -> node.getLayoutBounds().getWidth() > 0 && node.getLayoutBounds().getHeight() > 0)
                .orElse(false));
        robot.sleep(50);
    }

    /** A test photo: red and green ramps over a small XOR texture, so that every region differs. */
    public static ArgbImage gradientPhoto(int width, int height) {
        ArgbImage photo = ArgbImage.blank(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                photo.set(x, y, 0xff000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8 | ((x ^ y) & 0x3f));
            }
        }
        return photo;
    }
}
