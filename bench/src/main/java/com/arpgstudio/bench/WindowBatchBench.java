package com.arpgstudio.bench;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.edit.WindowPlan;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.Settings;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Multi-window edits one window at a time against waves of windows as rows of one batch: a 2x
 * expansion of a {@code --width x --height} picture and an outpaint of {@code --margin} pixels on
 * its right, each run with {@code --window-batch 1} and with {@code --batch N}, interleaved,
 * {@code --runs} times. Prints the time, the windows and generation batches, on a GPU the peak
 * memory (device, libtorch's allocated and reserved), the edit's measurements (the seam measures of
 * an outpaint, the PSNR of an expansion; the result's SHA-256, to compare builds), where each run's time went ({@link PhaseClock}: per group
 * of windows, its generations and the seconds in encodes, generations, decodes and on the host), and
 * the speed-up. {@code --random-released 1}
 * uses ARPG-L and VQ-16 shaped models with random weights (float16 on the GPU); {@code --random-small 1}
 * tiny ones of the same token grid and patch, whose edits do the same host work (planning, cropping,
 * pasting: PhaseClock's host seconds) at little cost in the models. {@code --heal PIXELS} sets the
 * seam heal's half width ({@link EditOptions#seamHealPixels}; 0: no heal windows), the default unless given.
 *
 * <pre>
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.WindowBatchBench [MODEL_DIR_OR_FILE [TOKENIZER]]
 *     [--gpu 1] [--random-released 1 | --random-small 1] [--width 1024] [--height 768] [--margin 512] [--steps 64]
 *     [--batch 64] [--runs 1] [--heal PIXELS]
 *     [--expand 1] [--outpaint 1]
 * </pre>
 * Without a model it uses the embedded default model.
 */
public final class WindowBatchBench {

    private WindowBatchBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> defaults = new LinkedHashMap<>(Map.of("gpu", 0, "random-released", 0, "random-small", 0,
                "width", 1024, "height", 768, "margin", 512, "steps", 64, "batch", Settings.DEFAULT_WINDOW_BATCH,
                "runs", 1, "expand", 1));
        defaults.put("outpaint", 1);
        defaults.put("heal", EditOptions.defaults().seamHealPixels());
        EditBenchArgs parsed = EditBenchArgs.parse(args, defaults);
        Device device = parsed.option("gpu") == 1 ? Device.gpu() : Device.cpu();
        boolean small = parsed.option("random-small") == 1;
        boolean random = small || parsed.option("random-released") == 1;
        GpuMemory memory = device.isGpu() ? new GpuMemory(device) : null;
        long loadStart = System.nanoTime();
        try (LoadedModels loaded = small ? EditBenchArgs.randomSmall(device)
                : random ? EditBenchArgs.randomReleased(device) : LoadedModels.load(parsed.modelFiles(), device)) {
            String name = loaded.models().generatorWeights().name();
            System.out.printf(Locale.ROOT, "%s on %s, loaded in %.1f s, %d cores%n", random
                    ? name + " with random weights" : "model " + name, device,
                    (System.nanoTime() - loadStart) / 1e9, Runtime.getRuntime().availableProcessors());
            ArgbImage picture = EditBenchArgs.picture(parsed.option("width"), parsed.option("height"));
            SamplingSettings settings = SamplingSettings.DEFAULTS.withClassId(0).withSteps(parsed.option("steps"))
                    .withSeed(1);
            Map<String, EditRequest> edits = new LinkedHashMap<>();
            EditOptions options = EditOptions.defaults().withSeamHealPixels(parsed.option("heal"));
            if (parsed.option("expand") == 1) {
                edits.put("expand " + picture.width() + "x" + picture.height(),
                        EditRequest.expand(picture, settings).withOptions(options));
            }
            if (parsed.option("outpaint") == 1) {
                edits.put("outpaint " + parsed.option("margin") + " px right of " + picture.width() + "x"
                        + picture.height(), EditRequest.outpaint(picture, new Margins(0, 0, parsed.option("margin"), 0),
                        settings).withOptions(options));
            }
            List<Integer> batches = List.of(1, parsed.option("batch"));
            // warm-up: native code paths and the preview table, for both batch settings
            for (int batch : batches) {
                new Editor(loaded.models(), PreviewPolicy.NONE, DeviceMemoryLimit.none(), batch).run(
                        EditRequest.outpaint(EditBenchArgs.picture(128, 128), new Margins(0, 0, 256, 0),
                                settings.withSteps(2)), EditListener.NONE, Cancellation.none());
            }
            for (Map.Entry<String, EditRequest> edit : edits.entrySet()) {
                double[] best = new double[batches.size()];
                for (int run = 0; run < parsed.option("runs"); run++) {
                    for (int i = 0; i < batches.size(); i++) {
                        double seconds = timed(loaded, edit.getKey(), edit.getValue(), batches.get(i), memory);
                        best[i] = run == 0 ? seconds : Math.min(best[i], seconds);
                    }
                }
                System.out.printf(Locale.ROOT, "%s: batched %.2fx faster than one window at a time (best runs)%n",
                        edit.getKey(), best[0] / best[1]);
            }
        }
    }

    /** Runs the edit once and prints its time, windows, generation batches and (on a GPU) peak memory. */
    private static double timed(LoadedModels loaded, String name, EditRequest request, int batch, GpuMemory memory)
            throws InterruptedException {
        PhaseClock clock = new PhaseClock(loaded.models(), false);
        Editor editor = new Editor(clock.models(), PreviewPolicy.NONE, DeviceMemoryLimit.none(), batch);
        Set<List<Integer>> generations = new HashSet<>();
        int[] windows = {0};
        if (memory != null) {
            memory.startPeak();
        }
        long start = System.nanoTime();
        clock.start();
        EditResult result = editor.run(request, new EditListener() {
            @Override
            public void onPlan(WindowPlan plan) {
                clock.onPlan(plan);
            }

            @Override
            public void onProgress(Progress progress) {
                clock.onProgress(progress);
                windows[0] = progress.stage().windowCount();
                if (progress.stage().phase() == Phase.GENERATE && progress.stage().step() == 0) {
                    generations.add(List.of(progress.stage().pass(), progress.stage().windows().get(0)));
                }
            }
        }, Cancellation.none());
        clock.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        String peak = memory != null ? ", peak GiB device, allocated, reserved: " + memory.stopPeak() : "";
        System.out.printf(Locale.ROOT, "%-40s window batch %3d: %8.2f s, %d windows in %d generations, %dx%d%s; %s; "
                        + "pixels %.12s%n", name, batch, seconds, windows[0], generations.size(), result.image().width(),
                result.image().height(), peak, result.record().measurements(), result.record().outputs().get(0));
        System.out.print(clock.table());
        return seconds;
    }
}
