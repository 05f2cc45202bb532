package com.arpgstudio.bench;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditModels;
import com.arpgstudio.inference.edit.ImageCodec;
import com.arpgstudio.inference.edit.TokenFiller;
import com.arpgstudio.inference.edit.Window;
import com.arpgstudio.inference.edit.WindowPlan;
import com.arpgstudio.inference.runtime.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where one edit's time goes, per group of windows: an outpaint's layout, its detail windows and
 * the heal windows after them; Expand's two passes and its whole-image tokenizer work; or per pass
 * (a large fill's coarse layout, then its detail passes); "planning" is the host's time before the
 * first call. Wraps the
 * models an editor runs, timing every call of the tokenizer (encodes, decodes) and of the generator
 * (and within it the time to its first step: prefill and one step); everything between calls is the
 * host's (cropping and scaling windows, pasting, planning), counted to the group of the call before
 * it (a decode's gap is its paste). Every call returns its results on the host, so its time is the
 * device's work and the host's wait for it. Beside the host's wall time, its CPU time: the process's
 * (every thread, user + system) between calls, which other work on a shared machine does not inflate
 * as it does wall time. Not thread-safe: one edit at a time.
 */
final class PhaseClock implements EditListener {

    /** One timed call of the models, with the process's CPU time at its start and end. */
    private record Call(Kind kind, long start, long end, int images, int rows, long firstStep, long cpuStart,
                        long cpuEnd) {}

    private enum Kind { ENCODE, GENERATE, DECODE }

    /** A progress event: when, and which windows it was about. */
    private record Event(long at, Phase phase, int pass, int passCount, List<Integer> windows) {}

    private final EditModels models;
    private final boolean byPass;
    private final List<Call> calls = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private List<Window> planned = List.of();
    private long start;
    private long end;
    private long cpuStart;
    private long cpuEnd;

    /**
     * @param models the models to time ({@link #models()} wraps them)
     * @param byPass group by the edit's passes ("pass 1" a fill's coarse layout, then its detail
     *     passes) instead of by windows
     */
    PhaseClock(EditModels models, boolean byPass) {
        this.models = models;
        this.byPass = byPass;
    }

    /** The models, every call timed. */
    EditModels models() {
        EditModels m = models;
        return new EditModels(new TimedFiller(m.generator()), new TimedCodec(m.tokenizer()), m.generatorWeights(),
                m.tokenizerWeights(), m.pace());
    }

    /** Marks the edit's start (before {@code Editor.run}). */
    void start() {
        calls.clear();
        events.clear();
        planned = List.of();
        start = System.nanoTime();
        cpuStart = processCpu();
    }

    /** Marks the edit's end (after {@code Editor.run} returned). */
    void stop() {
        end = System.nanoTime();
        cpuEnd = processCpu();
    }

    /**
     * The process's CPU time (user + system, every thread), in nanoseconds, 0 where the system does
     * not tell. From {@code java.base}: the GPU machine's runtime has no {@code jdk.management}.
     */
    private static long processCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public void onPlan(WindowPlan plan) {
        planned = plan.windows();
    }

    @Override
    public void onProgress(Progress progress) {
        Stage stage = progress.stage();
        events.add(new Event(System.nanoTime(), stage.phase(), stage.pass(), stage.passCount(), stage.windows()));
    }

    /** The group of a progress event's windows. */
    private String group(Event event) {
        if (byPass) {
            return "pass " + (event.pass() + 1);
        }
        if (event.windows().isEmpty()) {
            return "whole image";
        }
        int first = event.windows().get(0);
        if (first >= planned.size()) {
            return "heal";
        }
        if (planned.stream().anyMatch(w -> w.scale() > 1) && planned.stream().anyMatch(w -> w.scale() == 1.0)) {
            return planned.get(first).scale() > 1 ? "layout" : "detail"; // an outpaint's passes
        }
        // Expand's generations, by pass (its tokenizer works on the whole image)
        return event.passCount() > 1 && event.phase() == Phase.GENERATE ? "pass " + (event.pass() + 1) : "windows";
    }

    /** Per group: generations, windows, rows, and seconds in encode, generate, decode and on the host. */
    String table() {
        Map<String, double[]> seconds = new LinkedHashMap<>(); // encode, generate, first steps, decode, host, host CPU
        Map<String, int[]> counts = new LinkedHashMap<>();     // generations, rows, images encoded, images decoded
        Map<String, TreeSet<Integer>> windows = new LinkedHashMap<>();
        Map<String, List<String>> generations = new LinkedHashMap<>();
        for (Event event : events) {
            if (event.phase() == Phase.GENERATE) {
                windows.computeIfAbsent(group(event), g -> new TreeSet<>()).addAll(event.windows());
            }
        }
        String before = "planning";
        long previousEnd = start;
        long previousCpu = cpuStart;
        for (Call call : calls) {
            String group = group(owner(call));
            double[] gap = seconds.computeIfAbsent(before, g -> new double[6]);
            gap[4] += (call.start() - previousEnd) / 1e9;
            gap[5] += (call.cpuStart() - previousCpu) / 1e9;
            double[] s = seconds.computeIfAbsent(group, g -> new double[6]);
            int[] n = counts.computeIfAbsent(group, g -> new int[4]);
            double took = (call.end() - call.start()) / 1e9;
            switch (call.kind()) {
                case ENCODE -> {
                    s[0] += took;
                    n[2] += call.images();
                }
                case GENERATE -> {
                    s[1] += took;
                    s[2] += call.firstStep() / 1e9;
                    n[0]++;
                    n[1] += call.rows();
                    generations.computeIfAbsent(group, g -> new ArrayList<>()).add(String.format(Locale.ROOT,
                            "%.2f", took));
                }
                case DECODE -> {
                    s[3] += took;
                    n[3] += call.images();
                }
            }
            before = group;
            previousEnd = call.end();
            previousCpu = call.cpuEnd();
        }
        double[] last = seconds.computeIfAbsent(before, g -> new double[6]);
        last[4] += (end - previousEnd) / 1e9;
        last[5] += (cpuEnd - previousCpu) / 1e9;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  %-12s %5s %5s %5s %16s %16s %16s %9s %10s  %s%n", "group", "gens", "wins", "rows",
                "encode s (imgs)", "generate s", "decode s (imgs)", "host s", "host cpu s",
                "(first steps s) seconds per generation"));
        double[] total = new double[6];
        for (Map.Entry<String, double[]> e : seconds.entrySet()) {
            double[] s = e.getValue();
            int[] n = counts.getOrDefault(e.getKey(), new int[4]);
            for (int i = 0; i < total.length; i++) {
                total[i] += s[i];
            }
            List<String> each = generations.getOrDefault(e.getKey(), List.of());
            out.append(String.format(Locale.ROOT,
                    "  %-12s %5d %5d %5d %9.2f (%4d) %16.2f %9.2f (%4d) %9.2f %10.2f  (%.2f) %s%n",
                    e.getKey(), n[0], windows.getOrDefault(e.getKey(), new TreeSet<>()).size(), n[1], s[0], n[2], s[1],
                    s[3], n[3], s[4], s[5], s[2], each.size() <= 16 ? String.join(" ", each) : each.size() + " generations"));
        }
        out.append(String.format(Locale.ROOT,
                "  %-12s %5s %5s %5s %9.2f %6s %16.2f %9.2f %6s %9.2f %10.2f  (%.2f) of %.2f s (%.2f s CPU)%n",
                "all", "", "", "", total[0], "", total[1], total[3], "", total[4], total[5], total[2],
                (end - start) / 1e9, (cpuEnd - cpuStart) / 1e9));
        return out.toString();
    }

    /** The event that tells whose work a call was: a codec call's next event, a generation's last step. */
    private Event owner(Call call) {
        Event owner = null;
        for (Event event : events) {
            if (call.kind() == Kind.GENERATE ? event.at() <= call.end() : event.at() >= call.end()) {
                owner = event;
                if (call.kind() != Kind.GENERATE) {
                    break;
                }
            }
        }
        return owner != null ? owner : new Event(call.end(), Phase.ENCODE, 0, 1, List.of());
    }

    private final class TimedCodec implements ImageCodec {
        private final ImageCodec codec;

        TimedCodec(ImageCodec codec) {
            this.codec = codec;
        }

        @Override
        public int patchSize() {
            return codec.patchSize();
        }

        @Override
        public int[] encode(ArgbImage image) {
            return encodeAll(List.of(image)).get(0);
        }

        @Override
        public List<int[]> encodeAll(List<ArgbImage> images) {
            long cpu = processCpu();
            long begin = System.nanoTime();
            List<int[]> codes = codec.encodeAll(images);
            calls.add(new Call(Kind.ENCODE, begin, System.nanoTime(), images.size(), 0, 0, cpu, processCpu()));
            return codes;
        }

        @Override
        public List<ArgbImage> decode(List<int[]> codes, int columns, int rows) {
            long cpu = processCpu();
            long begin = System.nanoTime();
            List<ArgbImage> images = codec.decode(codes, columns, rows);
            calls.add(new Call(Kind.DECODE, begin, System.nanoTime(), codes.size(), 0, 0, cpu, processCpu()));
            return images;
        }

        @Override
        public long weightBytes() {
            return codec.weightBytes();
        }

        @Override
        public long decodeBytes(int images, int columns, int rows) {
            return codec.decodeBytes(images, columns, rows);
        }

        @Override
        public void preparePreviews(int[] codes) {
            codec.preparePreviews(codes);
        }

        @Override
        public ArgbImage preview(int code) {
            return codec.preview(code);
        }
    }

    private final class TimedFiller implements TokenFiller {
        private final TokenFiller filler;

        TimedFiller(TokenFiller filler) {
            this.filler = filler;
        }

        @Override
        public int gridColumns() {
            return filler.gridColumns();
        }

        @Override
        public int gridRows() {
            return filler.gridRows();
        }

        @Override
        public int numClasses() {
            return filler.numClasses();
        }

        @Override
        public int stepCount(int fill, SamplingSettings settings) {
            return filler.stepCount(fill, settings);
        }

        @Override
        public long freeDeviceBytes() {
            return filler.freeDeviceBytes();
        }

        @Override
        public long weightBytes() {
            return filler.weightBytes();
        }

        @Override
        public FillMemory fillMemory(int rows, int known, int fill, SamplingSettings settings) {
            return filler.fillMemory(rows, known, fill, settings);
        }

        @Override
        public Filled fill(SamplingSettings settings, List<Row> rows, StepListener listener,
                           Cancellation cancellation) {
            long cpu = processCpu();
            long begin = System.nanoTime();
            long[] firstStep = {0};
            Filled filled = filler.fill(settings, rows, event -> {
                if (event.step() == 0) {
                    firstStep[0] = System.nanoTime() - begin;
                }
                listener.onStep(event);
            }, cancellation);
            calls.add(new Call(Kind.GENERATE, begin, System.nanoTime(), 0, rows.size(), firstStep[0], cpu,
                    processCpu()));
            return filled;
        }
    }
}
