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
        List<MapTile> tiles = mapTiles(context, columns, rows);
        context.progress().begin(units(context, windows, tiles, stride), windows.size(), 2);
        int[] encoded = encodeMap(context, upscaled, tiles, columns, rows);
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
                    int[] upscaledCodes = windowGrid(window, encoded, columns, patch);
                    List<int[]> grids = new ArrayList<>();
                    for (int[] map : maps) {
                        int[] grid = windowGrid(window, map, columns, patch);
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
            ArgbImage assembled = assemble(context, tiles, maps.get(v), v, columns, canvasW, canvasH, upscaled)
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
     * A square part of the token map, the same size as every other, encoded and decoded as one
     * image: {@link #TILE_GRIDS} model grids a side where the map is large enough, kept inside it.
     */
    private record MapTile(Window window) {}

    /** Model grids per side of a map tile: tiles are encoded and decoded whole, overlapping a little. */
    private static final int TILE_GRIDS = 2;

    /**
     * Tiles of the token map, each {@code TILE_GRIDS} grids a side (or the map's side, when smaller),
     * starting every such length less a quarter grid, so that neighbours overlap by a quarter grid:
     * the overlap is where their decodes blend, and it keeps the encoder's view of each token's
     * surroundings.
     */
    private static List<MapTile> mapTiles(EditContext context, int columns, int rows) {
        int grid = context.models().generator().gridColumns();
        int overlap = Math.max(1, grid / 4);
        int width = Math.min(columns, TILE_GRIDS * grid);
        int height = Math.min(rows, TILE_GRIDS * grid);
        int patch = context.patch();
        List<MapTile> tiles = new ArrayList<>();
        for (int y : tileOffsets(rows, height, overlap)) {
            for (int x : tileOffsets(columns, width, overlap)) {
                Rect region = new Rect(x * patch, y * patch, width * patch, height * patch);
                tiles.add(new MapTile(new Window(region, region, width, height, 1.0)));
            }
        }
        return tiles;
    }

    /** Starts of tiles of {@code size} covering {@code [0, length)}, overlapping by at least {@code overlap}. */
    private static List<Integer> tileOffsets(int length, int size, int overlap) {
        if (size >= length) {
            return List.of(0);
        }
        int count = (int) Math.ceil((double) (length - overlap) / (size - overlap));
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starts.add((int) Math.round((double) i * (length - size) / (count - 1)));
        }
        return starts;
    }

    /** Progress units of one tile's encode or decode: a window's, times how many windows' pixels it holds. */
    private static long tileUnits(EditContext context, MapTile tile) {
        int grid = context.models().generator().gridColumns() * context.models().generator().gridRows();
        long cells = (long) tile.window().columns() * tile.window().rows();
        return EditListener.Progress.CODEC_UNITS * Math.max(1, (cells + grid - 1) / grid);
    }

    /** The codes of the whole upscale, encoded tile by tile; where tiles overlap, the tile whose centre is nearer wins. */
    private static int[] encodeMap(EditContext context, ArgbImage upscaled, List<MapTile> tiles, int columns,
                                   int rows) {
        int patch = context.patch();
        int[] codes = new int[columns * rows];
        long[] nearest = new long[codes.length];
        Arrays.fill(nearest, Long.MAX_VALUE);
        int batch = context.runner().windowBatch();
        for (int start = 0; start < tiles.size(); start += batch) {
            context.cancellation().throwIfCancelled();
            List<MapTile> chunk = tiles.subList(start, Math.min(tiles.size(), start + batch));
            List<int[]> encoded = context.runner().encodeTiles(chunk.stream().map(MapTile::window).toList(), upscaled,
                    chunk.size() * tileUnits(context, chunk.get(0)));
            for (int i = 0; i < chunk.size(); i++) {
                Window w = chunk.get(i).window();
                int x0 = w.region().x() / patch;
                int y0 = w.region().y() / patch;
                for (int r = 0; r < w.rows(); r++) {
                    for (int c = 0; c < w.columns(); c++) {
                        long dx = 2L * c + 1 - w.columns();
                        long dy = 2L * r + 1 - w.rows();
                        long distance = dx * dx + dy * dy;
                        int at = (y0 + r) * columns + x0 + c;
                        if (distance < nearest[at]) {
                            nearest[at] = distance;
                            codes[at] = encoded.get(i)[r * w.columns() + c];
                        }
                    }
                }
            }
        }
        return codes;
    }

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

    /** The window's part of a token map, as a window grid (columns x rows raster). */
    private static int[] windowGrid(Window window, int[] map, int columns, int patch) {
        int wx = window.region().x() / patch;
        int wy = window.region().y() / patch;
        int[] grid = new int[window.columns() * window.rows()];
        for (int r = 0; r < window.rows(); r++) {
            for (int c = 0; c < window.columns(); c++) {
                grid[r * window.columns() + c] = map[(wy + r) * columns + wx + c];
            }
        }
        return grid;
    }

    /**
     * The whole expansion's work: the encode of every map tile, per window a generation over its
     * target's other tokens and one over its target's anchors, and the decode of every map tile per
     * variant when assembling.
     */
    private static long units(EditContext context, List<Window> windows, List<MapTile> tiles, int stride) {
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
        long tileWork = tiles.size() * tileUnits(context, tiles.get(0));
        return units + tileWork * (1 + context.settings().variants());
    }

    static boolean isAnchor(int column, int row, int stride) {
        return column % stride == 0 && row % stride == 0;
    }

    /** Decodes the token map tile by tile and averages overlapping decodes with tent weights. */
    private static ArgbImage assemble(EditContext context, List<MapTile> tiles, int[] map, int variant, int columns,
                                      int width, int height, ArgbImage alphaSource) {
        float[][] sums = new float[3][width * height];
        float[] weights = new float[width * height];
        int batch = context.runner().windowBatch();
        for (int start = 0; start < tiles.size(); start += batch) {
            context.cancellation().throwIfCancelled();
            List<MapTile> chunk = tiles.subList(start, Math.min(tiles.size(), start + batch));
            List<List<int[]>> grids = chunk.stream().map(t -> List.of(windowGrid(t.window(), map, columns,
                    context.patch()))).toList();
            List<List<ArgbImage>> decoded = context.runner().decodeTiles(chunk.get(0).window(), grids,
                    chunk.size() * tileUnits(context, chunk.get(0)), List.of(), 1, variant);
            for (int i = 0; i < chunk.size(); i++) {
                accumulate(decoded.get(i).get(0), chunk.get(i).window().region(), width, sums, weights);
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

    /** Adds a decoded window into the weighted sums, with tent weights. */
    private static void accumulate(ArgbImage decoded, Rect region, int width, float[][] sums, float[] weights) {
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
