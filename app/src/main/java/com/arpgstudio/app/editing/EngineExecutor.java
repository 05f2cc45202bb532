package com.arpgstudio.app.editing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one thread that runs engine work (model loading, generation, file I/O): the engine's native
 * state belongs to one thread, and a daemon thread never keeps the JVM alive after the window closes.
 */
public final class EngineExecutor {

    private EngineExecutor() {}

    public static ExecutorService create() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "arpg-engine");
            thread.setDaemon(true);
            return thread;
        });
    }
}
