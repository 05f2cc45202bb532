package com.arpgstudio.inference.edit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cancel switch shared between the thread that asks for an edit (the UI, a signal handler) and
 * the engine thread that runs it. The engine checks it between generation steps, so a cancel takes
 * effect within one step; an edit that stops this way throws {@link EditCancelledException} and
 * leaves its input untouched.
 */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A switch nobody will flip, for callers that never cancel. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link EditCancelledException} once {@link #cancel()} was called. */
    public void throwIfCancelled() {
        if (cancelled.get()) {
            throw new EditCancelledException();
        }
    }
}
