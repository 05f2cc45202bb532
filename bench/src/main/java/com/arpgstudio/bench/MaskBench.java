package com.arpgstudio.bench;

import com.arpgstudio.inference.edit.PixelMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Speed of the mask operations the editor's Mask menu runs (off the FX thread) on a photo-sized
 * mask: grow and shrink by a distance, invert, for a hard mask (brush strokes over a 12-megapixel
 * canvas) and for the same strokes painted with a soft edge. One thread; the median and the
 * fastest of the runs after one warm-up.
 *
 * <pre>java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.MaskBench [--width 4000] [--height 3000]
 *     [--distance 16] [--iterations 5]</pre>
 */
public final class MaskBench {

    private MaskBench() {}

    public static void main(String[] args) throws IOException {
        int width = 4000;
        int height = 3000;
        int distance = 16;
        int iterations = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--distance" -> distance = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --width N, --height N, --distance N, --iterations N");
            }
        }
        System.out.printf(Locale.ROOT, "%dx%d mask (%.1f MP), distance %d, %d cores, load average %s%n", width, height,
                width * (double) height / 1e6, distance, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());
        PixelMask hard = strokes(width, height, 1.0);
        PixelMask soft = strokes(width, height, 0.5);
        System.out.printf(Locale.ROOT, "hard: %.1f%% painted; soft: %.1f%% painted, of which %.1f%% partly%n",
                100.0 * hard.count() / (width * (double) height), 100.0 * soft.count() / (width * (double) height),
                100.0 * (soft.count() - soft.solid().count()) / soft.count());
        int d = distance;
        report("hard grow", iterations, () -> hard.grown(d));
        report("hard shrink", iterations, () -> hard.shrunk(d));
        report("hard invert", iterations, hard::inverted);
        report("soft grow", iterations, () -> soft.grown(d));
        report("soft shrink", iterations, () -> soft.shrunk(d));
        report("soft invert", iterations, soft::inverted);
    }

    /**
     * Three wavy strokes across the canvas, 2% of the short side wide: full coverage for the inner
     * {@code hardness} of the radius, then a linear fall-off to the edge (a soft brush's dab).
     */
    private static PixelMask strokes(int width, int height, double hardness) {
        byte[] values = new byte[width * height];
        double radius = 0.02 * Math.min(width, height);
        for (int stroke = 1; stroke <= 3; stroke++) {
            double baseline = height * stroke / 4.0;
            for (int x = 0; x < width; x++) {
                double cy = baseline + height / 10.0 * Math.sin(x * 6.0 / width + stroke);
                for (int y = (int) Math.max(0, cy - radius); y < Math.min(height, cy + radius + 1); y++) {
                    double r = Math.abs(y - cy) / radius;
                    double cover = r <= hardness ? 1 : Math.max(0, (1 - r) / (1 - hardness));
                    int i = y * width + x;
                    values[i] = (byte) Math.max(values[i] & 0xff, (int) Math.round(cover * PixelMask.FULL));
                }
            }
        }
        return PixelMask.ofCoverage(width, height, values);
    }

    private static void report(String what, int iterations, Supplier<PixelMask> operation) {
        operation.get(); // warm-up: class loading and compilation
        double[] ms = new double[iterations];
        long painted = 0;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            painted = operation.get().count();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-12s median %7.1f ms, fastest %7.1f ms (%d pixels painted after)%n", what,
                ms[iterations / 2], ms[0], painted);
    }
}
