package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.runtime.CancelledException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One device, one queue: a single engine thread owns the {@link Editor} (which is not thread-safe)
 * and runs jobs one at a time, in the order they came. At most {@code queueLimit} jobs wait behind
 * the running one; one more is refused with 503 and a Retry-After from the recent job durations. A
 * cancelled waiting job leaves the queue at once. Finished jobs stay findable (for their result)
 * up to {@code keptJobs} of them, for {@code keptFor}, within {@link #KEPT_PIXELS}.
 */
final class JobQueue implements AutoCloseable {

    /** Result pixels kept in all (64 MP: 256 MiB as ARGB, plus their PNGs once fetched). */
    static final long KEPT_PIXELS = 64L << 20;

    private final Editor editor;
    private final ServeConfig config;
    private final Deque<Job> waiting = new ArrayDeque<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Thread engine;
    private Job running;
    private boolean closed;
    /** Exponential average of recent job durations, in seconds; seeds the Retry-After estimate. */
    private double averageSeconds = 10;

    JobQueue(Editor editor, ServeConfig config) {
        this.editor = editor;
        this.config = config;
        this.engine = new Thread(this::runJobs, "arpg-serve-engine");
        engine.setDaemon(true);
        engine.start();
    }

    /** Queues an edit; a 503 {@link ApiException} when the queue is full or the server is stopping. */
    Job submit(EditRequest request) {
        Job job = new Job(request);
        synchronized (this) {
            if (closed) {
                throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "the server is stopping");
            }
            boolean idle = running == null && waiting.isEmpty();
            if (!idle && waiting.size() >= config.queueLimit()) {
                long retry = Math.max(1, (long) Math.ceil(averageSeconds * (waiting.size() + 1)));
                throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "the queue is full (" + waiting.size()
                        + " jobs waiting behind the running one); retry in about " + retry + " s",
                        Map.of(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(retry)));
            }
            prune();
            waiting.addLast(job);
            jobs.put(job.id(), job);
            job.publish("queued", Responses.queuedJson(waiting.size()), false); // before the engine can start it
            notifyAll();
        }
        return job;
    }

    synchronized Optional<Job> find(String id) {
        prune();
        return Optional.ofNullable(jobs.get(id));
    }

    /** Jobs waiting behind the running one. */
    synchronized int waitingCount() {
        return waiting.size();
    }

    synchronized Job running() {
        return running;
    }

    /** 1 for the next job to run, 0 when running or finished. */
    synchronized int position(Job job) {
        int i = 1;
        for (Job j : waiting) {
            if (j == job) {
                return i;
            }
            i++;
        }
        return 0;
    }

    /** Cancels a job: a waiting one leaves the queue now, a running one stops within a step. */
    void cancel(Job job) {
        job.cancel();
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(job);
        }
        if (removed) {
            job.finish(null, new CancelledException());
        }
    }

    private void runJobs() {
        while (true) {
            Job job;
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                job = waiting.removeFirst();
                running = job;
            }
            long start = System.nanoTime();
            EditResult result = null;
            Throwable failure = null;
            try {
                JobProgress progress = new JobProgress(job, config.previewEverySteps(), config.previewMaxSide());
                EditRequest request = job.start(progress);
                job.cancellation().throwIfCancelled();
                result = editor.run(request, progress, job.cancellation());
            } catch (RuntimeException | OutOfMemoryError e) {
                failure = e;
            }
            synchronized (this) {
                running = null;
                averageSeconds = 0.7 * averageSeconds + 0.3 * (System.nanoTime() - start) / 1e9;
            }
            job.finish(result, failure);
        }
    }

    /**
     * Forgets the oldest finished jobs beyond the kept count, the kept time, or {@link #KEPT_PIXELS}
     * of results in all.
     */
    private void prune() {
        long now = System.nanoTime();
        int finished = 0;
        long pixels = 0;
        for (Job job : jobs.values()) {
            if (job.state().finished()) {
                finished++;
                pixels += job.resultPixels();
            }
        }
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (!job.state().finished()) {
                continue;
            }
            if (finished > config.keptJobs() || pixels > KEPT_PIXELS
                    || now - job.finishedNanos() > config.keptFor().toNanos()) {
                it.remove();
                finished--;
                pixels -= job.resultPixels();
            }
        }
    }

    /** Cancels every job and stops the engine thread (waiting for the running job's current step). */
    @Override
    public void close() {
        Job current;
        Deque<Job> dropped;
        synchronized (this) {
            closed = true;
            current = running;
            dropped = new ArrayDeque<>(waiting);
            waiting.clear();
            notifyAll();
        }
        for (Job job : dropped) {
            job.cancel();
            job.finish(null, new CancelledException());
        }
        if (current != null) {
            current.cancel();
        }
        try {
            engine.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
