package com.arpgstudio.app.window;

import com.arpgstudio.app.editing.EditorViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * Shows each failure in its dialog; while a window the user should read first is open (the first
 * start's welcome), failures wait and open after it closes, so the two never open side by side.
 */
public final class FailureDialogs implements Consumer<EditorViewModel.Failure> {

    private final Window owner;
    private final List<EditorViewModel.Failure> waiting = new ArrayList<>();
    private Window first;

    public FailureDialogs(Window owner) {
        this.owner = owner;
    }

    @Override
    public void accept(EditorViewModel.Failure failure) {
        if (first != null && first.isShowing()) {
            waiting.add(failure);
        } else {
            Dialogs.failure(owner, failure).show();
        }
    }

    /** Failures from now on wait until {@code window} (showing) is closed. */
    public void after(Window window) {
        first = window;
        window.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            first = null;
            List<EditorViewModel.Failure> held = List.copyOf(waiting);
            waiting.clear();
            held.forEach(this);
        });
    }
}
