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
import com.arpgstudio.inference.testing.RandomWeights;
import com.arpgstudio.inference.vq.Tokenizer;
import com.arpgstudio.inference.vq.VqConfig;
import com.arpgstudio.inference.vq.VqWeights;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time to first step (its preview, if any) and total time of a 256x256 inpaint of a quarter of the image (a centred
 * 128x128 hole) or, with {@code --half 1}, of its right half, for each preview policy, on the CPU or
 * with {@code --gpu 1} on the GPU; {@code --random-released 1} runs ARPG-L and VQ-16 shaped models
 * with random weights instead of model files. The window is the model's (256x256 for the
 * released weights and the fixtures, 128x128 for the embedded default model, which then works on
 * the region shrunk to fit).
 *
 * <pre>
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.InpaintBench [MODEL_DIR_OR_FILE [TOKENIZER]] [--steps N] [--runs N]
 *     [--warmup N] [--gpu 1] [--random-released 1] [--half 1]
 * </pre>
 * Each run also prints when (ms from its start) the encode, the first and the last generation step
 * and the decode reported progress, and when the edit returned (pasting in between).
 * {@code --warmup N} runs the edit N times before the timed runs (on a GPU the third run captures
 * the steps as CUDA graphs; {@code -Darpg.cudaGraphs=off} leaves them off).
 * Without a model it uses the embedded default model.
 */
public final class InpaintBench {

    private InpaintBench() {}

    public static void main(String[] args) throws Exception {
        EditBenchArgs parsed = EditBenchArgs.parse(args, new LinkedHashMap<>(Map.of("steps", 64, "runs", 3,
                "warmup", 0, "gpu", 0, "random-released", 0, "half", 0)));
        int steps = parsed.option("steps");
        int runs = parsed.option("runs");
        int warmup = parsed.option("warmup");
        Device device = parsed.option("gpu") == 1 ? Device.gpu() : Device.cpu();
        long loadStart = System.nanoTime();
        boolean random = parsed.option("random-released") == 1;
        ModelFiles files = random ? null : parsed.modelFiles();
        try (LoadedModels loaded = random ? EditBenchArgs.randomReleased(device) : LoadedModels.load(files, device)) {
            System.out.printf(Locale.ROOT, "%s: loaded in %.2fs%n", random
                    ? "ARPG-L and VQ-16 with random weights as " + (device.isGpu() ? "FLOAT16" : "FLOAT32")
                    : "model " + files.generator() + ", tokenizer " + files.tokenizer(), seconds(loadStart));
            int size = 256;
            int window = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize();
            ArgbImage image = EditBenchArgs.picture(size);
            boolean half = parsed.option("half") == 1;
            Rect hole = half ? new Rect(size / 2, 0, size / 2, size) : new Rect(size / 4, size / 4, size / 2, size / 2);
            PixelMask mask = PixelMask.ofRect(size, size, hole);
            SamplingSettings settings = SamplingSettings.DEFAULTS.withClassId(0).withSteps(steps).withSeed(1);
            System.out.printf(Locale.ROOT, "%dx%d inpaint of %s (%dx%d), model window %dx%d, %d steps, "
                    + "guidance %.1f, %s, CUDA graphs %s, %d cores%n", size, size, half ? "the right half" : "a centred hole",
                    hole.width(), hole.height(), window, window, steps, settings.guidanceScale(), device,
                    System.getProperty("arpg.cudaGraphs", "repeated"), Runtime.getRuntime().availableProcessors());
            for (PreviewPolicy policy : List.of(PreviewPolicy.NONE, PreviewPolicy.CODES_ONLY, PreviewPolicy.ADAPTIVE)) {
                Editor editor = new Editor(loaded.models(), policy);
                editor.run(EditRequest.inpaint(image, mask, settings.withSteps(2)), EditListener.NONE,
                        Cancellation.none()); // warm-up: native code paths, preview cache
                for (int run = 0; run < warmup; run++) {    // full runs: on a GPU the third captures the steps
                    long start = System.nanoTime();
                    editor.run(EditRequest.inpaint(image, mask, settings.withSeed(100 + run)), EditListener.NONE,
                            Cancellation.none());
                    System.out.printf(Locale.ROOT, "%-10s warm-up %d: total %.3fs%n", policy, run, seconds(start));
                }
                for (int run = 0; run < runs; run++) {
                    long start = System.nanoTime();
                    long[] firstPreview = {-1};
                    int[] stepCount = {0};
                    int[] decodes = {0};
                    // when each phase last reported progress: encode done, first and last step done, decode done
                    long[] phaseEnds = {-1, -1, -1, -1};
                    editor.run(EditRequest.inpaint(image, mask, settings.withSeed(run)), new EditListener() {
                        @Override
                        public void onProgress(Progress progress) {
                            if (progress.stage() == null) {
                                return;
                            }
                            long now = System.nanoTime() - start;
                            switch (progress.stage().phase()) {
                                case ENCODE -> phaseEnds[0] = now;
                                case GENERATE -> {
                                    if (phaseEnds[1] < 0) {
                                        phaseEnds[1] = now;
                                    }
                                    phaseEnds[2] = now;
                                }
                                case DECODE -> phaseEnds[3] = now;
                            }
                        }

                        @Override
                        public void onStep(Step step) {
                            if (firstPreview[0] < 0) {
                                firstPreview[0] = System.nanoTime() - start;
                            }
                            stepCount[0]++;
                            if (!step.previews().isEmpty() && step.previews().get(0).decoded()) {
                                decodes[0]++;
                            }
                        }
                    }, Cancellation.none());
                    long total = System.nanoTime() - start;
                    System.out.printf(Locale.ROOT, "%-10s run %d: first preview %.3fs, total %.3fs, %d steps, "
                            + "%d full-decode previews; ms: encoded %.1f, first step %.1f, last step %.1f, "
                            + "decoded %.1f, done %.1f%n", policy, run, firstPreview[0] / 1e9, total / 1e9,
                            stepCount[0], decodes[0], phaseEnds[0] / 1e6, phaseEnds[1] / 1e6, phaseEnds[2] / 1e6,
                            phaseEnds[3] / 1e6, total / 1e6);
                }
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
