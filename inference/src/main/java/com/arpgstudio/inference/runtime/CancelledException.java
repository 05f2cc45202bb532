package com.arpgstudio.inference.runtime;

import java.util.concurrent.CancellationException;

/**
 * Thrown out of work stopped by its {@link Cancellation} (an edit, a generation, a model pass): its
 * input is unchanged and it has no result. A {@link CancellationException}, so executors and
 * JavaFX tasks see it as the cancellation it is.
 */
public final class CancelledException extends CancellationException {

    public CancelledException() {
        super("cancelled");
    }
}
