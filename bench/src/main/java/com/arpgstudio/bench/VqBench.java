package com.arpgstudio.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.Texts;
import com.arpgstudio.inference.testing.RandomWeights;
import com.arpgstudio.inference.vq.CodePreview;
import com.arpgstudio.inference.vq.TokenGrid;
import com.arpgstudio.inference.vq.Tokenizer;
import com.arpgstudio.inference.vq.VqConfig;
import com.arpgstudio.inference.vq.VqWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Speed of the VQ tokenizer at the released VQ-16 size (ch 128, ch_mult [1,1,2,2,4], z 256,
 * codebook 16384 x 8) with random weights: decode of a 16x16 token map to 256x256 pixels (batch 1),
 * encode of a 256x256 image, and the preview path (decoding the patches of a step's new codes,
 * optionally the whole table, the disk cache, and drawing a grid from the table).
 *
 * <pre>java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.VqBench [--iterations N] [--device cpu|gpu]
 *     [--tokens N] [--full-table] [--profile PREFIX] [--cudnn-benchmark] [--tokenizer FILE [--psnr DIR]]</pre>
 *
 * {@code --tokenizer FILE} times those weights instead (the embedded tokenizer, a trained candidate; configured by
 * the {@code config.json} beside them, else from the weights); {@code --psnr DIR} then also prints how faithfully it
 * reconstructs the images of DIR (PNG or JPEG, each side a whole number of tokens): the mean over the images of
 * the 8-bit PSNR of encode then decode, as {@code training/train_vq.py} measures its evaluation windows.
 *
 * {@code --profile PREFIX} records one more decode and encode per batch size with libtorch's profiler, as
 * Chrome traces {@code PREFIX-decode-batchN.json} and {@code PREFIX-encode-batchN.json}: the operators'
 * host times (DJL's profiler records no kernel times, so on a GPU the kernels' time shows as the wait of
 * the copy that reads the result);
 * {@code --cudnn-benchmark} lets cuDNN time its algorithms for each new shape (the engine never does:
 * every new map size would wait for the timing).
 */
public final class VqBench {

