package com.arpgstudio.inference.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The one cancel switch of the engine's work, shared between the thread that asks for it (the
 * editor's Cancel button, the CLI's Ctrl-C hook) and the engine thread that runs it, from
 * {@code Editor.run} down to the model's passes. The engine checks it between generation steps and
 * between a pass's blocks, so a cancel takes effect within one step; work that stops this way throws
 * {@link CancelledException} and leaves its input untouched.
 */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final BooleanSupplier condition;

    /** A switch flipped by {@link #cancel()}. */
    public Cancellation() {
        this(() -> false);
    }

    private Cancellation(BooleanSupplier condition) {
        this.condition = condition;
    }

    /** A switch nobody will flip, for callers that never cancel. */
    public static Cancellation none() {
        return new Cancellation();
    }

    /**
     * A switch that also flips once {@code condition} holds (polled at every check), for work whose
     * owner keeps its own flag, such as a JavaFX task's {@code isCancelled}.
     */
    public static Cancellation when(BooleanSupplier condition) {
        return new Cancellation(condition);
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        if (!cancelled.get() && condition.getAsBoolean()) {
            cancelled.set(true);
        }
        return cancelled.get();
    }

    /** Throws {@link CancelledException} once {@link #cancel()} was called. */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }
}
