package com.arpgstudio.inference.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the cases of one fuzzed entry point, each on a worker thread, and holds each to its
 * contract: it returns (a clean load) or throws one of the entry point's documented exception
 * types with a message; anything else (another exception, an OutOfMemoryError, a
 * NegativeArraySizeException, an index or null-pointer error) fails the test, naming the
 * mutation. A case must stay within a CPU-time limit and, where set, an allocation limit (bytes its
 * thread allocated, an upper bound on its peak heap); wall time only detects hangs, as the build
 * machine may be busy. A JVM abort fails the whole test run.
 *
 * <p>Case counts are sized for CI (a few seconds per entry point); {@code -Darpg.fuzz.scale=N}
 * multiplies them all for a long run. Each runner prints one line: cases, clean loads, refusals,
 * time, the slowest case and the most any case allocated.
 */
public final class FuzzRunner implements AutoCloseable {

    /** The factor on every case count (1 in CI). */
    public static final int SCALE = Integer.getInteger("arpg.fuzz.scale", 1);
    private static final long WALL_LIMIT_MS = 30_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOCATIONS = (com.sun.management.ThreadMXBean) THREADS;

    private final String name;
    private final long cpuLimitMs;
    private final List<Class<? extends Exception>> documented;
    private final ExecutorService worker;
    private final long started = System.nanoTime();
    private int loaded;
    private int refused;
    private long slowestNanos;
    private String slowest = "";
    private long allocationLimit = Long.MAX_VALUE;
    private long mostAllocated;

    /**
     * @param name       the entry point, for messages
     * @param cpuLimitMs CPU time one case may take
     * @param documented the exception types the entry point documents for bad input (none: it must never throw)
     */
    @SafeVarargs
    public FuzzRunner(String name, long cpuLimitMs, Class<? extends Exception>... documented) {
        this.name = name;
        this.cpuLimitMs = cpuLimitMs;
        this.documented = List.of(documented);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz " + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The CI count of cases times {@link #SCALE}. */
    public static int cases(int quick) {
        return quick * SCALE;
    }

    /** What one call cost its thread: CPU time and bytes allocated (an upper bound on its peak heap), and its outcome. */
    public record Cost(long cpuNanos, long allocatedBytes, Object result, Exception thrown) {

        public long cpuMillis() {
            return cpuNanos / 1_000_000;
        }
    }

    /** Runs {@code call} on this thread and measures what it cost; an exception is returned, not thrown. */
    public static Cost measure(Callable<?> call) {
        long thread = Thread.currentThread().getId();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long allocated0 = ALLOCATIONS.getThreadAllocatedBytes(thread);
        Object result = null;
        Exception thrown = null;
        try {
            result = call.call();
        } catch (Exception e) {
            thrown = e;
        }
        return new Cost(THREADS.getCurrentThreadCpuTime() - cpu0, ALLOCATIONS.getThreadAllocatedBytes(thread) - allocated0,
                result, thrown);
    }

    /** Fails a case that allocates more than this on its thread (none by default). */
    public FuzzRunner allocationLimit(long bytes) {
        allocationLimit = bytes;
        return this;
    }

    /** Runs one case; {@code description} says which mutation it is. */
    public void run(String description, Callable<?> load) {
        Future<long[]> outcome = worker.submit(() -> {
            long thread = Thread.currentThread().getId();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long allocated0 = ALLOCATIONS.getThreadAllocatedBytes(thread);
            boolean clean = attempt(description, load);
            return new long[] {clean ? 1 : 0, THREADS.getCurrentThreadCpuTime() - cpu0,
                ALLOCATIONS.getThreadAllocatedBytes(thread) - allocated0};
        });
        long[] result;
        try {
            result = outcome.get(WALL_LIMIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outcome.cancel(true);
            throw new AssertionError(name + ", " + description + ": still running after " + WALL_LIMIT_MS + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError(name + ", " + description + ": ended in " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (result[0] == 1) {
            loaded++;
        } else {
            refused++;
        }
        if (result[1] > slowestNanos) {
            slowestNanos = result[1];
            slowest = description;
        }
        mostAllocated = Math.max(mostAllocated, result[2]);
        if (result[1] > cpuLimitMs * 1_000_000) {
            fail(name + ", " + description + ": took " + result[1] / 1_000_000 + " ms of CPU, limit " + cpuLimitMs);
        }
        if (result[2] > allocationLimit) {
            fail(name + ", " + description + ": allocated " + (result[2] >> 20) + " MiB, limit " + (allocationLimit >> 20));
        }
    }

    /** True for a clean load, false for a documented refusal; throws what breaks the contract. */
    private boolean attempt(String description, Callable<?> load) throws Exception {
        try {
            load.call();
            return true;
        } catch (Exception e) {
            if (documented.stream().noneMatch(type -> type.isInstance(e))) {
                throw e;
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError(name + ", " + description + ": " + e.getClass().getSimpleName()
                        + " without a message", e);
            }
            return false;
        }
    }

    public int loaded() {
        return loaded;
    }

    public int refused() {
        return refused;
    }

    /** Prints the summary line and stops the worker. */
    @Override
    public void close() {
        worker.shutdownNow();
        System.out.printf(Locale.ROOT, "fuzz %s: %d cases, %d loaded, %d refused (%s), %.1f s, slowest %.1f ms CPU (%s),"
                        + " most allocated %.1f MiB%n",
                name, loaded + refused, loaded, refused,
                documented.isEmpty() ? "none allowed" : String.join("/", documented.stream().map(Class::getSimpleName).toList()),
                (System.nanoTime() - started) / 1e9, slowestNanos / 1e6, slowest, mostAllocated / 1048576.0);
    }
}
