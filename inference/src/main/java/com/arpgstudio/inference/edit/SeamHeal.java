package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * Heals the lines where a pass's windows meet. Each side of such a line was drawn by a window that
 * saw the other side only in part (the earlier window not at all, the later one up to its blend
 * band), so an object one of them drew may stop along the line. Once both sides are done, a heal
 * window centred on each stretch of the line generates a strip of tokens straddling it again, with
 * everything around the strip known (both windows' results, encoded), so the model draws the
 * content across the line from both sides at once; the strip is pasted over the line, colour-matched
 * to both sides and faded into them. The heal window's token grid is placed so that the line runs
 * through the middle of a token row (column), not between two: the VQ decoder draws its largest
 * steps between tokens. Along the line it is as long as the pass's windows; across it, only as deep
 * as the strip's tokens and {@link #CONTEXT_TOKENS} more on each side, so its encode, decode and
 * first pass cost a fraction of a full window's.
 */
final class SeamHeal {

    /** Known tokens a heal window sees on each side of the tokens it generates, across its line. */
    static final int CONTEXT_TOKENS = 3;

    private SeamHeal() {}

    /**
     * A heal window and the line it heals.
     *
     * @param window   the window
     * @param vertical whether the line runs between two columns (else between two rows)
     * @param at       the column (row) right of (below) the line
     */
    record Heal(Window window, boolean vertical, int at) {

        /** Whether {@code other} heals a stretch of the same line. */
        boolean sameLine(Heal other) {
            return vertical == other.vertical && at == other.at;
        }
    }

    /**
     * The heal windows of a pass, one per stretch (at most half a window long) of every line where
     * two of its targets meet with masked pixels on both sides: horizontal lines first, each in
     * order; none when {@code halfWidth} is 0.
     *
     * @param pass      the pass's windows (all of one grid and scale, as a pass's are)
     * @param mask      the pixels the fill generated
     * @param halfWidth model pixels of the strip on each side of the line
     * @param patch     model pixels per token side
     */
    static List<Heal> windows(List<Window> pass, PixelMask mask, int halfWidth, int patch) {
        if (halfWidth <= 0 || pass.size() < 2) {
            return List.of();
        }
        Window shape = pass.get(0);
        double scale = shape.scale();
        int half = (int) Math.round(halfWidth * scale);
        // the strip's tokens across the line (the line through the middle of one), with the context
        int across = tokensAcross(halfWidth, patch) + 2 * CONTEXT_TOKENS;
        List<Rect> targets = pass.stream().map(Window::target).toList();
        PixelMask solid = mask.solid();
        List<Heal> heals = new ArrayList<>();
        Window horizontal = grid(shape, shape.columns(), Math.min(shape.rows(), across), patch);
        SeamSmoother.edges(targets, false).forEach((y, spans) -> {
            for (int[] run : insideMask(solid, y, spans, false)) {
                for (int[] piece : pieces(run, horizontal.region().width() / 2)) {
                    heals.add(new Heal(heal(horizontal, mask.canvas(), y, piece, half, patch, false), false, y));
                }
            }
        });
        Window vertical = grid(shape, Math.min(shape.columns(), across), shape.rows(), patch);
        SeamSmoother.edges(targets, true).forEach((x, spans) -> {
            for (int[] run : insideMask(solid, x, spans, true)) {
                for (int[] piece : pieces(run, vertical.region().height() / 2)) {
                    heals.add(new Heal(heal(vertical, mask.canvas(), x, piece, half, patch, true), true, x));
                }
            }
        });
        return heals;
    }

    /**
     * Token rows (columns) a heal window generates across its line: the one the line runs through the
     * middle of, and on each side as many as the strip reaches into.
     */
    static int tokensAcross(int halfWidth, int patch) {
        return 2 * (int) Math.ceil((halfWidth - patch / 2.0) / patch) + 1;
    }

    /** A window of {@code columns x rows} tokens at {@code shape}'s scale, its region at the origin. */
    private static Window grid(Window shape, int columns, int rows, int patch) {
        Rect region = new Rect(0, 0, (int) Math.round(columns * patch * shape.scale()),
                (int) Math.round(rows * patch * shape.scale()));
        return new Window(region, region, columns, rows, shape.scale());
    }

    /**
     * The heal window of the stretch {@code [span[0], span[1])} of the line {@code at} (between
     * columns {@code at - 1} and {@code at} when {@code vertical}, else rows), of {@code shape}'s token
     * grid: its target is the strip {@code half} canvas pixels to either side of the line, its region
     * centred on the stretch along the line and, across it, placed so that the line runs through the
     * middle of its middle token.
     */
    private static Window heal(Window shape, Rect canvas, int at, int[] span, int half, int patch, boolean vertical) {
        double token = patch * shape.scale();
        int regionW = shape.region().width();
        int regionH = shape.region().height();
        int acrossSize = vertical ? regionW : regionH;
        int alongSize = vertical ? regionH : regionW;
        int tokensAcross = vertical ? shape.columns() : shape.rows();
        int acrossStart = at - (int) Math.round(((tokensAcross - 1) / 2 + 0.5) * token);
        int alongStart = (span[0] + span[1]) / 2 - alongSize / 2;
        acrossStart = inside(acrossStart, acrossSize, vertical ? canvas.width() : canvas.height(), token);
        alongStart = inside(alongStart, alongSize, vertical ? canvas.height() : canvas.width(), 1);
        Rect region = vertical ? new Rect(acrossStart, alongStart, regionW, regionH)
                : new Rect(alongStart, acrossStart, regionW, regionH);
        Rect strip = vertical ? new Rect(at - half, span[0], 2 * half, span[1] - span[0])
                : new Rect(span[0], at - half, span[1] - span[0], 2 * half);
        return new Window(region, strip.intersect(canvas), shape.columns(), shape.rows(), shape.scale());
    }

    /**
     * Start of a span of {@code size} moved inside [0, limit) by whole steps of {@code step} (a token
     * keeps the line inside a token), to the pixel where whole steps do not fit; centred on a limit
     * smaller than the span (as the planner places windows).
     */
    private static int inside(int start, int size, int limit, double step) {
        if (size >= limit) {
            return (limit - size) / 2;
        }
        if (start + size > limit) {
            start -= (int) Math.round(Math.ceil((start + size - limit) / step) * step);
        }
        if (start < 0) {
            start += (int) Math.round(Math.ceil(-start / step) * step);
        }
        return Math.max(0, Math.min(limit - size, start));
    }

    /**
     * The heal windows (indices into {@code heals}, ascending within a wave) grouped into waves, whose
     * windows read the canvas as their wave found it: each window, in order, joins the first wave of
     * windows of its token grid (a batch holds one grid: a horizontal line's windows, or a vertical
     * line's) in which what it may write (its generated cells, grown by its paste's fade) overlaps
     * nothing that a window of another line may write. A heal window redraws its line from both sides
     * as the fill left them and needs none of its neighbours' heals: the stretches of one line share a
     * wave, each pasted after the one before it and faded into it where they meet, and where lines
     * cross, the later line's windows see the earlier's result. A grid of tiles heals in two waves:
     * the horizontal lines, then the vertical ones.
     *
     * @param cells per heal window, its cells ({@link #cells})
     * @param halfWidth model pixels of the strip on each side of the line
     */
    static List<List<Integer>> waves(List<Heal> heals, List<byte[]> cells, int halfWidth) {
        List<List<Integer>> waves = new ArrayList<>();
        List<List<Rect>> written = new ArrayList<>();
        for (int k = 0; k < heals.size(); k++) {
            Heal heal = heals.get(k);
            int fade = fade(heal.window(), halfWidth);
            Rect cellsRect = generated(heal.window(), cells.get(k));
            Rect writes = new Rect(cellsRect.x() - fade, cellsRect.y() - fade, cellsRect.width() + 2 * fade,
                    cellsRect.height() + 2 * fade);
            int wave = 0;
            while (wave < waves.size() && (!sameGrid(heals.get(waves.get(wave).get(0)).window(), heal.window())
                    || conflicts(heals, waves.get(wave), written.get(wave), heal, writes))) {
                wave++;
            }
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
                written.add(new ArrayList<>());
            }
            waves.get(wave).add(k);
            written.get(wave).add(writes);
        }
        return waves.stream().map(List::copyOf).toList();
    }

    /** Whether a window of another line than {@code heal}'s in {@code wave} may write where {@code heal} may. */
    private static boolean conflicts(List<Heal> heals, List<Integer> wave, List<Rect> written, Heal heal, Rect writes) {
        for (int i = 0; i < wave.size(); i++) {
            if (!heals.get(wave.get(i)).sameLine(heal) && !written.get(i).intersect(writes).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameGrid(Window a, Window b) {
        return a.columns() == b.columns() && a.rows() == b.rows();
    }

    /** The canvas pixels of a window's generated cells (their bounding rectangle). */
    private static Rect generated(Window window, byte[] cells) {
        Rect out = new Rect(0, 0, 0, 0);
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == TokenCells.UNKNOWN) {
                out = out.union(window.cell(i % window.columns(), i / window.columns()));
            }
        }
        return out;
    }

    /**
     * Which cells of a heal window it generates: every cell touching a masked pixel of its strip;
     * every other cell is known (the finished fill around it, or the photo).
     */
    static byte[] cells(Window heal, PixelMask mask) {
        return TokenCells.classify(heal, mask.within(heal.target()), null, 0);
    }

    /** The pixels a heal window pastes over at full weight: the masked (fully covered) pixels of its strip the paste may write. */
    static PixelMask strip(Window heal, PixelMask mask, PixelMask writable) {
        PixelMask strip = mask.solid().within(heal.target());
        return writable == null ? strip : strip.and(writable);
    }

    /**
     * How a heal window pastes: faded into its surroundings over half its strip's width (no wider:
     * beyond its strip the heal window's pixels are only its decode of known tokens), colour-matched on
     * the ring the fill's windows use.
     */
    static Compositor compositor(Window heal, int halfWidth, int ring) {
        int fade = fade(heal, halfWidth);
        return new Compositor(fade, Math.max(1, (int) Math.round(ring * heal.scale())), fade);
    }

    /** Canvas pixels over which a heal window's paste fades into its surroundings: half its strip's width. */
    private static int fade(Window heal, int halfWidth) {
        return Math.max(1, (int) Math.round(halfWidth * heal.scale() / 2));
    }

    /** The runs of the spans along line {@code at} where the pixels on both sides of it are masked. */
    private static List<int[]> insideMask(PixelMask mask, int at, List<int[]> spans, boolean vertical) {
        List<int[]> runs = new ArrayList<>();
        int across = vertical ? mask.width() : mask.height();
        if (at <= 0 || at >= across) {
            return runs;
        }
        for (int[] span : spans) {
            int start = -1;
            for (int i = span[0]; i <= span[1]; i++) {
                boolean both = i < span[1] && i >= 0 && i < (vertical ? mask.height() : mask.width())
                        && (vertical ? mask.get(at - 1, i) && mask.get(at, i) : mask.get(i, at - 1) && mask.get(i, at));
                if (both && start < 0) {
                    start = i;
                } else if (!both && start >= 0) {
                    runs.add(new int[] {start, i});
                    start = -1;
                }
            }
        }
        return runs;
    }

    /** {@code run} cut into equal pieces of at most {@code longest}. */
    private static List<int[]> pieces(int[] run, int longest) {
        int length = run[1] - run[0];
        int count = Math.max(1, (length + longest - 1) / longest);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new int[] {run[0] + (int) ((long) length * i / count), run[0] + (int) ((long) length * (i + 1) / count)});
        }
        return out;
    }
}