    /** USER_HZ: 100 on every Linux architecture DJL's libtorch supports. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private VqBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = 5;
        int tokenSide = 16;
        boolean fullTable = false;
        int[] batches = {1};
        Device device = Device.cpu();
        DataType dtype = DataType.FLOAT32;
        String profile = null;
        boolean cudnnBenchmark = false;
        Path weights = null;
        Path psnrImages = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--tokens" -> tokenSide = Integer.parseInt(args[++i]);
                case "--full-table" -> fullTable = true;
                case "--batch" -> batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--device" -> device = "gpu".equals(args[++i]) ? Device.gpu() : Device.cpu();
                case "--dtype" -> dtype = "float16".equals(args[++i]) ? DataType.FLOAT16 : DataType.FLOAT32;
                case "--profile" -> profile = args[++i];
                case "--cudnn-benchmark" -> cudnnBenchmark = true;
                case "--tokenizer" -> weights = Path.of(args[++i]);
                case "--psnr" -> psnrImages = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --iterations N, --tokens N, --full-table, --device cpu|gpu, --batch 1,64, "
                        + "--dtype float32|float16, --profile PREFIX, --cudnn-benchmark, --tokenizer FILE, --psnr DIR");
            }
        }
        if (psnrImages != null && weights == null) {
            throw new IllegalArgumentException("--psnr measures the weights of --tokenizer FILE: expected both");
        }
        int tokens = tokenSide;
        DjlRuntime.engine();
        if (cudnnBenchmark) {
            JniUtils.setBenchmarkCuDNN(true);
        }
        String what = weights == null ? "VQ-16 random weights" : "tokenizer " + Texts.escaped(weights.toString());
        System.out.printf("%s, %s, %d cores, %s, load average %s%n", what, device,
                Runtime.getRuntime().availableProcessors(), dtype, Files.readString(Path.of("/proc/loadavg")).trim());

        long start = System.nanoTime();
        try (Tokenizer tokenizer = load(weights, device, dtype)) {
            VqConfig config = tokenizer.config();
            System.out.printf("load: %.0f ms, %d tensors%n", millis(start), tokenizer.weights().tensors().size());
            if (psnrImages != null) {
                reconstruction(tokenizer, psnrImages);
            }
            int side = tokens * config.downsampleFactor();
            Random random = new Random(1);
            int[] codes = new int[tokens * tokens];
            Arrays.setAll(codes, i -> random.nextInt(config.codebookSize()));
            TokenGrid grid = new TokenGrid(codes, tokens, tokens);

            long rssBefore = residentKib();
            for (int batch : batches) {
                long[] values = new long[batch * codes.length];
                Arrays.setAll(values, i -> codes[i % codes.length]);
                Run decodeRun = () -> {
                    try (NDManager scope = DjlRuntime.newManager(tokenizer.device())) {
                        NDArray image = tokenizer.decode(scope.create(values, new Shape(batch, tokens, tokens)));
                        image.toFloatArray();
                    }
                };
                double[][] decode = time(iterations, decodeRun);
                profiled(profile, "decode-batch" + batch, device, decodeRun);
                report("decode batch " + batch + ", " + tokens + "x" + tokens + " tokens -> " + side + "x" + side
                        + " (tensor API)", decode);
            }
            report("decode " + tokens + "x" + tokens + " tokens -> ARGB pixels (pixel API)",
                    time(iterations, () -> tokenizer.decodeArgb(grid)));
            long rssAfter = residentKib();
            System.out.printf("resident memory across the decode runs: %d MiB -> %d MiB%n", rssBefore / 1024,
                    rssAfter / 1024);

            int[] image = tokenizer.decodeArgb(grid);
            report("encode " + side + "x" + side + " pixels -> " + tokens + "x" + tokens + " codes",
                    time(iterations, () -> tokenizer.encode(image, side, side)));
            for (int batch : batches) {
                List<int[]> images = Collections.nCopies(batch, image);
                Run encodeRun = () -> tokenizer.encodeAll(images, side, side);
                report("encode batch " + batch + ", " + side + "x" + side + " pixels (pixel API)",
                        time(iterations, encodeRun));
                profiled(profile, "encode-batch" + batch, device, encodeRun);
            }

            previewBench(tokenizer, config, grid, fullTable);
        }
    }

    /** Random VQ-16 weights without a file, else the file's weights and configuration. */
    private static Tokenizer load(Path weights, Device device, DataType dtype) throws IOException {
        if (weights == null) {
            VqConfig config = VqConfig.vq16();
            return Tokenizer.load(RandomWeights.stateDict(VqWeights.expectedShapes(config), 1, "random VQ-16"), config,
                    device, dtype);
        }
        StateDict dict = StateDict.open(weights);
        return Tokenizer.load(dict, VqConfig.resolve(dict, weights), device, dtype);
    }

