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
import com.arpgstudio.inference.edit.Window;
import com.arpgstudio.inference.edit.WindowPlan;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills larger than the model's window with the detail pass off (the coarse fill scaled up) and
 * auto (detail passes at the image's own scale over it), interleaved: square masks of
 * {@code --sizes} windows a side (in tenths: 5 = half a window, at native scale; 10, 20, 30; or
 * {@code WxH} for a rectangle) centred on the picture. Per fill: the time (and where it went per pass:
 * encode, generate, decode and the host between calls, {@link PhaseClock}), windows
 * and generations, the sharpness ratio ({@link ImageMetrics#sharpnessRatio}; 1.0 = as detailed as
 * the surroundings), the worst seam along the mask's sides ({@link ImageMetrics#worstRectangleEdge})
 * and whether the pixels beyond the feather band stayed identical; then auto's time over off's, and
 * its sharpness against the native-scale fill's.
 *
 * <pre>
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.DetailBench [MODEL_DIR_OR_FILE [TOKENIZER]]
 *     [--photo FILE] [--out DIR] [--previews none|codes_only|adaptive] [--gpu 1]
 *     [--random-released 1 | --random-small 1] [--width 960] [--height 640] [--sizes 5,10,20,30] [--steps 16]
 *     [--batch 64] [--runs 1] [--seed 1]
 * </pre>
 * Without {@code --photo} the picture is the benches' synthetic one of {@code --width x --height};
 * without a model the embedded default model runs; {@code --random-small 1} runs the released
 * geometry at a tiny width ({@link EditBenchArgs#randomSmall}), whose host work on a CPU is a GPU
 * run's. Fills make no previews unless {@code --previews} names a
 * policy ({@code adaptive}: as the editor makes them).
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
        String previews = take(rest, "--previews");
        PreviewPolicy policy = previews == null ? PreviewPolicy.NONE : PreviewPolicy.valueOf(previews.toUpperCase(Locale.ROOT));
        saveTo = outDir == null ? null : Path.of(outDir);
        String sizeList = sizes == null ? "5,10,20,30" : sizes;
        EditBenchArgs parsed = EditBenchArgs.parse(rest.toArray(String[]::new), new LinkedHashMap<>(Map.of("gpu", 0,
                "random-released", 0, "random-small", 0, "width", 960, "height", 640, "steps", 16,
                "batch", Settings.DEFAULT_WINDOW_BATCH, "runs", 1, "seed", 1)));
        Device device = parsed.option("gpu") == 1 ? Device.gpu() : Device.cpu();
        boolean small = parsed.option("random-small") == 1;
        boolean random = small || parsed.option("random-released") == 1;
        try (LoadedModels loaded = small ? EditBenchArgs.randomSmall(device)
                : random ? EditBenchArgs.randomReleased(device) : LoadedModels.load(parsed.modelFiles(), device)) {
            ArgbImage picture = photo != null ? ImageDecoder.read(photo).image()
                    : EditBenchArgs.picture(parsed.option("width"), parsed.option("height"));
            int window = loaded.models().plannerConfig().windowWidth();
            System.out.printf(Locale.ROOT,
                    "%s on %s, %d cores, %s %dx%d, window %d px, %d steps, seed %d, window batch %d, previews %s%n",
                    small ? "the released geometry at a tiny width, random weights"
                            : random ? "ARPG-L and VQ-16 with random weights" : "model " + loaded.models().generatorWeights().name(),
                    device, Runtime.getRuntime().availableProcessors(), photo != null ? photo.getFileName() : "picture",
                    picture.width(), picture.height(), window, parsed.option("steps"), parsed.option("seed"),
                    parsed.option("batch"), policy);
            // the model's recommended sampling, as the command line and the editor use it
            SamplingSettings settings = (random ? SamplingSettings.DEFAULTS.withClassId(0)
                    : parsed.modelFiles().recommendedSettings()).withSteps(parsed.option("steps"))
                    .withSeed(parsed.option("seed"));
            Editor editor = new Editor(loaded.models(), policy, DeviceMemoryLimit.none(),
                    parsed.option("batch"));
            // warm-up: native code paths at both window grids' batch shapes
            editor.run(request(picture, hole(picture, window, "5"), settings.withSteps(2), DetailPass.OFF), EditListener.NONE,
                    Cancellation.none());
            double nativeSharpness = Double.NaN;
            for (String tenths : sizeList.split(",")) {
                Rect hole = hole(picture, window, tenths.trim());
                int side = Math.max(hole.width(), hole.height());
                double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] bestCpu = {Double.MAX_VALUE, Double.MAX_VALUE};
                double[] sharpness = new double[2];
                for (int run = 0; run < parsed.option("runs"); run++) {
                    for (DetailPass pass : DetailPass.values()) {
                        int i = pass == DetailPass.OFF ? 0 : 1;
                        Measured m = timed(loaded, policy, parsed.option("batch"), picture, hole, settings, pass);
                        best[i] = Math.min(best[i], m.seconds());
                        bestCpu[i] = Math.min(bestCpu[i], m.cpuSeconds());
                        sharpness[i] = m.sharpness();
                    }
                }
                if (side <= window / 2) {
                    nativeSharpness = sharpness[0];
                } else {
                    System.out.printf(Locale.ROOT, "mask %s px: detail auto %.2fx the time of off (CPU %.2fx); "
                            + "sharpness %.3f (off %.3f), %.0f%% of the native-scale fill's %.3f%n", size(hole),
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

    private static Measured timed(LoadedModels loaded, PreviewPolicy policy, int batch, ArgbImage picture, Rect hole,
                                  SamplingSettings settings, DetailPass pass) throws java.io.IOException {
        EditRequest request = request(picture, hole, settings, pass);
        PhaseClock clock = new PhaseClock(loaded.models(), true);
        Editor editor = new Editor(clock.models(), policy, DeviceMemoryLimit.none(), batch);
        List<List<Integer>> generations = new ArrayList<>();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        clock.start();
        EditResult result = editor.run(request, new EditListener() {
            @Override
            public void onPlan(WindowPlan plan) {
                clock.onPlan(plan);
            }

            @Override
            public void onProgress(Progress progress) {
                clock.onProgress(progress);
                if (progress.stage().phase() == Phase.GENERATE && progress.stage().step() == 0) {
                    generations.add(progress.stage().windows());
                }
            }
        }, Cancellation.none());
        clock.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        if (saveTo != null) {
            java.nio.file.Files.createDirectories(saveTo);
            javax.imageio.ImageIO.write(result.image().toBufferedImage(), "png",
                    saveTo.resolve("mask" + size(hole) + "-" + pass + ".png").toFile());
        }
        double sharpness = ImageMetrics.sharpnessRatio(result.image(), request.mask());
        double seam = ImageMetrics.worstRectangleEdge(result.image(), hole);
        String earlier = earlierEdges(result, request.mask());
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
        System.out.printf(Locale.ROOT, "mask %4s px, detail %-4s: %7.2f s, CPU %7.2f s, %d windows in %d generations, "
                        + "sharpness %.3f, worst side seam %.2f, outside the band %s; %s%s %s%n",
                size(hole), pass, seconds, cpuSeconds, result.record().windows().size(), generations.size(), sharpness,
                seam, identical ? "identical" : "CHANGED", result.record().measurements(), earlier,
                result.record().notes());
        System.out.print(clock.table());
        return new Measured(seconds, cpuSeconds, sharpness);
    }

    /**
     * The worst seam in the result along the tile edges of each detail pass before the last (the window edge
     * the record measures is the last pass's), as ", earlier passes' tile edges a, b", or "" with fewer passes.
     */
    private static String earlierEdges(EditResult result, PixelMask mask) {
        List<Window> windows = result.record().windows();
        List<Double> edges = new ArrayList<>();
        int start = 0;
        while (start < windows.size() && windows.get(start).scale() == windows.get(0).scale()) {
            start++; // the coarse fill
        }
        while (start < windows.size()) {
            int end = start;
            while (end < windows.size() && windows.get(end).scale() == windows.get(start).scale()) {
                end++;
            }
            if (end < windows.size()) {
                edges.add(ImageMetrics.worstWindowEdge(result.image(), mask,
                        new WindowPlan(windows.subList(start, end), List.of())));
            }
            start = end;
        }
        return edges.isEmpty() ? "" : ", earlier passes' tile edges " + edges.stream()
                .map(e -> String.format(Locale.ROOT, "%.2f", e)).reduce((a, b) -> a + " " + b).orElseThrow();
    }

    private static EditRequest request(ArgbImage picture, Rect hole, SamplingSettings settings, DetailPass pass) {
        return EditRequest.inpaint(picture, PixelMask.ofRect(picture.width(), picture.height(), hole), settings)
                .withOptions(EditOptions.defaults().withDetailPass(pass));
    }

    /**
     * The mask of one {@code --sizes} entry, centred: {@code N}, a square of N tenths of the window a side, at
     * most the picture's shorter side less 96 px; {@code WxH}, W tenths wide and H high, each at most its
     * side of the picture less 96 px.
     */
    private static Rect hole(ArgbImage picture, int window, String tenths) {
        String[] sides = tenths.split("x");
        int width;
        int height;
        if (sides.length == 1) {
            width = height = Math.min(Math.min(picture.width(), picture.height()) - 2 * 48,
                    window * Integer.parseInt(sides[0]) / 10);
        } else {
            width = Math.min(picture.width() - 2 * 48, window * Integer.parseInt(sides[0]) / 10);
            height = Math.min(picture.height() - 2 * 48, window * Integer.parseInt(sides[1]) / 10);
        }
        return new Rect((picture.width() - width) / 2, (picture.height() - height) / 2, width, height);
    }

    /** A mask's size as the lines print it: its side, or width x height. */
    private static String size(Rect hole) {
        return hole.width() == hole.height() ? Integer.toString(hole.width()) : hole.width() + "x" + hole.height();
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
