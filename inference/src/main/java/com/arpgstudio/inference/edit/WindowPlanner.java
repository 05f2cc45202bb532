package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the windows an edit runs in. The model sees a fixed grid of tokens (16x16 tokens =
 * 256x256 pixels for the released weights); the planner fits the masked area into such windows
 * with as much surrounding context as possible:
 *
 * <ul>
 *   <li>a mask that fits (with {@link Config#contextTokens} of context around it) gets one window at
 *       native resolution, centred on the mask and kept inside the canvas;</li>
 *   <li>a larger mask gets one window over a shrunk copy of a larger region, up to
 *       {@link Config#maxScale}, and the plan says so in its notes;</li>
 *   <li>beyond that, the mask is cut into tiles, each with its own window at the largest scale;
 *       tiles run nearest-to-known-content first, each window placed to see as many known pixels
 *       as it can, so every window continues what is already there (outpainting uses this with
 *       scale 1 and half-window tiles); tiles about as well placed as the best, whose windows do
 *       not overlap each other's targets, form one wave that runs as one batch;</li>
 *   <li>a canvas smaller than a window gets a smaller token grid (rounded up to whole tokens).</li>
 * </ul>
 */
public final class WindowPlanner {

    /**
     * A tile joins a wave when its best window sees at least this share of the known pixels the
     * round's best window sees; one with less waits for its neighbours.
     */
    static final double JOIN_SHARE = 0.75;

    /**
     * @param gridColumns     the model's token grid width (16 for the released weights)
     * @param gridRows        the model's token grid height
     * @param patch           pixels per token side (16 for VQ-16)
     * @param maxScale        the most a region is shrunk before the mask is tiled instead
     * @param contextTokens   tokens of known context wanted around the mask inside a window
     * @param dilationPixels  model pixels the mask grows by before deciding which tokens are unknown
     * @param featherPixels   model pixels of the soft edge where generated pixels blend into the original
     * @param blendBandPixels model pixels of the band where a window cross-fades into earlier windows' pixels
     * @param maxCanvasPixels the largest canvas (input or result) an edit accepts
     */
    public record Config(int gridColumns, int gridRows, int patch, double maxScale, int contextTokens,
                         int dilationPixels, int featherPixels, int blendBandPixels, long maxCanvasPixels) {

        public Config {
            if (gridColumns <= 2 * contextTokens || gridRows <= 2 * contextTokens) {
                throw new IllegalArgumentException("expected a grid wider than twice the context of "
                        + contextTokens + " tokens, found " + gridColumns + "x" + gridRows);
            }
            if (patch <= 0 || maxScale < 1 || dilationPixels < 0 || featherPixels < 0 || blendBandPixels < 0
                    || maxCanvasPixels <= 0) {
                throw new IllegalArgumentException("expected positive sizes and a max scale >= 1, found " + this);
            }
        }

        /** The default options' configuration for a model grid of the given size ({@link EditOptions#defaults}). */
        public static Config forGrid(int gridColumns, int gridRows, int patch) {
            return EditOptions.defaults().plannerConfig(gridColumns, gridRows, patch);
        }

        public int windowWidth() {
            return gridColumns * patch;
        }

        public int windowHeight() {
            return gridRows * patch;
        }

        /**
         * Canvas pixels around a window's target that its paste may write or its cells may read
         * beyond it (the feather or the blend band, and the dilation, at the window's scale): windows
         * whose targets, grown by this, stay outside each other's regions can share a wave.
         */
        public int waveMargin(double scale) {
            return (int) Math.ceil((dilationPixels + Math.max(featherPixels, blendBandPixels)) * scale) + 1;
        }

        public Config withMaxScale(double scale) {
            return new Config(gridColumns, gridRows, patch, scale, contextTokens, dilationPixels, featherPixels,
                    blendBandPixels, maxCanvasPixels);
        }

        public Config withContextTokens(int tokens) {
            return new Config(gridColumns, gridRows, patch, maxScale, tokens, dilationPixels, featherPixels,
                    blendBandPixels, maxCanvasPixels);
        }

        public Config withMaxCanvasPixels(long pixels) {
            return new Config(gridColumns, gridRows, patch, maxScale, contextTokens, dilationPixels, featherPixels,
                    blendBandPixels, pixels);
        }
    }

    private final Config config;

    public WindowPlanner(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Refuses a canvas above the configured size with {@code IMAGE_TOO_LARGE}. */
    public void checkCanvas(long width, long height, String what) {
        if (width * height > config.maxCanvasPixels()) {
            throw new EditException(EditException.Reason.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "%s of %dx%d is too large: expected at most %d pixels, found %d", what, width, height,
                    config.maxCanvasPixels(), width * height));
        }
    }

    /**
     * Checks a plan read from an edit record before a replay runs it: at least one window, each no
     * larger than the model's grid, shrunk no more than this planner would, its region as large as
     * its grid at its scale, and its target inside the canvas. A record whose windows this model
     * and canvas could not have produced is refused as a mismatch.
     */
    public WindowPlan checkReplayed(WindowPlan plan, int canvasWidth, int canvasHeight) {
        if (plan.windows().isEmpty()) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "the recorded plan has no window");
        }
        Rect canvas = Rect.ofSize(canvasWidth, canvasHeight);
        for (Window w : plan.windows()) {
            boolean fits = w.columns() <= config.gridColumns() && w.rows() <= config.gridRows()
                    && w.scale() <= config.maxScale()
                    && w.region().width() == Math.round(w.columns() * config.patch() * w.scale())
                    && w.region().height() == Math.round(w.rows() * config.patch() * w.scale())
                    && canvas.contains(w.target());
            if (!fits) {
                throw new EditException(EditException.Reason.RECORD_MISMATCH, String.format(Locale.ROOT,
                        "recorded window %s: expected at most %dx%d tokens of %d px, a scale up to %.2f and a target"
                                + " inside the %dx%d canvas", w, config.gridColumns(), config.gridRows(),
                        config.patch(), config.maxScale(), canvasWidth, canvasHeight));
            }
        }
        return plan;
    }

    /** Windows that regenerate every painted pixel of {@code mask}. */
    public WindowPlan planInpaint(PixelMask mask) {
        checkCanvas(mask.width(), mask.height(), "the image");
        if (mask.isEmpty()) {
            throw new EditException(EditException.Reason.EMPTY_MASK, "the mask paints no pixel: nothing to edit");
        }
        Rect canvas = mask.canvas();
        int edge = config.dilationPixels() + config.featherPixels();
        Rect needed = mask.bounds().grow(edge, canvas);
        int context = config.contextTokens() * config.patch();
        int usableW = config.windowWidth() - 2 * context;
        int usableH = config.windowHeight() - 2 * context;
        // the mask plus its context, as far as the canvas has any context to give
        int wantW = Math.min(canvas.width(), needed.width() + 2 * context);
        int wantH = Math.min(canvas.height(), needed.height() + 2 * context);
        double scale = Math.max(1.0, Math.max((double) wantW / config.windowWidth(),
                (double) wantH / config.windowHeight()));
        List<String> notes = new ArrayList<>();
        if (scale <= config.maxScale()) {
            if (scale > 1.0) {
                notes.add(String.format(Locale.ROOT,
                        "the masked area (%dx%d) is larger than the model's %dx%d window: it is generated at 1/%.2f "
                                + "resolution and scaled back up", needed.width(), needed.height(),
                        config.windowWidth(), config.windowHeight(), scale));
            }
            Window window = centred(needed, canvas, scale, canvas);
            return new WindowPlan(List.of(window), notes);
        }
        // shrink as far as allowed before tiling: the fewer tiles, the more of the mask each one sees
        scale = config.maxScale();
        int tileW = (int) Math.floor(usableW * scale);
        int tileH = (int) Math.floor(usableH * scale);
        WindowPlan tiles = tiled(mask, needed, tileW, tileH, scale, List.of());
        int waves = tiles.waves(config.waveMargin(scale), WindowPlan.Sharing.WRITE_AFTER_READ).size();
        notes.add(String.format(Locale.ROOT,
                "the masked area (%dx%d) is larger than %.0fx the model's %dx%d window: it is generated in %d tiles "
                        + "of up to %dx%d px, each at 1/%.2f resolution and scaled back up, in %d waves; every tile's "
                        + "window holds %d px of context around it, sees the tiles done before it and generates a "
                        + "%d px band of them again to blend into", needed.width(), needed.height(),
                config.maxScale(), config.windowWidth(), config.windowHeight(), tiles.windows().size(), tileW, tileH,
                scale, waves, Math.round(config.contextTokens() * config.patch() * scale),
                Math.round(config.blendBandPixels() * scale)));
        return new WindowPlan(tiles.windows(), notes);
    }

    /**
     * Windows that fill the painted pixels of {@code newArea}. A new area that fits one window with
     * its context gets that window. One at most a window deep (on every side) is cut into tiles of
     * half a window that run nearest to the photo first, each window placed to see as much known
     * content as it can (tiles about as well placed share a wave). A deeper one, whose far tiles
     * would see no photo at all, is generated in two passes ({@link #outpaintPasses}
     * splits them again): first its layout, shrunk as an inpaint of the same area would be (one
     * window, or tiles at the largest scale); then its detail at native resolution in tiles of half a
     * window, each window centred on its tile, all in one wave. Over the layout every window has
     * context on every side and keeps one token in {@code anchorStride x anchorStride} of the layout as
     * anchors, so no tile needs a neighbour's result: the windows are the black squares of a
     * checkerboard of tiles, then the white ones, the order they are pasted in (each white tile
     * cross-fades into its black neighbours over the blend band), and the heal windows then draw
     * across every line between tiles. With the white tiles waiting for their black neighbours (two
     * waves) the seams measured no better ({@code SeamlessFillsTest}'s deep outpaints, seeds 1-3).
     */
    public WindowPlan planOutpaint(PixelMask newArea, int anchorStride) {
        checkCanvas(newArea.width(), newArea.height(), "the extended canvas");
        if (newArea.isEmpty()) {
            throw new EditException(EditException.Reason.EMPTY_MASK, "nothing to outpaint: every margin is 0");
        }
        WindowPlan layout = planInpaint(newArea);
        if (layout.maxScale() == 1.0) {
            return layout;
        }
        Rect canvas = newArea.canvas();
        Rect area = newArea.bounds();
        int tileW = config.windowWidth() / 2;
        int tileH = config.windowHeight() / 2;
        Rect photo = newArea.inverted().bounds();
        if (Math.max(photo.x(), canvas.width() - photo.right()) <= config.windowWidth()
                && Math.max(photo.y(), canvas.height() - photo.bottom()) <= config.windowHeight()) {
            // no more than a window deep: every tile is near the photo, nearest first (fewer, narrower seams)
            return tiled(newArea, area, tileW, tileH, 1.0, List.of());
        }
        int columns = Math.min(config.gridColumns(), tokensFor(canvas.width(), 1.0));
        int rows = Math.min(config.gridRows(), tokensFor(canvas.height(), 1.0));
        int w = columns * config.patch();
        int h = rows * config.patch();
        List<Window> windows = new ArrayList<>(layout.windows());
        List<Rect> tiles = tiles(newArea, area, tileW, tileH);
        int across = Math.max(1, (int) Math.ceil((double) area.width() / tileW));
        for (int colour = 0; colour < 2; colour++) { // the black squares of a checkerboard, then the white
            for (int i = 0; i < tiles.size(); i++) {
                Rect tile = tiles.get(i);
                int column = (int) Math.round((double) (tile.x() - area.x()) * across / area.width());
                int row = (int) Math.round((double) (tile.y() - area.y()) / tileH);
                if ((column + row) % 2 != colour) {
                    continue;
                }
                // centred: a window sees a quarter window of every neighbour, the photo's or another tile's
                windows.add(new Window(placementsAround(tile, w, h, canvas).get(0), tile, columns, rows, 1.0));
            }
        }
        int detail = tiles.size();
        List<String> notes = new ArrayList<>(layout.notes());
        notes.add(String.format(Locale.ROOT, "the new area (%dx%d) is generated first as a layout at 1/%.2f resolution "
                        + "in %d window%s, then its detail at the image's own resolution in %d tiles of up to %dx%d px, in "
                        + "one wave: each tile's window sees the photo and the layout around it and keeps one token in %d "
                        + "of the layout as anchors", area.width(), area.height(), layout.maxScale(),
                layout.windows().size(), layout.windows().size() > 1 ? "s" : "", detail, tileW, tileH,
                anchorStride * anchorStride));
        return new WindowPlan(windows, notes);
    }

    /**
     * The waves of a pass of detail tiles over a fill ({@link DetailPasses}: a coarse fill already on
     * the canvas under the whole mask): a window
     * joins the wave after the last one holding an earlier window whose target shares an edge with
     * its own (tiles meeting at a corner only, or not at all, see the layout there). Every window of
     * a wave reads the canvas as the wave found it, so the waves' windows are independent.
     */
    public static List<List<Integer>> detailWaves(WindowPlan plan) {
        List<Window> windows = plan.windows();
        int[] waveOf = new int[windows.size()];
        List<List<Integer>> waves = new ArrayList<>();
        for (int k = 0; k < windows.size(); k++) {
            int wave = 0;
            for (int j = 0; j < k; j++) {
                if (shareAnEdge(windows.get(j).target(), windows.get(k).target())) {
                    wave = Math.max(wave, waveOf[j] + 1);
                }
            }
            waveOf[k] = wave;
            while (waves.size() <= wave) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(k);
        }
        return waves.stream().map(List::copyOf).toList();
    }

    private static boolean shareAnEdge(Rect a, Rect b) {
        boolean side = (a.right() == b.x() || b.right() == a.x())
                && Math.min(a.bottom(), b.bottom()) > Math.max(a.y(), b.y());
        boolean above = (a.bottom() == b.y() || b.bottom() == a.y())
                && Math.min(a.right(), b.right()) > Math.max(a.x(), b.x());
        return side || above || !a.intersect(b).isEmpty();
    }

    /**
     * The passes of an outpaint's plan ({@link #planOutpaint}): the leading windows shrunk (scale
     * above 1) are the layout, the rest its detail pass; a plan with no shrunk window, or only shrunk
     * ones, is one pass.
     */
    public static List<WindowPlan> outpaintPasses(WindowPlan plan) {
        List<Window> windows = plan.windows();
        int layout = 0;
        while (layout < windows.size() && windows.get(layout).scale() > 1.0) {
            layout++;
        }
        if (layout == 0 || layout == windows.size()) {
            return List.of(plan);
        }
        return List.of(new WindowPlan(windows.subList(0, layout), plan.notes()),
                new WindowPlan(windows.subList(layout, windows.size()), List.of()));
    }

    /**
     * Windows over the whole canvas at native resolution, aligned to the token grid, with targets
     * of half a window that together cover every token once: the plan of a 2x expansion. Tiles run
     * in four interleaved sets, each set one wave of independent windows.
     */
    public WindowPlan planTokenAligned(int width, int height) {
        checkCanvas(width, height, "the result");
        int patch = config.patch();
        if (width % patch != 0 || height % patch != 0) {
            throw new IllegalArgumentException("expected a canvas of whole tokens, found " + width + "x" + height);
        }
        int tileCols = Math.max(1, config.gridColumns() / 2);
        int tileRows = Math.max(1, config.gridRows() / 2);
        int cols = width / patch;
        int rows = height / patch;
        int windowCols = Math.min(config.gridColumns(), cols);
        int windowRows = Math.min(config.gridRows(), rows);
        int[] tileX = tileStarts(cols, tileCols);
        int[] tileY = tileStarts(rows, tileRows);
        List<Window> windows = new ArrayList<>();
        // tiles in four interleaved sets (even/odd tile column and row): the windows of one set lie
        // outside each other's targets, so each set is one wave, and every later set sees the earlier
        for (int parity = 0; parity < 4; parity++) {
            for (int j = parity / 2; j < tileY.length - 1; j += 2) {
                for (int i = parity % 2; i < tileX.length - 1; i += 2) {
                    int tx = tileX[i];
                    int ty = tileY[j];
                    int tw = tileX[i + 1] - tx;
                    int th = tileY[j + 1] - ty;
                    // centre the window on the tile, then keep it inside the canvas
                    int wx = clamp(tx - (windowCols - tw) / 2, 0, cols - windowCols);
                    int wy = clamp(ty - (windowRows - th) / 2, 0, rows - windowRows);
                    windows.add(new Window(
                            new Rect(wx * patch, wy * patch, windowCols * patch, windowRows * patch),
                            new Rect(tx * patch, ty * patch, tw * patch, th * patch),
                            windowCols, windowRows, 1.0));
                }
            }
        }
        return new WindowPlan(windows, List.of());
    }

    /**
     * Tile boundaries along one axis of {@code length} tokens: tiles of {@code tile} tokens, the last
     * one taking the remainder (up to twice as long) so that a short last tile does not push its
     * window over its neighbours' (which would cost the interleaved sets their independence).
     */
    private static int[] tileStarts(int length, int tile) {
        int count = Math.max(1, length / tile);
        int[] starts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            starts[i] = i * tile;
        }
        starts[count] = length;
        return starts;
    }

    /** One window of the given scale centred on {@code focus}, kept inside the canvas when it fits. */
    private Window centred(Rect focus, Rect canvas, double scale, Rect target) {
        int columns = Math.min(config.gridColumns(), tokensFor(canvas.width(), scale));
        int rows = Math.min(config.gridRows(), tokensFor(canvas.height(), scale));
        int w = (int) Math.round(columns * config.patch() * scale);
        int h = (int) Math.round(rows * config.patch() * scale);
        int x = placeAround(focus.x(), focus.width(), w, canvas.width());
        int y = placeAround(focus.y(), focus.height(), h, canvas.height());
        return new Window(new Rect(x, y, w, h), target, columns, rows, scale);
    }

    /** Whole tokens needed to show {@code pixels} canvas pixels at {@code scale}. */
    private int tokensFor(int pixels, double scale) {
        return Math.max(1, (int) Math.ceil(pixels / scale / config.patch() - 1e-9));
    }

    /** Start of a span of length {@code size} centred on [start, start+length), inside [0, limit) if it fits. */
    private static int placeAround(int start, int length, int size, int limit) {
        if (size >= limit) {
            return (limit - size) / 2;
        }
        return clamp(start + length / 2 - size / 2, 0, limit - size);
    }

    /**
     * Cuts {@code area} into tiles of about tileW x tileH and orders them in waves: each round, every
     * tile's best window is the placement seeing the most known pixels (not masked, or generated in
     * an earlier round); the tiles whose windows see at least {@link #JOIN_SHARE} of the round's best
     * join its wave unless a window already in it reaches into its region ({@link Window#reaches}:
     * the wave's windows then run as one batch, {@link WindowPlan.Sharing#WRITE_AFTER_READ}). A tile with little context waits for a later round,
     * where its neighbours' results are known to it.
     */
    private WindowPlan tiled(PixelMask mask, Rect area, int tileW, int tileH, double scale, List<String> notes) {
        Rect canvas = mask.canvas();
        List<Rect> tiles = tiles(mask, area, tileW, tileH);
        int columns = Math.min(config.gridColumns(), tokensFor(canvas.width(), scale));
        int rows = Math.min(config.gridRows(), tokensFor(canvas.height(), scale));
        int w = (int) Math.round(columns * config.patch() * scale);
        int h = (int) Math.round(rows * config.patch() * scale);
        int margin = config.waveMargin(scale);
        PixelMask pending = mask.copy();
        List<Window> windows = new ArrayList<>();
        while (!tiles.isEmpty()) {
            // per tile, its placements from the most known pixels down
            List<List<Placement>> ranked = new ArrayList<>();
            for (Rect tile : tiles) {
                List<Placement> placements = new ArrayList<>();
                for (Rect region : placementsAround(tile, w, h, canvas)) {
                    placements.add(new Placement(tile, region, region.intersect(canvas).area() - pending.count(region)));
                }
                placements.sort((a, b) -> Long.compare(b.known(), a.known()));
                ranked.add(placements);
            }
            ranked.sort((a, b) -> Long.compare(b.get(0).known(), a.get(0).known()));
            long best = ranked.get(0).get(0).known();
            List<Window> wave = new ArrayList<>();
            for (List<Placement> placements : ranked) {
                for (Placement p : placements) {
                    if (p.known() < best * JOIN_SHARE) {
                        break;
                    }
                    Window window = new Window(p.region(), p.tile(), columns, rows, scale);
                    int at = insertionPoint(wave, window, margin);
                    if (at >= 0) {
                        wave.add(at, window);
                        break;
                    }
                }
            }
            for (Window window : wave) {
                tiles.remove(window.target());
                pending.fill(window.target(), false);
            }
            windows.addAll(wave);
        }
        return new WindowPlan(windows, notes);
    }

    /** {@code area} cut into tiles of at most about tileW x tileH, in rows, those holding masked pixels. */
    private static List<Rect> tiles(PixelMask mask, Rect area, int tileW, int tileH) {
        int nx = Math.max(1, (int) Math.ceil((double) area.width() / tileW));
        int ny = Math.max(1, (int) Math.ceil((double) area.height() / tileH));
        List<Rect> tiles = new ArrayList<>();
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int x0 = area.x() + (int) ((long) area.width() * i / nx);
                int x1 = area.x() + (int) ((long) area.width() * (i + 1) / nx);
                int y0 = area.y() + (int) ((long) area.height() * j / ny);
                int y1 = area.y() + (int) ((long) area.height() * (j + 1) / ny);
                Rect tile = new Rect(x0, y0, x1 - x0, y1 - y0);
                if (mask.count(tile) > 0) {
                    tiles.add(tile);
                }
            }
        }
        return tiles;
    }

    /**
     * Where in a wave's order {@code window} can go: after every window it may not see the result of
     * and before every window it writes into (which read their pixels before it writes), latest
     * first; -1 when no place works.
     */
    private static int insertionPoint(List<Window> wave, Window window, int margin) {
        for (int at = wave.size(); at >= 0; at--) {
            boolean seesNothingBefore = wave.subList(0, at).stream().noneMatch(w -> w.reaches(window, margin));
            boolean seenByNothingAfter = wave.subList(at, wave.size()).stream().noneMatch(w -> window.reaches(w, margin));
            if (seesNothingBefore && seenByNothingAfter) {
                return at;
            }
        }
        return -1;
    }

    /** A tile's window at one position, and how many known pixels it sees. */
    private record Placement(Rect tile, Rect region, long known) {}

    /** Window positions (3 per axis: tile in the middle, at the start, at the end) that contain the tile, inside the canvas. */
    private static List<Rect> placementsAround(Rect tile, int w, int h, Rect canvas) {
        int[] xs = spanPlacements(tile.x(), tile.width(), w, canvas.width());
        int[] ys = spanPlacements(tile.y(), tile.height(), h, canvas.height());
        List<Rect> out = new ArrayList<>(9);
        for (int y : ys) {
            for (int x : xs) {
                out.add(new Rect(x, y, w, h));
            }
        }
        return out;
    }

    private static int[] spanPlacements(int start, int length, int size, int limit) {
        if (size >= limit) {
            return new int[] {(limit - size) / 2};
        }
        int low = Math.max(0, start + length - size);
        int high = Math.min(limit - size, start);
        if (low > high) { // tile longer than the window: centre it
            return new int[] {clamp(start + length / 2 - size / 2, 0, limit - size)};
        }
        return new int[] {(low + high) / 2, low, high};
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
