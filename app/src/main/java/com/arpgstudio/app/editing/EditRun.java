package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * One Generate or Expand in flight, and its listener: engine events are kept (the newest
 * progress, the preview area changed since the last update) and reach the FX thread as one
 * update per pulse.
 */
final class EditRun implements EditListener {

    /** What the FX thread does with a run's events. */
    interface Updates {
        boolean isCurrent(EditRun run);

        /** {@code run.latest} and its stage text are new. */
        void progressed(EditRun run);

        void previewed(Preview shown, Rect changed);
    }

    final EditJob job;
    final Document document;
    final Rect placement;
    final long startNanos = System.nanoTime();
    final Cancellation cancellation = new Cancellation();
    final AtomicBoolean released = new AtomicBoolean();
    final AtomicReference<EditListener.Progress> latestProgress = new AtomicReference<>();
    final AtomicReference<PendingPreview> latestPreview = new AtomicReference<>();
    final AtomicBoolean updateScheduled = new AtomicBoolean();
    Task<EditResult> task;
    /** The result's edit record as the document keeps it, as JSON; written on the engine thread with the result. */
    volatile String recordJson;
    String stageText = "";
    EditListener.Progress latest;
    long latestNanos;
    /** Whether the edit's length was estimated (and asked about if long) before it started, or has been since. */
    boolean lengthJudged;

    private final Updates updates;

    EditRun(EditJob job, Document document, Rect placement, Updates updates) {
        this.job = job;
        this.document = document;
        this.placement = placement;
        this.updates = updates;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    double secondsSinceLatest() {
        return (System.nanoTime() - latestNanos) / 1e9;
    }

    @Override
    public void onProgress(EditListener.Progress progress) {
        latestProgress.set(progress);
        scheduleUpdate();
    }

    @Override
    public void onStep(Step step) {
        if (step.previews().isEmpty()) {
            return;
        }
        latestPreview.accumulateAndGet(new PendingPreview(step.previews().get(0), step.changedPixels()),
                (waiting, newer) -> waiting == null ? newer : waiting.then(newer));
        scheduleUpdate();
    }

    /** Engine thread: one FX update at a time; it takes whatever arrived until it runs. */
    private void scheduleUpdate() {
        if (updateScheduled.compareAndSet(false, true)) {
            Platform.runLater(this::update);
        }
    }

    private void update() {
        updateScheduled.set(false);
        EditListener.Progress p = latestProgress.getAndSet(null);
        PendingPreview shown = latestPreview.getAndSet(null);
        if (!updates.isCurrent(this) || cancellation.isCancelled()) {
            return;
        }
        if (p != null) {
            latest = p;
            latestNanos = System.nanoTime();
            stageText = ProgressText.stage(p.stage());
            updates.progressed(this);
        }
        if (shown != null) {
            updates.previewed(shown.preview(), shown.changed());
        }
    }

    /** Preview changes not shown yet: the newest picture and everything that changed since the last update. */
    private record PendingPreview(Preview preview, Rect changed) {
        PendingPreview then(PendingPreview newer) {
            if (newer.preview != preview) {
                return newer;
            }
            return new PendingPreview(preview, changed.union(newer.changed));
        }
    }
}
