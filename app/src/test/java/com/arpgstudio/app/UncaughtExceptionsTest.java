package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.arpgstudio.app.editing.EditorViewModel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class UncaughtExceptionsTest {

    private final List<EditorViewModel.Failure> shown = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Thread.UncaughtExceptionHandler previous;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @BeforeEach
    void listen() {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        logged.start();
        ((Logger) LoggerFactory.getLogger(UncaughtExceptions.class)).addAppender(logged);
    }

    @AfterEach
    void restore() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
        ((Logger) LoggerFactory.getLogger(UncaughtExceptions.class)).detachAppender(logged);
    }

    @Test
    void anExceptionNoCodeCaughtOnAThreadIsLoggedAndShown() throws InterruptedException {
        new UncaughtExceptions(shown::add).install();
        IllegalStateException error = new IllegalStateException("boom");
        Thread worker = new Thread(() -> {
            throw error;
        }, "worker-7");
        worker.start();
        worker.join();
        FxToolkit.waitFor("the failure dialog", 5000, () -> !shown.isEmpty());

        EditorViewModel.Failure failure = shown.get(0);
        assertEquals("Unexpected error", failure.title());
        assertTrue(failure.message().contains("worker-7") && failure.message().contains("boom"), failure.message());
        assertTrue(failure.message().contains("Help > Open log folder"), failure.message());
        assertSame(error, failure.cause());
        assertEquals(1, logged.list.size());
        assertSame(error, ((ch.qos.logback.classic.spi.ThrowableProxy) logged.list.get(0).getThrowableProxy())
                .getThrowable());
    }

    @Test
    void onTheFxThreadTooAndADialogThatFailsDoesNotLoop() {
        new UncaughtExceptions(failure -> {
            shown.add(failure);
            throw new IllegalStateException("the dialog broke");
        }).install();
        Platform.runLater(() -> {
            throw new IllegalArgumentException("in an event handler");
        });
        FxToolkit.waitFor("the failure dialog", 5000, () -> !shown.isEmpty());
        FxToolkit.run(() -> { }); // the dialog's own failure has been handled by now
        assertEquals(1, shown.size());
        assertTrue(shown.get(0).message().contains("in an event handler"), shown.get(0).message());
        assertEquals(List.of("uncaught exception on thread {}", "could not show the failure dialog"),
                logged.list.stream().map(ILoggingEvent::getMessage).toList());
    }
}
