package com.arpgstudio.bench;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Compositor;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.util.Locale;

/**
 * A detail pass's paste at the image's scale ({@link Compositor#paste}): a map decoded over a square mask of
 * {@code --mask} px and its surroundings ({@code --margin} px a side, the map's dilation, feather and context)
 * pasted into a synthetic {@code --width x --height} picture, with the default feather and colour ring. Prints
 * the least wall and CPU time (the whole process) over {@code --runs} pastes, and the CPU time of them all.
 *
 * <pre>
 * java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.PasteBench [--width 2048] [--height 1536]
 *     [--mask 768] [--margin 48] [--runs 20]
 * </pre>
 */
public final class PasteBench {

    private PasteBench() {}

    public static void main(String[] args) {
        EditBenchArgs parsed = EditBenchArgs.parse(args, new java.util.LinkedHashMap<>(java.util.Map.of("width", 2048,
                "height", 1536, "mask", 768, "margin", 48, "runs", 20)));
        int width = parsed.option("width");
        int height = parsed.option("height");
        int side = parsed.option("mask");
        int margin = parsed.option("margin");
        ArgbImage picture = EditBenchArgs.picture(width, height);
        Rect hole = new Rect((width - side) / 2, (height - side) / 2, side, side);
        PixelMask mask = PixelMask.ofRect(width, height, hole);
        Rect area = hole.grow(margin, picture.bounds());
        // another picture's pixels stand for the decoded map
        ArgbImage decoded = EditBenchArgs.picture(area.width() * 2, area.height()).crop(
                new Rect(area.width() / 2, 0, area.width(), area.height()));
        PixelMask known = mask.inverted();
        EditOptions options = EditOptions.defaults();
        Compositor compositor = new Compositor(options.featherPixels(), options.colourRingPixels(),
                options.blendBandPixels());
        double wall = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        long allCpu = processCpuNanos();
        for (int run = 0; run < parsed.option("runs"); run++) {
            ArgbImage canvas = picture.copy();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            compositor.paste(canvas, area, decoded, mask, known, null);
            wall = Math.min(wall, (System.nanoTime() - start) / 1e6);
            cpu = Math.min(cpu, (processCpuNanos() - cpuStart) / 1e6);
        }
        System.out.printf(Locale.ROOT, "paste of %dx%d px over a %d px mask, %d cores: least %.1f ms wall, %.1f ms CPU;"
                        + " %d pastes %.0f ms CPU%n", area.width(), area.height(), side,
                Runtime.getRuntime().availableProcessors(), wall, cpu, parsed.option("runs"),
                (processCpuNanos() - allCpu) / 1e6);
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
}
