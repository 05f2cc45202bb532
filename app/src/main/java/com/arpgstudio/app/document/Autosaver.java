package com.arpgstudio.app.document;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Writes snapshots on one background thread, never on the caller's: while a write runs, newer
 * snapshots replace the waiting one, so a burst of edits costs one write of the latest state.
 */
public final class Autosaver implements AutoCloseable {

    private final Autosave autosave;
    private final Consumer<IOException> onFailure;
    private final AtomicReference<Autosave.Snapshot> pending = new AtomicReference<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "autosave");
        thread.setDaemon(true);
        return thread;
    });

    public Autosaver(Autosave autosave, Consumer<IOException> onFailure) {
        this.autosave = autosave;
        this.onFailure = onFailure;
    }

    public Autosave autosave() {
        return autosave;
    }

    /** Queues the snapshot for writing (replacing one not yet written). */
    public void save(Autosave.Snapshot snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            writer.execute(this::writePending);
        }
    }

    /** Queues writing the newest snapshot refreshed in {@code copies} (taken on the writer thread). */
    public void saveFrom(SnapshotCopies copies) {
        writer.execute(() -> write(copies.take()));
    }

    private void writePending() {
        write(pending.getAndSet(null));
    }

    private void write(Autosave.Snapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        try {
            autosave.write(snapshot);
        } catch (IOException e) {
            onFailure.accept(e);
        }
    }

    /** Waits until every queued snapshot is on disk. */
    public void flush() throws InterruptedException {
        try {
            writer.submit(this::writePending).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        writer.execute(this::writePending);
        writer.shutdown();
        writer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
