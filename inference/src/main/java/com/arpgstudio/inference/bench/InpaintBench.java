package com.arpgstudio.inference.bench;

import ai.djl.Device;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Cancellation;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditSettings;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.edit.Rect;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time to first preview and total time of a 256x256 inpaint of a quarter of the image (a centred
 * 128x128 hole) on the CPU, for each preview policy. The window is the model's (256x256 for the
 * released weights and the fixtures, 128x128 for the embedded default model, which then works on
 * the region shrunk to fit).
 *
 * <pre>
 * java -cp "app/target/lib/*" com.arpgstudio.inference.bench.InpaintBench [MODEL_DIR_OR_FILE [TOKENIZER]] [--steps N] [--runs N]
 * </pre>
 * Without a model it uses the embedded default model.
 */
public final class InpaintBench {

    private InpaintBench() {}

    public static void main(String[] args) throws Exception {
        EditBenchArgs parsed = EditBenchArgs.parse(args, Map.of("steps", 64, "runs", 3));
        int steps = parsed.option("steps");
        int runs = parsed.option("runs");
        ModelFiles files = parsed.modelFiles();
        long loadStart = System.nanoTime();
        try (LoadedModels loaded = LoadedModels.load(files, Device.cpu())) {
            System.out.printf(Locale.ROOT, "model %s, tokenizer %s: loaded in %.2fs%n", files.generator(),
                    files.tokenizer(), seconds(loadStart));
            int size = 256;
            int window = loaded.models().filler().gridColumns() * loaded.models().codec().patchSize();
            ArgbImage image = EditBenchArgs.picture(size);
            PixelMask mask = PixelMask.ofRect(size, size, new Rect(size / 4, size / 4, size / 2, size / 2));
            EditSettings settings = EditSettings.defaults().withSteps(steps).withSeed(1);
            System.out.printf(Locale.ROOT, "%dx%d inpaint of a centred %dx%d hole, model window %dx%d, %d steps, "
                    + "guidance %.1f, CPU, %d cores%n", size, size, size / 2, size / 2, window, window, steps,
                    settings.guidanceScale(), Runtime.getRuntime().availableProcessors());
            for (PreviewPolicy policy : List.of(PreviewPolicy.CODES_ONLY, PreviewPolicy.ADAPTIVE)) {
                Editor editor = new Editor(loaded.models(), policy);
                editor.run(EditRequest.inpaint(image, mask, 0, settings.withSteps(2)), EditListener.NONE,
                        Cancellation.none()); // warm-up: native code paths, preview cache
                for (int run = 0; run < runs; run++) {
                    long start = System.nanoTime();
                    long[] firstPreview = {-1};
                    int[] stepCount = {0};
                    int[] decodes = {0};
                    editor.run(EditRequest.inpaint(image, mask, 0, settings.withSeed(run)), new EditListener() {
                        @Override
                        public void onStep(Step step) {
                            if (firstPreview[0] < 0) {
                                firstPreview[0] = System.nanoTime() - start;
                            }
                            stepCount[0]++;
                            if (step.previews().get(0).decoded()) {
                                decodes[0]++;
                            }
                        }
                    }, Cancellation.none());
                    System.out.printf(Locale.ROOT, "%-10s run %d: first preview %.3fs, total %.3fs, %d steps, "
                            + "%d full-decode previews%n", policy, run, firstPreview[0] / 1e9, seconds(start),
                            stepCount[0], decodes[0]);
                }
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
