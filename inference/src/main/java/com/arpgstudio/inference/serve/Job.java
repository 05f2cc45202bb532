package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Operation;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One edit the server was asked for, from the queue to its result. Its clients are the connections
 * waiting for it: the request of a synchronous endpoint, and every events stream. When the last of
 * them closes before the job ends, the job is cancelled (a client that leaves wants no result).
 * Thread-safe: the engine thread, the network threads and the request threads all touch it.
 */
final class Job {

    enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final Operation operation;
    private final Cancellation cancellation = new Cancellation();
    private final CompletableFuture<EditResult> outcome = new CompletableFuture<>();
    /** The last event of each type, replayed to a stream that opens late; the final event among them. */
    private final Map<String, SseStream.Event> latest = new LinkedHashMap<>();
    private final List<SseStream> streams = new ArrayList<>();
    private EditRequest request;
    private State state = State.QUEUED;
    private int clients;
    private long eventCount;
    private long finishedNanos;
    private JobProgress progress;
    private volatile long cancelNanos;
    private byte[][] pngs;

    Job(EditRequest request) {
        this.request = request;
        this.operation = request.operation();
    }

    String id() {
        return id;
    }

    Operation operation() {
        return operation;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    /** Completes with the result, or exceptionally with why there is none. */
    CompletableFuture<EditResult> outcome() {
        return outcome;
    }

    synchronized State state() {
        return state;
    }

    synchronized long finishedNanos() {
        return finishedNanos;
    }

    /** The request, handed over once to the engine thread (the job then no longer holds the input). */
    synchronized EditRequest start(JobProgress listener) {
        EditRequest r = request;
        request = null;
        progress = listener;
        state = State.RUNNING;
        publish("started", new JsonObject(), false);
        return r;
    }

    /** How far the running job is, or null before it starts. */
    synchronized JobProgress progress() {
        return progress;
    }

    /** Records the end, publishes the final event, then completes {@link #outcome()}. */
    void finish(EditResult result, Throwable failure) {
        synchronized (this) {
            request = null;
            finishedNanos = System.nanoTime();
            if (failure == null) {
                state = State.DONE;
                pngs = new byte[result.images().size()][];
                publish("done", Responses.resultJson(this, result, false), true);
            } else if (failure instanceof CancelledException) {
                state = State.CANCELLED;
                publish("cancelled", new JsonObject(), true);
            } else {
                state = State.FAILED;
                publish("error", Responses.errorJson(ApiException.of(failure)), true);
            }
        }
        if (failure == null) {
            outcome.complete(result);
        } else {
            outcome.completeExceptionally(failure);
        }
    }

    /** Pixels of the result's images; 0 without a result. */
    synchronized long resultPixels() {
        if (state != State.DONE) {
            return 0;
        }
        EditResult result = outcome.getNow(null);
        return result == null ? 0 : result.images().stream().mapToLong(i -> (long) i.width() * i.height()).sum();
    }

    /** The PNG of one variant of a finished job, encoded on first use. */
    synchronized byte[] png(int variant) {
        EditResult result = outcome.getNow(null);
        if (pngs[variant] == null) {
            pngs[variant] = Pngs.encode(result.images().get(variant));
        }
        return pngs[variant];
    }

    /** Asks the job to stop: at once when it waits, within a step when it runs. */
    void cancel() {
        synchronized (this) {
            if (cancelNanos == 0) {
                cancelNanos = System.nanoTime();
            }
        }
        cancellation.cancel();
    }

    /** When the job was first asked to stop ({@link System#nanoTime()}), or 0. */
    long cancelNanos() {
        return cancelNanos;
    }

    /** A connection starts waiting for this job. */
    synchronized void addClient() {
        clients++;
    }

    /** A connection stopped waiting; the last one leaving an unfinished job cancels it. */
    void removeClient() {
        boolean abandon;
        synchronized (this) {
            clients--;
            abandon = clients == 0 && !state.finished();
        }
        if (abandon) {
            cancel();
        }
    }

    /**
     * Starts sending this job's events to a stream: first the latest of each type so far (the final
     * one ends the stream at once). Events are sent under the job's lock, so every stream sees them
     * in order; a send only queues bytes on the connection.
     */
    synchronized void subscribe(SseStream stream) {
        latest.values().forEach(stream::send);
        if (!state.finished()) {
            streams.add(stream);
        }
    }

    synchronized void unsubscribe(SseStream stream) {
        streams.remove(stream);
    }

    synchronized boolean hasStreams() {
        return !streams.isEmpty();
    }

    /** Sends an event to every stream and keeps it for streams that open later. */
    synchronized void publish(String type, JsonObject data, boolean last) {
        SseStream.Event event = new SseStream.Event(++eventCount, type, Responses.GSON.toJson(data), last);
        latest.remove(type); // re-inserted last, so a replay keeps the order events came in
        latest.put(type, event);
        streams.forEach(stream -> stream.send(event));
        if (last) {
            streams.clear();
        }
    }
}
