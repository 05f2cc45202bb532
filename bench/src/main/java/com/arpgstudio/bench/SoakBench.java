package com.arpgstudio.bench;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A long session: many consecutive inpaints on one loaded model (the editor's pattern), printing
 * the Java heap after a full GC, the process's resident memory (VmRSS from /proc/self/status), the
 * memory the JVM itself has committed (heap, code cache, metaspace: the rest of RSS is native) and
 * the number of live native arrays at the start, after the first run, every {@code --every} runs
 * and at the end, so a leak in the heap or in native (libtorch) memory shows as a rising column.
 *
 * <pre>
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.SoakBench \
 *     [MODEL_DIR_OR_FILE [TOKENIZER]] [--runs 200] [--every 50] [--steps 8]
 * </pre>
 * Without a model it uses the embedded default model. Each run moves the hole and the seed, so no
 * two edits are the same.
 */
public final class SoakBench {

    private SoakBench() {}

    public static void main(String[] args) throws Exception {
        EditBenchArgs parsed = EditBenchArgs.parse(args, Map.of("runs", 200, "every", 50, "steps", 8));
        int runs = parsed.option("runs");
        int every = parsed.option("every");
        int steps = parsed.option("steps");
        ModelFiles files = parsed.modelFiles();
        try (LoadedModels loaded = LoadedModels.load(files, Device.cpu())) {
            int size = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize();
            Editor editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE);
            ArgbImage image = EditBenchArgs.picture(size);
            SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(steps);
            System.out.printf(Locale.ROOT, "model %s, tokenizer %s; %d inpaints of %dx%d, %d steps, CPU%n",
                    files.generator(), files.tokenizer(), runs, size, size, steps);
            System.out.printf(Locale.ROOT, "%6s %14s %12s %12s %14s %10s%n", "runs", "heap MiB (GC)", "RSS MiB",
                    "JVM MiB", "native arrays", "s/run");
            report(0, 0);
            long start = System.nanoTime();
            long lastReport = start;
            int lastReported = 0;
            for (int run = 1; run <= runs; run++) {
                int hole = size / 4;
                int x = (run * 37) % (size - hole);
                int y = (run * 53) % (size - hole);
                PixelMask mask = PixelMask.ofRect(size, size, new Rect(x, y, hole, hole));
                ArgbImage result = editor.run(EditRequest.inpaint(image, mask,
                        settings.withClassId(run % 2).withSeed(run)),
                        EditListener.NONE, Cancellation.none()).images().get(0);
                image = result; // edit the previous result, as a user does
                if (run == 1 || run % every == 0 || run == runs) { // after the first run: lazy tables are built
                    long now = System.nanoTime();
                    report(run, (now - lastReport) / 1e9 / (run - lastReported));
                    lastReport = now;
                    lastReported = run;
                }
            }
            System.out.printf(Locale.ROOT, "total %.1fs%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static void report(int runs, double secondsPerRun) throws IOException {
        System.gc();
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heap = memory.getHeapMemoryUsage().getUsed();
        // what the JVM itself has committed (heap, code cache, metaspace...): RSS beyond it is native (libtorch, malloc)
        long jvm = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
        System.out.printf(Locale.ROOT, "%6d %14.1f %12.1f %12.1f %14d %10.2f%n", runs, heap / 1048576.0,
                rssKib() / 1024.0, jvm / 1048576.0, DjlRuntime.liveArrays(), secondsPerRun);
    }

    /** Resident set size in KiB from /proc/self/status (Linux), or -1 elsewhere. */
    static long rssKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
