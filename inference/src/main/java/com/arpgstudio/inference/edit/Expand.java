package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolution expansion: an image of twice the width and height with new detail.
 *
 * <p>The paper calls this zero-shot but publishes no code. The design here needs nothing the
 * engine does not already offer (known tokens at integer grid positions, any positions to fill):
 *
 * <ol>
 *   <li><b>Anchors.</b> The input is upscaled 2x (bicubic) and encoded window by window. One token
 *       in every {@code stride x stride} block (a quarter for stride 2, spread evenly) is kept as
 *       an anchor: anchors pin the layout and colours, so the model draws the same scene.</li>
 *   <li><b>Fill.</b> Every other token is generated given the anchors and whatever earlier windows
 *       produced. The model has only seen sharp images at this token density, so what it draws
 *       between the anchors is sharp detail at the new scale, not the blur the bicubic tokens hold.</li>
 *   <li><b>Refresh.</b> The anchors themselves encode blurry pixels; a second pass regenerates them
 *       given their (now sharp) neighbours, so no token of the result is a blurred one.</li>
 *   <li><b>Assemble.</b> Windows are token-aligned tiles of half a window with context around
 *       them; the finished token map is decoded per window and overlapping decodes are averaged
 *       with tent weights, so window borders leave no seam.</li>
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
        context.progress().begin(units(context, windows, stride), windows.size(), 2);
        for (int k = 0; k < windows.size(); k++) {
            context.cancellation().throwIfCancelled();
            Window window = windows.get(k);
            int[] encoded = context.runner().encode(List.of(upscaled), window, k).get(0);
            ArgbImage backdrop = context.runner().modelPixels(upscaled, window);
            int wx = window.region().x() / patch;
            int wy = window.region().y() / patch;
            int tx0 = window.target().x() / patch;
            int ty0 = window.target().y() / patch;
            int tx1 = window.target().right() / patch;
            int ty1 = window.target().bottom() / patch;
            // anchors seen for the first time take their code from this window's encoding
            for (int r = 0; r < window.rows(); r++) {
                for (int c = 0; c < window.columns(); c++) {
                    int mapIndex = (wy + r) * columns + wx + c;
                    if (isAnchor(wx + c, wy + r, stride)) {
                        for (int[] map : maps) {
                            if (map[mapIndex] < 0) {
                                map[mapIndex] = encoded[r * window.columns() + c];
                            }
                        }
                    }
                }
            }
            for (int pass = 0; pass < 2; pass++) {
                boolean refresh = pass == 1;
                byte[] cells = new byte[window.columns() * window.rows()];
                List<int[]> grids = new ArrayList<>();
                for (int v = 0; v < variants; v++) {
                    grids.add(new int[cells.length]);
                }
                for (int r = 0; r < window.rows(); r++) {
                    for (int c = 0; c < window.columns(); c++) {
                        int gx = wx + c;
                        int gy = wy + r;
                        int cell = r * window.columns() + c;
                        boolean inTarget = gx >= tx0 && gx < tx1 && gy >= ty0 && gy < ty1;
                        boolean anchor = isAnchor(gx, gy, stride);
                        boolean generate = inTarget && (refresh ? anchor : !anchor);
                        boolean assigned = maps.get(0)[gy * columns + gx] >= 0;
                        cells[cell] = generate ? TokenCells.UNKNOWN
                                : assigned ? TokenCells.KNOWN : TokenCells.EXCLUDED;
                        for (int v = 0; v < variants; v++) {
                            grids.get(v)[cell] = generate ? -1 : maps.get(v)[gy * columns + gx];
                        }
                    }
                }
                if (TokenCells.count(cells, TokenCells.UNKNOWN) == 0) {
                    continue;
                }
                List<ArgbImage> backdrops = java.util.Collections.nCopies(variants, backdrop);
                WindowRunner.Output out = context.runner().generate(k, pass, window, grids, backdrops,
                        cells, context.settings(), context.seeds(2 * k + pass), false);
                for (int v = 0; v < variants; v++) {
                    int[] tokens = out.tokens().get(v).codes();
                    for (int cell = 0; cell < cells.length; cell++) {
                        if (cells[cell] == TokenCells.UNKNOWN) {
                            int gx = wx + cell % window.columns();
                            int gy = wy + cell / window.columns();
                            maps.get(v)[gy * columns + gx] = tokens[cell];
                        }
                    }
                }
            }
        }
        context.cancellation().throwIfCancelled();

        List<ArgbImage> results = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            ArgbImage assembled = assemble(context, windows, maps.get(v), v, columns, canvasW, canvasH, upscaled)
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

    /**
     * The whole expansion's work: per window its encode, a generation over its target's other
     * tokens, one over its target's anchors, and a decode per variant when assembling.
     */
    private static long units(EditContext context, List<Window> windows, int stride) {
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
            units += ProgressMeter.windowUnits(context.stepCount(others) + context.stepCount(anchors), true, false)
                    + (long) context.settings().variants() * EditListener.Progress.CODEC_UNITS;
        }
        return units;
    }

    static boolean isAnchor(int column, int row, int stride) {
        return column % stride == 0 && row % stride == 0;
    }

    /** Decodes the token map window by window and averages overlapping decodes with tent weights. */
    private static ArgbImage assemble(EditContext context, List<Window> windows, int[] map, int variant, int columns,
                                      int width, int height, ArgbImage alphaSource) {
        int patch = context.patch();
        float[][] sums = new float[3][width * height];
        float[] weights = new float[width * height];
        for (int k = 0; k < windows.size(); k++) {
            context.cancellation().throwIfCancelled();
            Window window = windows.get(k);
            int wx = window.region().x() / patch;
            int wy = window.region().y() / patch;
            int[] grid = new int[window.columns() * window.rows()];
            for (int r = 0; r < window.rows(); r++) {
                for (int c = 0; c < window.columns(); c++) {
                    grid[r * window.columns() + c] = map[(wy + r) * columns + wx + c];
                }
            }
            ArgbImage decoded = context.models().tokenizer().decode(List.of(grid), window.columns(), window.rows()).get(0);
            context.progress().advance(EditListener.Progress.CODEC_UNITS,
                    context.progress().variantStage(EditListener.Phase.DECODE, 1, List.of(k), variant));
            Rect region = window.region();
            for (int y = 0; y < region.height(); y++) {
                for (int x = 0; x < region.width(); x++) {
                    // tent: highest in the middle, small (never 0) at the window's edge
                    float w = Math.min(Math.min(x + 1, region.width() - x), Math.min(y + 1, region.height() - y));
                    int p = decoded.get(x, y);
                    int i = (region.y() + y) * width + region.x() + x;
                    sums[0][i] += w * ((p >> 16) & 0xff);
                    sums[1][i] += w * ((p >> 8) & 0xff);
                    sums[2][i] += w * (p & 0xff);
                    weights[i] += w;
                }
            }
        }
        int[] out = new int[width * height];
        for (int i = 0; i < out.length; i++) {
            float w = weights[i];
            out[i] = alphaSource.pixels()[i] & 0xff000000
                    | Resampler.clampByte(sums[0][i] / w) << 16
                    | Resampler.clampByte(sums[1][i] / w) << 8
                    | Resampler.clampByte(sums[2][i] / w);
        }
        return new ArgbImage(width, height, out);
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