    /** Mean 8-bit PSNR of each image of {@code folder} against its encode and decode. */
    private static void reconstruction(Tokenizer tokenizer, Path folder) throws IOException {
        List<Path> files;
        try (var listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--psnr " + Texts.escaped(folder.toString())
                    + ": expected images in the folder, found none");
        }
        int factor = tokenizer.downsampleFactor();
        double sum = 0;
        for (Path file : files) {
            ArgbImage image = ImageDecoder.read(file).image();
            if (image.width() % factor != 0 || image.height() % factor != 0) {
                throw new IllegalArgumentException(Texts.escaped(file.toString())
                        + ": expected sides that are multiples of " + factor + " pixels, found " + image.width() + "x"
                        + image.height());
            }
            int[] decoded = tokenizer.decodeArgb(tokenizer.encode(image.pixels(), image.width(), image.height()));
            sum += psnr(image.pixels(), decoded);
        }
        System.out.printf("reconstruction of %d images of %s: mean PSNR %.2f dB%n", files.size(),
                Texts.escaped(folder.toString()), sum / files.size());
    }

    /** PSNR of two ARGB images over their 8-bit red, green and blue, as train_vq.psnr (MSE at least 1e-3). */
    static double psnr(int[] expected, int[] actual) {
        double squares = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((expected[i] >> shift) & 0xFF) - ((actual[i] >> shift) & 0xFF);
                squares += d * d;
            }
        }
        double mse = Math.max(squares / (3.0 * expected.length), 1e-3);
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static void previewBench(Tokenizer tokenizer, VqConfig config, TokenGrid grid, boolean fullTable)
            throws IOException {
        long start = System.nanoTime();
        byte[] fingerprint = tokenizer.weights().decoderFingerprint();
        System.out.printf("decoder fingerprint (cache key): %.0f ms (%d bytes)%n", millis(start), fingerprint.length);

        Path cache = Files.createTempDirectory("vq-bench-preview");
        try {
            CodePreview preview = CodePreview.cached(tokenizer, cache);
            // a generation step emits a few tokens: decode the patches of 8 new codes
            int next = 0;
            for (int round = 0; round < 3; round++) {
                int[] step = new int[8];
                for (int i = 0; i < step.length; i++) {
                    step[i] = next++;
                }
                long cpu = processCpuMillis();
                start = System.nanoTime();
                preview.ensure(step);
                System.out.printf("preview ensure, %d new codes (one generation step): wall %.0f ms, CPU %d ms%n",
                        step.length, millis(start), processCpuMillis() - cpu);
            }
            int[] batch = new int[CodePreview.BATCH];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = next++;
            }
            long cpu = processCpuMillis();
            start = System.nanoTime();
            preview.ensure(batch);
            double perCode = millis(start) / batch.length;
            double cpuPerCode = (double) (processCpuMillis() - cpu) / batch.length;
            System.out.printf("preview ensure, %d new codes: wall %.1f ms, CPU %.1f ms per code; all %d codes: wall "
                    + "about %.0f s at this rate%n", batch.length, perCode, cpuPerCode, config.codebookSize(),
                    perCode * config.codebookSize() / 1000);
            if (fullTable) {
                start = System.nanoTime();
                preview.computeAll(null);
                System.out.printf("preview computeAll: %.1f s%n", millis(start) / 1000);
            }
            start = System.nanoTime();
            preview.save();
            System.out.printf("preview save: %.0f ms%n", millis(start));
            start = System.nanoTime();
            CodePreview reloaded = CodePreview.cached(tokenizer, cache);
            System.out.printf("preview load from cache (fingerprint included): %.0f ms, %d codes known%n",
                    millis(start), reloaded.knownCount());

            int[] out = new int[grid.height() * grid.width() * preview.patchSize() * preview.patchSize()];
            int[] codes = grid.codes();
            int repeats = 1000;
            start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                preview.render(codes, grid.height(), grid.width(), out);
            }
            System.out.printf("preview render %dx%d tokens to %dx%d pixels: %.3f ms%n", grid.height(), grid.width(),
                    grid.width() * preview.patchSize(), grid.height() * preview.patchSize(), millis(start) / repeats);
        } finally {
            try (var files = Files.list(cache)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(cache);
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    /** One more run recorded by libtorch's profiler as the Chrome trace PREFIX-NAME.json, when a prefix is given. */
    private static void profiled(String prefix, String name, Device device, Run run) throws Exception {
        if (prefix == null) {
            return;
        }
        JniUtils.startProfile(device.isGpu(), true, false);
        try {
            run.run();
        } finally {
            JniUtils.stopProfile(prefix + "-" + name + ".json");
        }
    }

    /** Wall and process CPU milliseconds of each timed run, after two untimed warm-up runs. */
    private static double[][] time(int iterations, Run run) throws Exception {
        run.run();
        run.run();
        double[][] times = new double[2][iterations];
        for (int i = 0; i < iterations; i++) {
            long cpu = processCpuMillis();
            long start = System.nanoTime();
            run.run();
            times[0][i] = millis(start);
            times[1][i] = processCpuMillis() - cpu;
        }
        return times;
    }

    /**
     * Wall time, and the process's CPU time (all threads, libtorch's included): on a shared machine
     * the wall time depends on the load, the CPU time much less; on an idle machine the wall time
     * of a run is about its CPU time divided by the cores libtorch uses.
     */
    private static void report(String what, double[][] times) {
        System.out.printf("%s: wall median %.1f ms, min %.1f ms, max %.1f ms; CPU median %.0f ms (%d runs)%n", what,
                median(times[0]), Arrays.stream(times[0]).min().orElse(0), Arrays.stream(times[0]).max().orElse(0),
                median(times[1]), times[0].length);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** utime + stime of this process from /proc/self/stat, in milliseconds (Linux). */
    private static long processCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
