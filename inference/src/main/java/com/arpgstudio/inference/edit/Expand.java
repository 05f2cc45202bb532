package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Resolution expansion: an image of twice the width and height with new detail.
 *
 * <p>The paper calls this zero-shot but publishes no code. The design here needs nothing the
 * engine does not already offer (known tokens at integer grid positions, any positions to fill):
 *
 * <ol>
 *   <li><b>Anchors.</b> The input is upscaled 2x (bicubic) and encoded once, in tiles of two model
 *       grids a side that overlap a little. One token in every {@code stride x stride} block (a
 *       quarter for stride 2, spread evenly) is kept as an anchor: anchors pin the layout and
 *       colours, so the model draws the same scene.</li>
 *   <li><b>Fill.</b> Every other token is generated given the anchors and whatever earlier windows
 *       produced. The model has only seen sharp images at this token density, so what it draws
 *       between the anchors is sharp detail at the new scale, not the blur the bicubic tokens hold.
 *       Windows run in four interleaved sets ({@link WindowPlanner#planTokenAligned}), each set a
 *       wave of independent windows generated as one batch.</li>
 *   <li><b>Refresh.</b> The anchors themselves encode blurry pixels; a second pass regenerates them
 *       given their (now sharp) neighbours, so no token of the result is a blurred one.</li>
 *   <li><b>Assemble.</b> Windows are token-aligned tiles of half a window with context around
 *       them; the finished token map is decoded in the encode's tiles and overlapping decodes are
 *       averaged with tent weights, so tile borders leave no seam. (Tiles of two grids hold each
 *       pixel about 1.5 times, where decoding window by window held it 4 times.)</li>
 *   <li><b>Back-projection.</b> The result shrunk back must be the input: a few rounds of
 *       {@code result += upscale(input - downscale(result))} put the input's low frequencies back
 *       exactly while keeping the generated high frequencies.</li>
 * </ol>
 *
 * <p>RandAR-style placement (the low-resolution tokens on the even grid sites with interpolated
 * RoPE) was not chosen: it needs fractional RoPE positions in the engine and a model that learnt to
 * read them, which the released ARPG weights never saw. The anchor design uses the model exactly
 * as it was trained (a partially known grid at native density).
 *
 * <p>Measurements in the record: {@code psnr_downscaled_vs_input} (dB, RGB, the result shrunk back
 * against the input), {@code hf_energy_result} and {@code hf_energy_bicubic} (mean squared
 * Laplacian of the luminance of the result and of a plain bicubic 2x upscale) and their ratio.
 */
final class Expand {

    private Expand() {}

    static Outcome run(EditContext context, EditRequest request) {
        ArgbImage input = Inpaint.require(request.image(), "an image");
        int patch = context.patch();
        int outW = input.width() * 2;
        int outH = input.height() * 2;
        int canvasW = roundUp(outW, patch);
        int canvasH = roundUp(outH, patch);
        WindowPlanner planner = context.planner();
        planner.checkCanvas(outW, outH, "the expanded image");
        int variants = context.settings().variants();
        // upscaled input + float accumulators (4 planes) + one result per variant
        EditContext.requireHeap((long) canvasW * canvasH * 4L * (3 + 4 + 2 * variants), "the expansion");

        ArgbImage bicubic = Resampler.resize(input, outW, outH);
        ArgbImage upscaled = bicubic.crop(Rect.ofSize(canvasW, canvasH));
        WindowPlan plan = request.plan() != null ? checkAligned(planner.checkReplayed(request.plan(), canvasW, canvasH),
                canvasW, canvasH, patch) : planner.planTokenAligned(canvasW, canvasH);
        context.listener().onPlan(plan);

        int columns = canvasW / patch;
        int rows = canvasH / patch;
        int stride = context.options().anchorStride();
        List<int[]> maps = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            int[] map = new int[columns * rows];
            Arrays.fill(map, -1);
            maps.add(map);
        }
        List<Window> windows = plan.windows();
        TokenMap tiles = TokenMap.of(context, columns, rows, TILE_GRIDS);
        context.progress().begin(units(context, windows, tiles, stride), windows.size(), 2);
        int[] encoded = tiles.encode(context, upscaled, 0, List.of());
        for (int[] map : maps) {
            for (int i = 0; i < map.length; i++) {
                if (isAnchor(i % columns, i / columns, stride)) {
                    map[i] = encoded[i];
                }
            }
        }
        // a window's two passes read and write the token map in turn: windows of a wave never touch
        // each other's regions
        for (List<Integer> wave : context.waves(plan, 0, WindowPlan.Sharing.NONE)) {
            context.cancellation().throwIfCancelled();
            List<Window> waveWindows = wave.stream().map(windows::get).toList();
            for (int pass = 0; pass < 2; pass++) {
                List<WindowRunner.Job> jobs = new ArrayList<>();
                for (int i = 0; i < wave.size(); i++) {
                    int k = wave.get(i);
                    Window window = waveWindows.get(i);
                    byte[] cells = cells(window, maps.get(0), pass == 1, columns, patch, stride);
                    if (TokenCells.count(cells, TokenCells.UNKNOWN) == 0) {
                        continue;
                    }
                    // cells with no token yet hold the upscale's: a preview decodes them as the
                    // upscale, not as code 0 (a tinted texture over every window of a wave)
                    int[] upscaledCodes = tiles.windowGrid(window, encoded, patch);
                    List<int[]> grids = new ArrayList<>();
                    for (int[] map : maps) {
                        int[] grid = tiles.windowGrid(window, map, patch);
                        for (int cell = 0; cell < cells.length; cell++) {
                            if (grid[cell] < 0) {
                                grid[cell] = upscaledCodes[cell];
                            }
                        }
                        grids.add(grid);
                    }
                    List<ArgbImage> backdrops = Collections.nCopies(variants,
                            context.runner().modelPixels(upscaled, window));
                    jobs.add(new WindowRunner.Job(k, pass, window, grids, backdrops, cells, context.seeds(2 * k + pass)));
                }
                if (jobs.isEmpty()) {
                    continue;
                }
                List<WindowRunner.Output> outputs = context.runner().generate(jobs, context.settings(), false);
                for (int j = 0; j < jobs.size(); j++) {
                    WindowRunner.Job job = jobs.get(j);
                    Window window = job.window();
                    for (int v = 0; v < variants; v++) {
                        int[] tokens = outputs.get(j).tokens().get(v).codes();
                        for (int cell = 0; cell < job.cells().length; cell++) {
                            if (job.cells()[cell] == TokenCells.UNKNOWN) {
                                int gx = window.region().x() / patch + cell % window.columns();
                                int gy = window.region().y() / patch + cell / window.columns();
                                maps.get(v)[gy * columns + gx] = tokens[cell];
                            }
                        }
                    }
                }
            }
        }
        context.cancellation().throwIfCancelled();

        List<ArgbImage> results = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            ArgbImage assembled = tiles.decode(context, maps.get(v), 1, List.of(), v, upscaled)
                    .crop(Rect.ofSize(outW, outH));
            results.add(backProject(assembled, input, bicubic, context.options().backProjections()));
        }
        Map<String, Double> measurements = new LinkedHashMap<>();
        ArgbImage first = results.get(0);
        measurements.put("psnr_downscaled_vs_input", ImageMetrics.psnr(Resampler.resize(first, input.width(),
                input.height()), input));
        double hfResult = ImageMetrics.highFrequencyEnergy(first);
        double hfBicubic = ImageMetrics.highFrequencyEnergy(bicubic);
        measurements.put("hf_energy_result", hfResult);
        measurements.put("hf_energy_bicubic", hfBicubic);
        measurements.put("hf_energy_ratio", hfBicubic > 0 ? hfResult / hfBicubic : Double.NaN);
        return new Outcome(results, plan, measurements, List.of());
    }

    /** Model grids per side of a map tile: tiles are encoded and decoded whole, overlapping a little. */
    private static final int TILE_GRIDS = 2;

    /**
     * The window's cells in a pass: its target's non-anchors (pass 0) or anchors (the refresh) are
     * generated, every other token assigned so far is known, the rest excluded.
     */
    private static byte[] cells(Window window, int[] map, boolean refresh, int columns, int patch, int stride) {
        int wx = window.region().x() / patch;
        int wy = window.region().y() / patch;
        Rect target = window.target();
        byte[] cells = new byte[window.columns() * window.rows()];
        for (int r = 0; r < window.rows(); r++) {
            for (int c = 0; c < window.columns(); c++) {
                int gx = wx + c;
                int gy = wy + r;
                boolean inTarget = target.contains(gx * patch, gy * patch);
                boolean anchor = isAnchor(gx, gy, stride);
                boolean generate = inTarget && (refresh ? anchor : !anchor);
                cells[r * window.columns() + c] = generate ? TokenCells.UNKNOWN
                        : map[gy * columns + gx] >= 0 ? TokenCells.KNOWN : TokenCells.EXCLUDED;
            }
        }
        return cells;
    }

    /**
     * The whole expansion's work: the encode of every map tile, per window a generation over its
     * target's other tokens and one over its target's anchors, and the decode of every map tile per
     * variant when assembling.
     */
    private static long units(EditContext context, List<Window> windows, TokenMap tiles, int stride) {
        int patch = context.patch();
        long units = 0;
        for (Window window : windows) {
            Rect t = window.target();
            int anchors = 0;
            int others = 0;
            for (int gy = t.y() / patch; gy < t.bottom() / patch; gy++) {
                for (int gx = t.x() / patch; gx < t.right() / patch; gx++) {
                    if (isAnchor(gx, gy, stride)) {
                        anchors++;
                    } else {
                        others++;
                    }
                }
            }
            units += context.stepCount(others) + context.stepCount(anchors);
        }
        return units + tiles.units(context) * (1 + context.settings().variants());
    }

    static boolean isAnchor(int column, int row, int stride) {
        return column % stride == 0 && row % stride == 0;
    }

    /**
     * Iterative back-projection: {@code result += upscale(input - downscale(result))}, so the result
     * shrunk back matches the input while keeping its own high frequencies. Alpha is the bicubic
     * upscale's.
     */
    static ArgbImage backProject(ArgbImage result, ArgbImage input, ArgbImage bicubic, int rounds) {
        float[][] current = Resampler.toPlanes(result);
        float[][] target = Resampler.toPlanes(input);
        int w = result.width();
        int h = result.height();
        for (int round = 0; round < rounds; round++) {
            for (int c = 1; c < 4; c++) {
                float[] down = Resampler.resizePlane(current[c], w, h, input.width(), input.height());
                for (int i = 0; i < down.length; i++) {
                    down[i] = target[c][i] - down[i];
                }
                float[] up = Resampler.resizePlane(down, input.width(), input.height(), w, h);
                for (int i = 0; i < up.length; i++) {
                    current[c][i] = Math.max(0, Math.min(255, current[c][i] + up[i]));
                }
            }
        }
        current[0] = Resampler.toPlanes(bicubic)[0];
        return Resampler.fromPlanes(current, w, h);
    }

    /** A replayed expansion's windows must lie on whole tokens inside the canvas at native resolution, as planned. */
    private static WindowPlan checkAligned(WindowPlan plan, int canvasW, int canvasH, int patch) {
        Rect canvas = Rect.ofSize(canvasW, canvasH);
        for (Window w : plan.windows()) {
            Rect r = w.region();
            if (w.scale() != 1.0 || r.x() % patch != 0 || r.y() % patch != 0 || !canvas.contains(r)
                    || w.target().x() % patch != 0 || w.target().y() % patch != 0) {
                throw new EditException(EditException.Reason.RECORD_MISMATCH, "recorded window " + w
                        + ": expected whole tokens of " + patch + " px inside the " + canvasW + "x" + canvasH
                        + " canvas at scale 1");
            }
        }
        return plan;
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
