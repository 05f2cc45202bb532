package com.arpgstudio.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.arpg.GenerationRequest;
import com.arpgstudio.inference.arpg.GenerationRow;
import com.arpgstudio.inference.arpg.Generator;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.runtime.Cancellation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where a CPU generation shaped like the expansion's spends its time: the first pass over the known
 * tokens against the steps. Each row is a window of the model's grid whose centre half a side
 * square is the target; the context around it is known in part ({@code --known-percent}) and the
 * target's anchors (every other cell of every other row) are known. Two generations of the same
 * rows, timed by the thread's CPU time (best of {@code --runs}): one fills the target's other cells
 * (the expansion's first pass: 48 of a 16x16 grid's 64, a token a step with the recommended 64
 * steps), one fills as many cells as the target has anchors (the refresh pass's count) with the
 * other cells left out. Their difference is the steps between the two counts, which gives the cost
 * of a step and, from the second generation, of the first pass.
 *
 * <pre>java -Dai.djl.pytorch.num_threads=1 -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.ExpandStepBench \
 *     [MODEL_DIR_OR_FILE] [--windows 16] [--known-percent 100] [--runs 3]</pre>
 *
 * Without a model the embedded default runs, with its recommended sampling; rows are guided, so a
 * generation runs twice {@code --windows} rows.
 */
public final class ExpandStepBench {

    private ExpandStepBench() {}

    public static void main(String[] args) throws Exception {
        EditBenchArgs parsed = EditBenchArgs.parse(args, Map.of("windows", 16, "known-percent", 100, "runs", 3));
        int windows = parsed.option("windows");
        ModelFiles files = parsed.modelFiles();
        SamplingSettings settings = files.recommendedSettings().withClassId(0).withSeed(1);
        try (ArpgModel model = ArpgModel.load(files.generator(), Device.cpu(), DataType.FLOAT32)) {
            Generator generator = new Generator(model);
            int side = model.config().gridSize();
            System.out.printf("%s, %d windows of %dx%d, %d%% of the context known, %s; %d cores, load %s%n",
                    files.generator().getFileName(), windows, side, side, parsed.option("known-percent"),
                    settings.describeSampler(), Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            Rows others = rows(side, windows, parsed.option("known-percent"), false);
            Rows anchors = rows(side, windows, parsed.option("known-percent"), true);
            double many = best(generator, others.rows, settings, parsed.option("runs"));
            double few = best(generator, anchors.rows, settings, parsed.option("runs"));
            int steps = stepCount(others.fill, settings) - stepCount(anchors.fill, settings);
            double step = (many - few) / steps;
            double firstPass = few - stepCount(anchors.fill, settings) * step;
            System.out.printf("fill %d a row: %.0f ms; fill %d: %.0f ms (%.1f ms a window)%n", others.fill, many,
                    anchors.fill, few, few / windows);
            System.out.printf("a step: %.1f ms (%.2f ms a window); the first pass over %d known tokens a row: %.0f ms%n",
                    step, step / windows, others.known, firstPass);
        }
    }

    private static int stepCount(int fill, SamplingSettings settings) {
        return settings.sampleSchedule().tokensPerStep(fill, settings.steps()).length;
    }

    /** Rows of the same windows filling the target's non-anchor cells, or as many cells as it has anchors. */
    private record Rows(List<GenerationRow> rows, int fill, int known) {}

    private static Rows rows(int side, int windows, int knownPercent, boolean anchorCount) {
        Random random = new Random(1);
        List<GenerationRow> rows = new ArrayList<>();
        int fill = 0;
        int known = 0;
        for (int w = 0; w < windows; w++) {
            List<Integer> knownCells = new ArrayList<>();
            List<Integer> fillCells = new ArrayList<>();
            int targetAnchors = 0;
            for (int p = 0; p < side * side; p++) {
                int x = p % side;
                int y = p / side;
                boolean target = x >= side / 4 && x < side * 3 / 4 && y >= side / 4 && y < side * 3 / 4;
                boolean anchor = x % 2 == 0 && y % 2 == 0;
                if (target && anchor) {
                    knownCells.add(p);
                    targetAnchors++;
                } else if (target) {
                    fillCells.add(p);
                } else if (random.nextInt(100) < knownPercent) {
                    knownCells.add(p);
                }
            }
            List<Integer> filled = anchorCount ? fillCells.subList(0, targetAnchors) : fillCells;
            int[] positions = knownCells.stream().mapToInt(Integer::intValue).toArray();
            int[] tokens = new int[positions.length];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = random.nextInt(4096);
            }
            rows.add(new GenerationRow(0, w, positions, tokens, filled.stream().mapToInt(Integer::intValue).toArray(),
                    null));
            fill = filled.size();
            known = Math.max(known, positions.length);
        }
        return new Rows(rows, fill, known);
    }

    /** The least CPU time of this thread, in ms, that a generation of the rows took over {@code runs} runs. */
    private static double best(Generator generator, List<GenerationRow> rows, SamplingSettings settings, int runs) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            long start = threads.getCurrentThreadCpuTime();
            generator.generate(new GenerationRequest(rows, settings), StepListener.NONE, Cancellation.none());
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1e6);
        }
        return best;
    }
}
