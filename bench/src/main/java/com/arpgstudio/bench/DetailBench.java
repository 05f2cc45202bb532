package com.arpgstudio.bench;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageMetrics;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills larger than the model's window with the detail pass off (the coarse fill scaled up) and
 * auto (detail passes at the image's own scale over it), interleaved: square masks of
 * {@code --sizes} windows a side (in tenths: 5 = half a window, at native scale; 10, 20, 30) centred
 * on the picture. Per fill: the time (and how the edit thread's CPU time splits into encode, generate and
 * decode: each phase is counted up to the progress report that ends it), windows
 * and generations, the sharpness ratio ({@link ImageMetrics#sharpnessRatio}; 1.0 = as detailed as
 * the surroundings), the worst seam along the mask's sides ({@link ImageMetrics#worstRectangleEdge})
 * and whether the pixels beyond the feather band stayed identical; then auto's time over off's, and
 * its sharpness against the native-scale fill's.
 *
 * <pre>
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.DetailBench [MODEL_DIR_OR_FILE [TOKENIZER]]
 *     [--photo FILE] [--out DIR] [--gpu 1] [--random-released 1] [--width 960] [--height 640] [--sizes 5,10,20,30]
 *     [--steps 16] [--batch 64] [--runs 1] [--seed 1]
 * </pre>
 * Without {@code --photo} the picture is the benches' synthetic one of {@code --width x --height};
 * without a model the embedded default model runs.
 */
public final class DetailBench {

    private DetailBench() {}

    /** Where each fill's result is written as PNG (to look at), or null. */
    private static Path saveTo;

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String photoFile = take(rest, "--photo");
        Path photo = photoFile == null ? null : Path.of(photoFile);
        String sizes = take(rest, "--sizes");
        String outDir = take(rest, "--out");
        saveTo = outDir == null ? null : Path.of(outDir);
        String sizeList = sizes == null ? "5,10,20,30" : sizes;
        EditBenchArgs parsed = EditBenchArgs.parse(rest.toArray(String[]::new), new LinkedHashMap<>(Map.of("gpu", 0,
                "random-released", 0, "width", 960, "height", 640, "steps", 16, "batch", Settings.DEFAULT_WINDOW_BATCH, "runs", 1, "seed", 1)));
        Device device = parsed.option("gpu") == 1 ? Device.gpu() : Device.cpu();
        boolean random = parsed.option("random-released") == 1;
        try (LoadedModels loaded = random ? EditBenchArgs.randomReleased(device)
                : LoadedModels.load(parsed.modelFiles(), device)) {
            ArgbImage picture = photo != null ? ImageDecoder.read(photo).image()
                    : EditBenchArgs.picture(parsed.option("width"), parsed.option("height"));
            int window = loaded.models().plannerConfig().windowWidth();
            System.out.printf(Locale.ROOT,
                    "%s on %s, %d cores, %s %dx%d, window %d px, %d steps, seed %d, window batch %d%n",
                    random ? "ARPG-L and VQ-16 with random weights" : "model " + loaded.models().generatorWeights().name(),
                    device, Runtime.getRuntime().availableProcessors(), photo != null ? photo.getFileName() : "picture",
                    picture.width(), picture.height(), window, parsed.option("steps"), parsed.option("seed"),
                    parsed.option("batch"));
            // the model's recommended sampling, as the command line and the editor use it
            SamplingSettings settings = (random ? SamplingSettings.DEFAULTS.withClassId(0)
                    : parsed.modelFiles().recommendedSettings()).withSteps(parsed.option("steps"))
                    .withSeed(parsed.option("seed"));
            Editor editor = new Editor(loaded.models(), PreviewPolicy.NONE, DeviceMemoryLimit.none(),
                    parsed.option("batch"));
            // warm-up: native code paths at both window grids' batch shapes
            editor.run(request(picture, window / 2, settings.withSteps(2), DetailPass.OFF), EditListener.NONE,
                    Cancellation.none());
            double nativeSharpness = Double.NaN;
            for (String tenths : sizeList.split(",")) {
                int side = Math.min(Math.min(picture.width(), picture.height()) - 2 * 48,
                        window * Integer.parseInt(tenths.trim()) / 10);
                double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] bestCpu = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] sharpness = new double[2];
                for (int run = 0; run < parsed.option("runs"); run++) {
                    for (DetailPass pass : DetailPass.values()) {
                        int i = pass == DetailPass.OFF ? 0 : 1;
                        Measured m = timed(editor, picture, side, settings, pass);
                        best[i] = Math.min(best[i], m.seconds());
                        bestCpu[i] = Math.min(bestCpu[i], m.cpuSeconds());
                        sharpness[i] = m.sharpness();
                    }
                }
                if (side <= window / 2) {
                    nativeSharpness = sharpness[0];
                } else {
                    System.out.printf(Locale.ROOT, "mask %d px: detail auto %.2fx the time of off (CPU %.2fx); "
                            + "sharpness %.3f (off %.3f), %.0f%% of the native-scale fill's %.3f%n", side,
                            best[1] / best[0], bestCpu[1] / bestCpu[0], sharpness[1], sharpness[0], 100 * sharpness[1] / nativeSharpness, nativeSharpness);
                }
            }
        }
    }

    /** Wall and CPU seconds of a fill (CPU: every thread of the process, which on a shared machine is the fair figure). */
    private record Measured(double seconds, double cpuSeconds, double sharpness) {}

    /** The process's CPU time from java.base (the GPU machine's runtime has no jdk.management). */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static Measured timed(Editor editor, ArgbImage picture, int side, SamplingSettings settings,
                                  DetailPass pass) throws java.io.IOException {
        EditRequest request = request(picture, side, settings, pass);
        Map<EditListener.Phase, Double> phases = new EnumMap<>(EditListener.Phase.class);
        List<List<Integer>> generations = new ArrayList<>();
        // the phases in this thread's CPU time: the edit and libtorch (on one thread) run on it
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] last = {threads.getCurrentThreadCpuTime()};
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        EditResult result = editor.run(request, new EditListener() {
            @Override
            public void onProgress(Progress progress) {
                long now = threads.getCurrentThreadCpuTime();
                phases.merge(progress.stage().phase(), (now - last[0]) / 1e9, Double::sum);
                last[0] = now;
                if (progress.stage().phase() == Phase.GENERATE && progress.stage().step() == 0) {
                    generations.add(progress.stage().windows());
                }
            }
        }, Cancellation.none());
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        if (saveTo != null) {
            java.nio.file.Files.createDirectories(saveTo);
            javax.imageio.ImageIO.write(result.image().toBufferedImage(), "png",
                    saveTo.resolve("mask" + side + "-" + pass + ".png").toFile());
        }
        Rect hole = hole(picture, side);
        double sharpness = ImageMetrics.sharpnessRatio(result.image(), request.mask());
        double seam = ImageMetrics.worstRectangleEdge(result.image(), hole);
        // beyond the coarse feather (8 model px at the coarse scale, at most 4) nothing may change
        int band = (int) Math.ceil(EditOptions.DEFAULT_FEATHER_PIXELS * 4.0) + 1;
        PixelMask outside = request.mask().grown(band).inverted();
        boolean identical = true;
        for (int y = 0; y < picture.height() && identical; y++) {
            for (int x = 0; x < picture.width(); x++) {
                if (outside.get(x, y) && result.image().get(x, y) != picture.get(x, y)) {
                    identical = false;
                    break;
                }
            }
        }
        System.out.printf(Locale.ROOT, "mask %4d px, detail %-4s: %7.2f s, CPU %7.2f s (this thread's: encode %.2f, generate %.2f, "
                        + "decode %.2f), %d windows in %d generations, sharpness %.3f, worst side seam %.2f, outside the "
                        + "band %s; %s %s%n",
                side, pass, seconds, cpuSeconds, phases.getOrDefault(EditListener.Phase.ENCODE, 0.0),
                phases.getOrDefault(EditListener.Phase.GENERATE, 0.0), phases.getOrDefault(EditListener.Phase.DECODE, 0.0),
                result.record().windows().size(), generations.size(), sharpness, seam,
                identical ? "identical" : "CHANGED", result.record().measurements(), result.record().notes());
        return new Measured(seconds, cpuSeconds, sharpness);
    }

    private static EditRequest request(ArgbImage picture, int side, SamplingSettings settings, DetailPass pass) {
        return EditRequest.inpaint(picture, PixelMask.ofRect(picture.width(), picture.height(), hole(picture, side)),
                settings).withOptions(EditOptions.defaults().withDetailPass(pass));
    }

    private static Rect hole(ArgbImage picture, int side) {
        return new Rect((picture.width() - side) / 2, (picture.height() - side) / 2, side, side);
    }

    /** Removes {@code --name VALUE} from the arguments and returns the value, or null. */
    private static String take(List<String> args, String name) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return null;
        }
        String value = args.remove(at + 1);
        args.remove(at);
        return value;
    }
}
