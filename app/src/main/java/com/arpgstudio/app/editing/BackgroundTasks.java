package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.Texts;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * Work for the engine thread (open, save, load the model...), one {@link Task} each: the status
 * bar says what runs while it runs, and a failure reaches the user as a {@link EditorViewModel.Failure}.
 */
final class BackgroundTasks {

    private final Executor executor;
    private final StringProperty message;
    private Consumer<EditorViewModel.Failure> failureHandler;

    BackgroundTasks(Executor executor, StringProperty message, Consumer<EditorViewModel.Failure> failureHandler) {
        this.executor = executor;
        this.message = message;
        this.failureHandler = failureHandler;
    }

    void setFailureHandler(Consumer<EditorViewModel.Failure> handler) {
        this.failureHandler = handler;
    }

    void fail(EditorViewModel.Failure failure) {
        failureHandler.accept(failure);
    }

    /**
     * Runs {@code work} on the engine thread, then {@code onSuccess} on the FX thread; on failure
     * {@code onFailure} (may be null) and the failure dialog.
     */
    <T> void run(String what, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        String running = Messages.text("task.running", what);
        task.setOnRunning(e -> {
            busy.set(true);
            message.set(running);
        });
        task.setOnSucceeded(e -> {
            busy.set(false);
            if (message.get().equals(running)) {
                message.set(""); // done: the status bar no longer says it is working
            }
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            busy.set(false);
            String failed = Messages.text("task.failed", what);
            message.set(failed);
            if (onFailure != null) {
                onFailure.accept(task.getException());
            }
            failureHandler.accept(describeFailure(failed, task.getException()));
        });
        executor.execute(task);
    }

    /** What the user reads about {@code error}: out of memory said plainly, a file's name escaped. */
    static EditorViewModel.Failure describeFailure(String title, Throwable error) {
        String text;
        if (error instanceof OutOfMemoryError) {
            text = Messages.text("failure.outOfMemory");
        } else if (error instanceof DeviceOutOfMemoryException) {
            text = error.getMessage();
        } else if (Devices.isOutOfMemory(error)) {
            text = Messages.text("failure.deviceOutOfMemory");
        } else if (error instanceof IOException) {
            text = error.getMessage();
        } else {
            text = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        }
        return new EditorViewModel.Failure(title, Texts.escaped(text), error); // the message may quote a file
    }

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    /** A task runs. */
    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
