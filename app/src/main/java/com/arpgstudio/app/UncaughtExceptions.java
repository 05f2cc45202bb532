package com.arpgstudio.app;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.i18n.Messages;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default uncaught-exception handler of the editor: an exception no code caught, on any thread
 * (the FX thread's event handlers included), is logged with its stack trace (the log file keeps it)
 * and shown to the user in the failure dialog, which names the log folder.
 */
public final class UncaughtExceptions implements Thread.UncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UncaughtExceptions.class);

    private final Consumer<EditorViewModel.Failure> dialog;

    /** {@code dialog} shows a failure; it is called on the FX thread. */
    public UncaughtExceptions(Consumer<EditorViewModel.Failure> dialog) {
        this.dialog = dialog;
    }

    /** Makes this the handler of every thread that has none of its own. */
    public void install() {
        Thread.setDefaultUncaughtExceptionHandler(this);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        LOG.error("uncaught exception on thread {}", thread.getName(), error);
        EditorViewModel.Failure failure = new EditorViewModel.Failure(Messages.text("failure.unexpected.title"),
                Messages.text("failure.unexpected.message", thread.getName(), error), error);
        try {
            Platform.runLater(() -> {
                try {
                    dialog.accept(failure);
                } catch (RuntimeException shown) { // the dialog itself failing must not loop back here
                    LOG.error("could not show the failure dialog", shown);
                }
            });
        } catch (IllegalStateException toolkitGone) {
            // the application is shutting down: the log has it
        }
    }
}
