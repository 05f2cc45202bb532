package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens of a whole image at model size ({@code columns x rows} tokens), encoded and decoded as
 * one: in square tiles of at most {@code tileGrids} model grids a side (the map's side, when
 * smaller) that overlap by a quarter grid, so that the codec's memory stays bounded. Where tiles
 * overlap, the encode keeps the code of the tile whose centre is nearer (the overlap keeps the
 * encoder's view of every token's surroundings) and the decode averages them with tent weights, so
 * tile borders leave no seam. Windows read and write their part of the map ({@link #windowGrid}).
 */
final class TokenMap {

    private final int columns;
    private final int rows;
    private final List<Window> tiles;

    private TokenMap(int columns, int rows, List<Window> tiles) {
        this.columns = columns;
        this.rows = rows;
        this.tiles = tiles;
    }

    /** The tiles of a map of {@code columns x rows} tokens, each at most {@code tileGrids} model grids a side. */
    static TokenMap of(EditContext context, int columns, int rows, int tileGrids) {
        int grid = context.models().generator().gridColumns();
        int overlap = Math.max(1, grid / 4);
        int width = Math.min(columns, tileGrids * grid);
        int height = Math.min(rows, tileGrids * grid);
        int patch = context.patch();
        List<Window> tiles = new ArrayList<>();
        for (int y : tileOffsets(rows, height, overlap)) {
            for (int x : tileOffsets(columns, width, overlap)) {
                Rect region = new Rect(x * patch, y * patch, width * patch, height * patch);
                tiles.add(new Window(region, region, width, height, 1.0));
            }
        }
        return new TokenMap(columns, rows, tiles);
    }

    int columns() {
        return columns;
    }

    int rows() {
        return rows;
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

    /** Progress units of one encode or decode of the whole map: a window's, times how many windows' pixels each tile holds. */
    long units(EditContext context) {
        int grid = context.models().generator().gridColumns() * context.models().generator().gridRows();
        long cells = (long) tiles.get(0).columns() * tiles.get(0).rows();
        return tiles.size() * EditListener.Progress.CODEC_UNITS * Math.max(1, (cells + grid - 1) / grid);
    }

    /**
     * The codes of {@code image} ({@code columns x rows} tokens of pixels), encoded tile by tile in
     * the edit's {@code pass} for the plan's {@code windows} (progress; empty for the whole image).
     */
    int[] encode(EditContext context, ArgbImage image, int pass, List<Integer> windows) {
        int patch = context.patch();
        int[] codes = new int[columns * rows];
        long[] nearest = new long[codes.length];
        Arrays.fill(nearest, Long.MAX_VALUE);
        int batch = context.runner().windowBatch();
        for (int start = 0; start < tiles.size(); start += batch) {
            context.cancellation().throwIfCancelled();
            List<Window> chunk = tiles.subList(start, Math.min(tiles.size(), start + batch));
            long units = units(context) * chunk.size() / tiles.size();
            List<int[]> encoded = context.runner().encodeTiles(chunk, image, units, pass, windows);
            for (int i = 0; i < chunk.size(); i++) {
                Window w = chunk.get(i);
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
     * Decodes {@code map} tile by tile into an image of {@code columns x rows} tokens of pixels, the
     * alpha {@code alphaSource}'s, averaging overlapping tiles with tent weights.
     *
     * @param pass    the edit's pass (progress)
     * @param windows the plan's windows the map serves (progress; empty for the whole image)
     * @param variant the variant the map belongs to (progress)
     */
    ArgbImage decode(EditContext context, int[] map, int pass, List<Integer> windows, int variant,
                     ArgbImage alphaSource) {
        int patch = context.patch();
        int width = columns * patch;
        int height = rows * patch;
        float[][] sums = new float[3][width * height];
        float[] weights = new float[width * height];
        int batch = context.runner().windowBatch();
        for (int start = 0; start < tiles.size(); start += batch) {
            context.cancellation().throwIfCancelled();
            List<Window> chunk = tiles.subList(start, Math.min(tiles.size(), start + batch));
            List<List<int[]>> grids = chunk.stream().map(t -> List.of(windowGrid(t, map, patch))).toList();
            List<List<ArgbImage>> decoded = context.runner().decodeTiles(chunk.get(0), grids,
                    units(context) * chunk.size() / tiles.size(), windows, pass, variant);
            for (int i = 0; i < chunk.size(); i++) {
                accumulate(decoded.get(i).get(0), chunk.get(i).region(), width, sums, weights);
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

    /** Adds a decoded tile into the weighted sums, with tent weights. */
    private static void accumulate(ArgbImage decoded, Rect region, int width, float[][] sums, float[] weights) {
        for (int y = 0; y < region.height(); y++) {
            for (int x = 0; x < region.width(); x++) {
                // tent: highest in the middle, small (never 0) at the tile's edge
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

    /** A window's part of a map, as a window grid (columns x rows raster); the window lies on whole tokens at model size. */
    int[] windowGrid(Window window, int[] map, int patch) {
        int wx = window.region().x() / patch;
        int wy = window.region().y() / patch;
        int[] grid = new int[window.columns() * window.rows()];
        for (int r = 0; r < window.rows(); r++) {
            System.arraycopy(map, (wy + r) * columns + wx, grid, r * window.columns(), window.columns());
        }
        return grid;
    }
}
