package com.arpgstudio.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.arpg.GenerationRequest;
import com.arpgstudio.inference.arpg.GenerationRow;
import com.arpgstudio.inference.arpg.Generator;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Generation speed of an ARPG-L-shaped model (dim 1024, 24 layers, 16 heads, vocab 16384, 1000
 * classes) with random weights: ms per image and images/s per batch size, guidance 4.0 linear,
 * arccos schedule, top-k 0 / top-p 1 sampling, plus peak Java heap, peak resident memory (RSS)
 * and, on a GPU, peak memory three ways: device memory in use, and libtorch's allocated and
 * reserved bytes ({@link CudaAllocatorStats}).
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -o -q -B -pl bench -am package -DskipTests
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.ArpgBench \
 *     --device cpu --dtype float32 --batch 1,8 --steps 64 --runs 2 --warmup 1 [--progress]
 * </pre>
 * {@code --progress} prints every step's time and token count; {@code --no-memory} leaves the GPU
 * memory sampler off (it polls the driver every millisecond beside the timed runs);
 * {@code --profile FILE} records one more run per batch size with libtorch's profiler, as a Chrome
 * trace in {@code FILE-batchN.json}.
 * On a GPU: {@code --device gpu --dtype float16} with CUDA libtorch on the classpath ({@code -Pcuda})
 * or in {@code PYTORCH_LIBRARY_PATH}; steps are replayed from CUDA graphs captured at the third run
 * of a batch size (so {@code --warmup 3} times replays only), {@code -Darpg.cudaGraphs=off} runs
 * them as scripted steps.
 */
public final class ArpgBench {

    private ArpgBench() {}

    public static void main(String[] args) throws Exception {
        String device = "cpu";
        String dtype = null;
        int[] batches = {1, 8};
        int steps = 64;
        int runs = 2;
        int warmup = 1;
        boolean progress = false;
        boolean sampleMemory = true;
        String profile = null;
        ArpgModel.Passes passes = ArpgModel.Passes.SCRIPTED;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--device" -> device = value;
                case "--dtype" -> dtype = value;
                case "--batch" -> batches = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--steps" -> steps = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--passes" -> passes = ArpgModel.Passes.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--progress" -> {
                    progress = true;
                    i--;
                }
                case "--profile" -> profile = value;
                case "--no-memory" -> {
                    sampleMemory = false;
                    i--;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --device cpu|gpu, --dtype float32|float16, --batch 1,8, --steps N, --runs N, --warmup N,"
                        + " --passes scripted|op-by-op, --progress, --no-memory, --profile FILE");
            }
            i++;
        }
        boolean gpu = device.equalsIgnoreCase("gpu");
        DataType dataType = DataType.valueOf((dtype != null ? dtype : gpu ? "float16" : "float32").toUpperCase(Locale.ROOT));
        DjlRuntime.engine();
        Device target = gpu ? Device.gpu() : Device.cpu();

        ArpgConfig config = ArpgConfig.arpgL();
        long loadStart = System.nanoTime();
        GpuMemory memory = gpu && sampleMemory ? new GpuMemory(target) : null;
        try (ArpgModel model = ArpgModel.random(config, target, dataType)) {
            model.usePasses(passes);
            System.out.printf(Locale.ROOT, "ARPG-L random weights on %s as %s, %s passes, CUDA graphs %s, built in %.1f s; "
                    + "%d steps, guidance 4.0 linear, arccos%n", target, dataType, passes,
                    System.getProperty("arpg.cudaGraphs", "repeated"), (System.nanoTime() - loadStart) / 1e9, steps);
            if (memory != null) {
                System.out.printf(Locale.ROOT, "GPU memory with the weights loaded: %.2f GiB above the empty CUDA context%s%n",
                        memory.aboveBaseline() / GpuMemory.GIB, memory.allocatorNow());
            }
            System.out.printf(Locale.ROOT, "%-6s %-12s %-12s %-10s %-12s %s%n", "batch", "ms/image", "images/s", "ms/run",
                    "first step", gpu ? "peak GiB: device, allocated, reserved" : "");
            Generator generator = new Generator(model);
            SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(steps);
            for (int batch : batches) {
                List<GenerationRow> rows = new ArrayList<>();
                for (int r = 0; r < batch; r++) {
                    rows.add(GenerationRow.unconditionalCanvas(r % config.numClasses(), r, config.blockSize()));
                }
                GenerationRequest request = new GenerationRequest(rows, settings);
                // peaks cover the warm-ups too: a CUDA graph's capture allocates the step's temporaries,
                // which its replays then reuse from the graph's pool without allocating
                if (memory != null) {
                    memory.startPeak();
                }
                StringBuilder warmups = new StringBuilder();
                for (int i = 0; i < warmup; i++) {
                    long warmupStart = System.nanoTime();
                    generator.generate(request, StepListener.NONE, Cancellation.none());
                    warmups.append(String.format(Locale.ROOT, " %.1f", (System.nanoTime() - warmupStart) / 1e6));
                }
                if (warmup > 0) {
                    // with CUDA graphs (captured at a plan's second run) the first runs show what capturing costs
                    System.out.println("  batch " + batch + " warm-up runs, ms:" + warmups);
                }
                long[] firstStep = {0};
                long start = System.nanoTime();
                StepListener timing = event -> {
                    if (event.step() == 0 && firstStep[0] == 0) {
                        firstStep[0] = System.nanoTime() - start;
                    }
                };
                StepListener listener = progress ? stepPrinter(batch) : StepListener.NONE;
                for (int i = 0; i < runs; i++) {
                    generator.generate(request, event -> {
                        timing.onStep(event);
                        listener.onStep(event);
                    }, Cancellation.none());
                }
                double msPerRun = (System.nanoTime() - start) / 1e6 / runs;
                if (profile != null) {
                    JniUtils.startProfile(false, false, false);
                    generator.generate(request, StepListener.NONE, Cancellation.none());
                    JniUtils.stopProfile(profile + "-batch" + batch + ".json");
                }
                String peak = memory != null ? memory.stopPeak() : "";
                System.out.printf(Locale.ROOT, "%-6d %-12.1f %-12.3f %-10.1f %-12.1f %s%n", batch, msPerRun / batch,
                        1000.0 * batch / msPerRun, msPerRun, firstStep[0] / 1e6, peak);
            }
            System.out.printf(Locale.ROOT, "peak heap %.1f MiB, peak RSS %.1f MiB, RSS now %.1f MiB%n",
                    peakHeap() / 1048576.0, procStatus("VmHWM") / 1048576.0, procStatus("VmRSS") / 1048576.0);
        }
    }

    /** Prints each step's token count and time, so that a run too slow to finish can be extrapolated. */
    private static StepListener stepPrinter(int batch) {
        long[] last = {System.nanoTime()};
        int[] tokens = {0};
        return event -> {
            long now = System.nanoTime();
            tokens[0] += event.tokens()[0].length;
            System.out.printf(Locale.ROOT, "  batch %d step %d/%d: %d tokens (%d done), %.1f ms%n", batch, event.step() + 1,
                    event.stepCount(), event.tokens()[0].length, tokens[0], (now - last[0]) / 1e6);
            last[0] = now;
            if (event.last()) {
                tokens[0] = 0;
            }
        };
    }

    private static long peakHeap() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total;
    }

    private static long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no " + field + " in /proc/self/status");
    }
}
