package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens of one result of a fill (inpainting, outpainting, generation or a re-roll), window by
 * window, with how sure the model was of each generated one. Kept with the result so that a part
 * of it can be generated again ({@link Reroll}) with every other token as it is, and so that the
 * doubtful parts can be shown ({@link #probabilityMap}).
 *
 * @param windows the windows in the order they ran, with their tokens
 * @param locked  canvas pixels no fill may write (outpainting: the original image), or null
 */
public record FillTokens(List<WindowTokens> windows, Rect locked) {

    public FillTokens {
        if (windows == null || windows.isEmpty() || windows.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("expected the tokens of at least one window, found " + windows);
        }
        windows = List.copyOf(windows);
    }

    /** Generated tokens over all windows. */
    public int generatedCount() {
        return windows.stream().mapToInt(WindowTokens::generatedCount).sum();
    }

    /** Bytes this holds on the heap, for memory budgets. */
    public long bytes() {
        return 64L + windows.stream().mapToLong(WindowTokens::bytes).sum();
    }

    /**
     * The generated tokens under {@code brush}: per window, the generated cells holding a painted
     * pixel of the window's target (the pixels it was responsible for) outside the locked area,
     * less the cells holding a pinned pixel.
     *
     * @param pins pixels whose tokens must not change, or null
     */
    public TokenSelection under(PixelMask brush, PixelMask pins) {
        List<int[]> cells = new ArrayList<>();
        for (WindowTokens w : windows) {
            PixelMask painted = brush.within(w.window().target());
            if (locked != null) {
                painted.fill(locked, false);
            }
            byte[] touched = TokenCells.classify(w.window(), painted, null, 0);
            boolean[] pinned = pinnedCells(w.window(), pins);
            cells.add(java.util.stream.IntStream.range(0, touched.length)
                    .filter(i -> touched[i] == TokenCells.UNKNOWN && w.generated(i) && !pinned[i]).toArray());
        }
        return new TokenSelection(cells);
    }

    /** The generated tokens whose probability is below {@code threshold}, less the pinned ones. */
    public TokenSelection below(double threshold, PixelMask pins) {
        List<int[]> cells = new ArrayList<>();
        for (WindowTokens w : windows) {
            float[] probabilities = w.probabilities();
            boolean[] pinned = pinnedCells(w.window(), pins);
            cells.add(java.util.stream.IntStream.range(0, probabilities.length)
                    .filter(i -> w.generated(i) && !pinned[i] && probabilities[i] < threshold).toArray());
        }
        return new TokenSelection(cells);
    }

    /**
     * Per canvas pixel of a {@code width x height} canvas, the probability of the generated token
     * whose cell covers it (where windows overlap, the later one's); NaN where no token was generated.
     */
    public float[] probabilityMap(int width, int height) {
        float[] map = new float[width * height];
        Arrays.fill(map, Float.NaN);
        Rect canvas = Rect.ofSize(width, height);
        for (WindowTokens w : windows) {
            Window window = w.window();
            float[] probabilities = w.probabilities();
            for (int i = 0; i < probabilities.length; i++) {
                if (!w.generated(i)) {
                    continue;
                }
                Rect cell = window.cell(i % window.columns(), i / window.columns()).intersect(canvas);
                for (int y = cell.y(); y < cell.bottom(); y++) {
                    Arrays.fill(map, y * width + cell.x(), y * width + cell.right(), probabilities[i]);
                }
            }
        }
        return map;
    }

    /** These tokens with window {@code index} replaced. */
    FillTokens with(int index, WindowTokens window) {
        List<WindowTokens> list = new ArrayList<>(windows);
        list.set(index, window);
        return new FillTokens(list, locked);
    }

    private static boolean[] pinnedCells(Window window, PixelMask pins) {
        boolean[] pinned = new boolean[window.columns() * window.rows()];
        if (pins != null) {
            byte[] cells = TokenCells.classify(window, pins, null, 0);
            for (int i = 0; i < cells.length; i++) {
                pinned[i] = cells[i] == TokenCells.UNKNOWN;
            }
        }
        return pinned;
    }
}
