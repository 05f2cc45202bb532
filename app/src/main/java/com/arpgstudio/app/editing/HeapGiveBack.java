package com.arpgstudio.app.editing;

/**
 * After a large document closed, once nothing refers to it any more (the canvas draws the next
 * one), a full collection lets the JVM shrink its heap and return the memory to the system;
 * otherwise the process kept the size of the largest photo ever opened.
 */
final class HeapGiveBack {

    private HeapGiveBack() {}

    /** Collects on a daemon thread half a second from now. */
    static void afterLargeDocument() {
        Thread collector = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            System.gc();
        }, "memory-give-back");
        collector.setDaemon(true);
        collector.start();
    }
}
