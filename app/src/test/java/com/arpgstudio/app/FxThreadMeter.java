package com.arpgstudio.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the FX thread does between two pulses of a scene: its own CPU time, and the time it spends
 * blocked on a lock (contended monitor enters and parks of 1 ms or more). Everything goes into one
 * JFR recording so all times share one clock: a pulse listener commits an {@link FxPulse} event with
 * the thread's CPU time. Not counted as blocked, and reported apart: the toolkit's own waits for its
 * render thread (a park inside {@code com.sun.javafx.tk.quantum}, or a monitor the
 * {@code QuantumRenderer} thread held). Re-entering the toolkit's event-queue monitor after idling
 * is not an enter to JFR either; the JVM's per-thread "blocked time" does count it, and on a loaded
 * machine that grows with every other thread's scheduling delays, which is why it is not used here.
 */
final class FxThreadMeter {

    @Name("com.arpgstudio.FxPulse")
    @Label("FX pulse")
    @StackTrace(false)
    static final class FxPulse extends Event {
        @Label("FX thread CPU time (ns)")
        long cpuNanos;
    }

    /** One pulse-to-pulse interval. */
    record Interval(long wallNanos, long cpuNanos, long blockedNanos, long rendererWaitNanos) {
        long busyNanos() {
            return cpuNanos + blockedNanos;
        }
    }

    private record Block(Instant start, Instant end, boolean rendererWait) {}

    private final Recording recording = new Recording();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicInteger pulseCount = new AtomicInteger();
    private final Runnable onPulse = () -> {
        pulseCount.incrementAndGet();
        FxPulse pulse = new FxPulse();
        pulse.cpuNanos = threads.getCurrentThreadCpuTime();
        pulse.commit();
    };
    private Scene scene;
    private long fxThreadId;

    FxThreadMeter() {
        recording.enable(FxPulse.class);
        recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1)).withStackTrace();
        recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
    }

    /** On the FX thread: starts recording at every pulse of {@code scene}. */
    void start(Scene scene) {
        this.scene = scene;
        fxThreadId = Thread.currentThread().getId();
        recording.start();
        scene.addPostLayoutPulseListener(onPulse);
    }

    /** Pulses recorded so far (any thread). */
    int pulses() {
        return pulseCount.get();
    }

    /** On the FX thread. */
    void stop() {
        scene.removePostLayoutPulseListener(onPulse);
        recording.stop();
    }

    /** The recorded intervals (the recording is written to {@code file} to read it back). */
    List<Interval> intervals(Path file) throws IOException {
        recording.dump(file);
        recording.close();
        List<RecordedEvent> pulses = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getThread("eventThread") == null || event.getThread("eventThread").getJavaThreadId() != fxThreadId) {
                continue;
            }
            if (event.getEventType().getName().equals("com.arpgstudio.FxPulse")) {
                pulses.add(event);
            } else {
                blocks.add(new Block(event.getStartTime(), event.getEndTime(), insideToolkitRendering(event)));
            }
        }
        pulses.sort(Comparator.comparing(RecordedEvent::getStartTime));
        List<Interval> intervals = new ArrayList<>();
        for (int i = 1; i < pulses.size(); i++) {
            Instant from = pulses.get(i - 1).getStartTime();
            Instant to = pulses.get(i).getStartTime();
            long blocked = 0;
            long rendererWait = 0;
            for (Block block : blocks) {
                long overlap = overlapNanos(block.start(), block.end(), from, to);
                if (block.rendererWait()) {
                    rendererWait += overlap;
                } else {
                    blocked += overlap;
                }
            }
            intervals.add(new Interval(Duration.between(from, to).toNanos(),
                    pulses.get(i).getLong("cpuNanos") - pulses.get(i - 1).getLong("cpuNanos"), blocked, rendererWait));
        }
        return intervals;
    }

    /** A park inside the toolkit's render synchronisation, or a monitor its render thread held. */
    private static boolean insideToolkitRendering(RecordedEvent event) {
        if (event.getEventType().getName().equals("jdk.JavaMonitorEnter")) {
            var owner = event.getThread("previousOwner");
            return owner != null && owner.getJavaName() != null && owner.getJavaName().startsWith("QuantumRenderer");
        }
        if (event.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frame.getMethod() != null && frame.getMethod().getType() != null
                    && frame.getMethod().getType().getName().startsWith("com.sun.javafx.tk.quantum.")) {
                return true;
            }
        }
        return false;
    }

    private static long overlapNanos(Instant start, Instant end, Instant from, Instant to) {
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        return a.isBefore(b) ? Duration.between(a, b).toNanos() : 0;
    }

    /** A one-line summary: pulses, the worst interval's busy time (CPU + blocked) and the longest gap. */
    static String summary(List<Interval> intervals) {
        Interval worst = worst(intervals);
        long maxWall = intervals.stream().mapToLong(Interval::wallNanos).max().orElse(0);
        long maxRenderer = intervals.stream().mapToLong(Interval::rendererWaitNanos).max().orElse(0);
        return String.format(Locale.ROOT, "%d pulses, max busy between pulses %.1f ms (CPU %.1f ms + blocked %.1f ms), "
                        + "max wall gap %.1f ms, max wait for the renderer %.1f ms", intervals.size() + 1,
                worst.busyNanos() / 1e6, worst.cpuNanos() / 1e6, worst.blockedNanos() / 1e6, maxWall / 1e6,
                maxRenderer / 1e6);
    }

    static Interval worst(List<Interval> intervals) {
        return intervals.stream().max(Comparator.comparingLong(Interval::busyNanos))
                .orElse(new Interval(0, 0, 0, 0));
    }
}
