package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.DetailPass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Coarse to fine. A mask larger than the model's window is generated on a shrunk copy of its region
 * and scaled back up: the layout is right, but the fill is as soft as the shrink. Detail passes
 * bring the detail back at the photo's own scale, the way {@link Expand} sharpens a whole image:
 *
 * <ol>
 *   <li>the coarse fill runs as before (scale {@code s});</li>
 *   <li>then passes at finer scales ({@link #scales}), the last at 1: each at most {@value #MAX_STEP}x
 *       finer than the one before, the last at most {@value #LAST_STEP}x, so the tokens of a pass's grid
 *       are never much denser than the layout they continue;</li>
 *   <li>a pass works on one token map over the mask, its feather and the options' context at its scale
 *       ({@link TokenMap}): the canvas under it (the photo around the mask, the fill so far inside) is
 *       encoded once; one cell in every {@link #ANCHOR_STRIDE} x {@link #ANCHOR_STRIDE} block of the map
 *       stays as an anchor holding the layout and colours, and every other cell touching the mask is
 *       generated ({@link #sampling}), which the model draws with the detail of its native scale;</li>
 *   <li>those cells are cut into tiles of a window less {@link #CONTEXT_TOKENS} a side, run as a
 *       checkerboard (black tiles, then white ones: {@link WindowPlanner#detailWaves}); each tile's
 *       window reads its tokens from the map and writes its tile's back, so a white tile sees
 *       {@link #CONTEXT_TOKENS} tokens of its finished black neighbours beyond each of its edges: the
 *       tiles meet token to token, with no pixels to blend between them; a light pass (at most
 *       {@value #LIGHT_STEP}x finer than the coarse fill, {@link #isLight}) runs its tiles as one wave;</li>
 *   <li>the map is decoded once and pasted over the mask with the pass's own feather, narrower than the
 *       coarse one, so pixels outside the coarse fill's feather band are never written; what is left of
 *       a step where two tiles meet is taken out as along a fill's window edges ({@link SeamSmoother}).</li>
 * </ol>
 *
 * <p>The plan holds every pass's windows in order (the coarse ones first, at the largest scale) and
 * its notes say how many passes and windows; a replay splits the recorded windows by scale again and
 * finds each pass's map from the mask.
 */
final class DetailPasses {

    /**
     * The version of the detail passes (their planning and sampling, and an outpaint's detail over its
     * layout), recorded with every edit ({@link EditOptions#detailPlanner}): a record whose detail
     * another version drew is refused on replay. Version 5 runs a light pass ({@link #isLight}) as one wave in
     * half the steps (4 and before: a checkerboard, as every pass), version 4 an outpaint's detail tiles in one
     * wave (3 and before: black tiles, then white ones); an inpaint's detail passes without a light pass are
     * drawn as 3 drew them.
     */
    static final int PLANNER = 5;

    /** The earliest version whose inpaint detail passes (none of them light) this one draws alike. */
    static final int SAME_INPAINT_DETAIL_SINCE = 3;

    /** The earliest version whose inpaint detail passes with a light one this one draws alike. */
    static final int SAME_LIGHT_PASS_SINCE = 5;

    /** The earliest version whose outpaint detail (over its layout) this one draws alike. */
    static final int SAME_OUTPAINT_DETAIL_SINCE = 4;

    /** A pass is at most this much finer than the one before it (or than the coarse fill). */
    static final double MAX_STEP = 2.0;

    /**
     * The last pass is at most this much finer than the one before it: the last step decides how sharp
     * the fill comes out (measured with {@code DetailBench} on china.jpg, from 1/2.99: passes at 1/1.73
     * and 1 reached 85% of the native fill's sharpness, at 1/1.5 and 1 99%, at 1/2.08, 1/1.44 and 1
     * 113% in a quarter more time).
     */
    static final double LAST_STEP = 1.5;

    /**
     * A pass before the last at most this much finer than the one before it is light ({@link #isLight}). The
     * passes' scales ({@link #scales}) make only a first pass at 1/3 so, over a coarse fill shrunk 3x to 3.75x
     * (or at 1/6 over one shrunk 6x to 7.5x, where the options allow it): at 1/3 over 1/3.30 it is 1.1x finer, there to bring the layout within
     * {@value #MAX_STEP}x of the next pass (leaving it out, so that the next one is 2.2x finer, measured 73% of
     * the native fill's sharpness on china.jpg).
     */
    static final double LIGHT_STEP = 1.25;

    private DetailPasses() {}

    /**
     * The passes of a fill: the coarse plan alone, or, when the options' detail pass runs at its
     * scale, the coarse plan and the detail passes' plans.
     */
    static List<WindowPlan> plan(EditContext context, PixelMask mask, WindowPlan coarse) {
        double shrink = coarse.maxScale();
        if (!context.options().detailPass().runsAt(shrink)) {
            return List.of(coarse);
        }
        List<WindowPlan> passes = new ArrayList<>(List.of(coarse));
        for (double scale : scales(shrink)) {
            passes.add(planPass(context, mask, scale));
        }
        return passes;
    }

    /**
     * The scales of the detail passes over a coarse fill at {@code 1/shrink}, coarsest first: the last at
     * 1, the one before it (where the coarse fill is more than {@value #MAX_STEP}x coarser) at
     * 1/{@value #LAST_STEP}, each earlier one {@value #MAX_STEP}x coarser than the next, until the coarse fill
     * is at most {@value #MAX_STEP}x coarser than the first.
     */
    static List<Double> scales(double shrink) {
        List<Double> scales = new ArrayList<>(List.of(1.0));
        while (shrink / scales.get(scales.size() - 1) > MAX_STEP + 1e-9) {
            scales.add(scales.size() == 1 ? LAST_STEP : scales.get(scales.size() - 1) * MAX_STEP);
        }
        java.util.Collections.reverse(scales);
        return scales;
    }

    /**
     * A recorded plan's passes: the leading windows at its largest scale are the coarse fill, the
     * rest runs of windows of one scale each; with the detail pass off, the whole plan is one pass.
     * A plan with detail passes that another version of them drew is refused ({@code RECORD_MISMATCH}):
     * this version would draw other pixels.
     */
    static List<WindowPlan> split(EditContext context, WindowPlan recorded) {
        if (context.options().detailPass() == DetailPass.OFF) {
            return List.of(recorded);
        }
        if (recorded.windows().stream().mapToDouble(Window::scale).distinct().count() > 1) {
            requireSameDetail(context, SAME_INPAINT_DETAIL_SINCE);
        }
        List<WindowPlan> passes = byScale(recorded);
        if (IntStream.range(1, passes.size()).anyMatch(p -> isLight(passes, p))) {
            requireSameDetail(context, SAME_LIGHT_PASS_SINCE);
        }
        return passes;
    }

    /** A recorded plan's runs of windows of one scale each, the first with the plan's notes. */
    static List<WindowPlan> byScale(WindowPlan recorded) {
        List<WindowPlan> passes = new ArrayList<>();
        List<Window> current = new ArrayList<>();
        for (Window window : recorded.windows()) {
            if (!current.isEmpty() && current.get(0).scale() != window.scale()) {
                passes.add(new WindowPlan(current, passes.isEmpty() ? recorded.notes() : List.of()));
                current = new ArrayList<>();
            }
            current.add(window);
        }
        passes.add(new WindowPlan(current, passes.isEmpty() ? recorded.notes() : List.of()));
        return passes;
    }

    /**
     * Refuses ({@code RECORD_MISMATCH}) a replayed record whose detail a version of the detail passes
     * before {@code since} (or after this one) drew: this version would draw other pixels.
     */
    static void requireSameDetail(EditContext context, int since) {
        int planner = context.options().detailPlanner();
        if (planner < since || planner > PLANNER) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, String.format(Locale.ROOT,
                    "edit record: its detail was drawn by %s version of the detail passes (%d; this is %d), whose"
                            + " pixels this one cannot repeat", planner < since ? "an earlier" : "another", planner,
                    PLANNER));
        }
    }

    /** The whole edit's plan: every pass's windows in order, the coarse notes and what the detail passes do. */
    static WindowPlan combined(EditContext context, List<WindowPlan> passes) {
        if (passes.size() == 1) {
            return passes.get(0);
        }
        List<Window> windows = new ArrayList<>();
        passes.forEach(p -> windows.addAll(p.windows()));
        List<String> notes = new ArrayList<>(passes.get(0).notes());
        if (notes.stream().noneMatch(n -> n.startsWith(NOTE_START))) { // a replayed plan has it already
            StringBuilder detail = new StringBuilder(String.format(Locale.ROOT, "%s%d detail pass%s over the coarse fill"
                    + " (keeping one token in %d of it as anchors):", NOTE_START, passes.size() - 1,
                    passes.size() > 2 ? "es" : "", ANCHOR_STRIDE * ANCHOR_STRIDE));
            for (int p = 1; p < passes.size(); p++) {
                WindowPlan pass = passes.get(p);
                int waves = waves(passes, p).size();
                detail.append(String.format(Locale.ROOT, "%s %d window%s at %s in %d wave%s", p > 1 ? ";" : "",
                        pass.windows().size(), pass.windows().size() > 1 ? "s" : "", pass.maxScale() > 1
                                ? String.format(Locale.ROOT, "1/%.2f resolution", pass.maxScale()) : "the image's own resolution",
                        waves, waves > 1 ? "s" : ""));
            }
            notes.add(detail.toString());
        }
        return new WindowPlan(windows, notes);
    }

    private static final String NOTE_START = "then ";

    /**
     * A detail pass keeps one token of its map in every {@code ANCHOR_STRIDE x ANCHOR_STRIDE} block (one in 16)
     * as an anchor. Far fewer anchors than Expand's quarter: they are the coarse fill's blur, and measured with
     * {@code DetailBench} on china.jpg one in 16 gives sharper fills than one in 9 once the tiles meet without
     * a band regenerated along them.
     */
    static final int ANCHOR_STRIDE = 4;

    /** A detail pass samples in an eighth of the fill's steps, but at least this many (or the fill's, if fewer). */
    static final int MIN_STEPS = 4;

    /** The fill's steps over a detail pass's. */
    static final int FEWER_STEPS = 8;

    /**
     * How the detail passes sample: without guidance, in an eighth of the fill's steps (at least
     * {@value #MIN_STEPS}), at the settings' detail temperature ({@link SamplingSettings#detailTemperature}: the
     * model recommends how much hotter than the fill), at its top-k and top-p. The anchors
     * and the photo around the mask already hold the layout and the colours, so the class's guidance
     * adds nothing but a second row per window, and with the layout known, fewer and larger steps draw
     * as much detail. A window of a pass generates most of its tokens (all but its ring and the
     * anchors), many in each step, which at the fill's temperature comes out softer than the fill at
     * native scale. A half or a quarter of the fill's steps instead of an eighth were no sharper
     * (measured with {@code DetailBench} on china.jpg), and on a GPU every step is a batch's forward pass.
     */
    static SamplingSettings sampling(SamplingSettings fill) {
        return fill.withGuidance(1.0, fill.guidanceSchedule())
                .withSampling(fill.detailTemperature(), fill.topK(), fill.topP())
                .withSteps(Math.min(fill.steps(), Math.max(MIN_STEPS, fill.steps() / FEWER_STEPS)));
    }

    /**
     * Whether detail pass {@code p} (1 or later) of a fill's passes is light: a pass before the last at most
     * {@value #LIGHT_STEP}x finer than the one before it. It only carries the layout to a scale from which
     * the next pass is at most {@value #MAX_STEP}x finer, and that pass redraws all but one token in 16 of it,
     * so its tiles run as one wave (none waits for a neighbour: their edges are drawn over) in half the
     * steps of the other passes before the last ({@link #lightSampling}). Measured with {@code DetailBench} on
     * china.jpg, a 371x331 px fill (coarse at 1/3.30, passes at 1/3, 1/1.5 and 1), 64 steps, seeds 1-3: 93%
     * of the native fill's sharpness (as a checkerboard in as many steps as the next pass: 95%), mask sides
     * at most 1.33, window edges at most 1.19; on a GPU one generation fewer, and that of half the steps.
     */
    static boolean isLight(List<WindowPlan> passes, int p) {
        return p > 0 && p < passes.size() - 1
                && passes.get(p - 1).maxScale() <= passes.get(p).maxScale() * LIGHT_STEP + 1e-9;
    }

    /** The waves of detail pass {@code p}: one for a light pass ({@link #isLight}), else the checkerboard's. */
    static List<List<Integer>> waves(List<WindowPlan> passes, int p) {
        WindowPlan pass = passes.get(p);
        return isLight(passes, p) ? List.of(IntStream.range(0, pass.windows().size()).boxed().toList())
                : WindowPlanner.detailWaves(pass);
    }

    /** The last detail pass's steps over those of a pass before it. */
    static final int EARLIER_FEWER = 2;

    /**
     * How a detail pass before the last samples: as the last ({@link #sampling}) in {@value #EARLIER_FEWER}x fewer
     * steps, at least {@value #MIN_STEPS}. The last pass redraws all but its anchors, so an earlier pass only
     * carries the layout one scale down: with half the steps the fills came out as sharp (measured with
     * {@code DetailBench} on china.jpg, 64 steps, seeds 1-3: 106%, 96% and 95% of the native fill's sharpness at
     * 1/2.41, 1/2.99 and 1/3.30, against 103%, 99% and 95%), and on a GPU, where a step is a forward pass of the
     * wave's batch, each earlier wave costs half as many.
     */
    static SamplingSettings earlierSampling(SamplingSettings fill) {
        SamplingSettings last = sampling(fill);
        return last.withSteps(Math.min(last.steps(), Math.max(MIN_STEPS, last.steps() / EARLIER_FEWER)));
    }

    /** A light pass samples in at least this many steps (or the fill's, if fewer). */
    static final int MIN_LIGHT_STEPS = 2;

    /**
     * How a light pass ({@link #isLight}) samples: as a pass before the last ({@link #earlierSampling}) in
     * {@value #EARLIER_FEWER}x fewer steps, at least {@value #MIN_LIGHT_STEPS}.
     */
    static SamplingSettings lightSampling(SamplingSettings fill) {
        SamplingSettings earlier = earlierSampling(fill);
        return earlier.withSteps(Math.min(earlier.steps(), Math.max(MIN_LIGHT_STEPS, earlier.steps() / EARLIER_FEWER)));
    }

    /**
     * Tokens of context a detail window keeps around its tile on each side (the map holds every token
     * around it): a white tile's window sees this many tokens of its black neighbours beyond its edges.
     * With one, the tiles' edges stepped up to 4 (measured with {@code DetailBench} on china.jpg), an
     * object drawn on one side ending at the line.
     */
    static final int CONTEXT_TOKENS = 2;

    /**
     * A detail pass's windows at {@code scale}: the map's cells over the mask cut into tiles of a
     * window less {@link #CONTEXT_TOKENS} a side, each window centred on its tile and kept in the map,
     * the black tiles of a checkerboard first, then the white ones.
     */
    static WindowPlan planPass(EditContext context, PixelMask mask, double scale) {
        MapArea map = MapArea.of(context, mask, scale);
        Rect needed = MapArea.needed(context, mask, scale);
        int c0 = map.column(needed.x());
        int c1 = map.column(needed.right() - 1) + 1;
        int r0 = map.row(needed.y());
        int r1 = map.row(needed.bottom() - 1) + 1;
        int columns = Math.min(context.models().generator().gridColumns(), map.columns());
        int rows = Math.min(context.models().generator().gridRows(), map.rows());
        int across = (int) Math.ceil((double) (c1 - c0) / Math.max(1, columns - 2 * CONTEXT_TOKENS));
        int down = (int) Math.ceil((double) (r1 - r0) / Math.max(1, rows - 2 * CONTEXT_TOKENS));
        int width = (int) Math.round(columns * context.patch() * scale);
        int height = (int) Math.round(rows * context.patch() * scale);
        List<Window> windows = new ArrayList<>();
        for (int colour = 0; colour < 2; colour++) {
            for (int j = 0; j < down; j++) {
                for (int i = (j + colour) % 2; i < across; i += 2) {
                    int tx0 = c0 + (c1 - c0) * i / across;
                    int tx1 = c0 + (c1 - c0) * (i + 1) / across;
                    int ty0 = r0 + (r1 - r0) * j / down;
                    int ty1 = r0 + (r1 - r0) * (j + 1) / down;
                    int wx = Math.max(0, Math.min(map.columns() - columns, (tx0 + tx1 - columns) / 2));
                    int wy = Math.max(0, Math.min(map.rows() - rows, (ty0 + ty1 - rows) / 2));
                    windows.add(new Window(new Rect(map.x(wx), map.y(wy), width, height),
                            new Rect(map.x(tx0), map.y(ty0), map.x(tx1) - map.x(tx0), map.y(ty1) - map.y(ty0)),
                            columns, rows, scale));
                }
            }
        }
        return new WindowPlan(windows, List.of());
    }

    /**
     * Runs the coarse fill and the detail passes over it ({@link #sampling}); one canvas per variant, with the
     * last pass's tokens.
     */
    static Outcome run(EditContext context, ArgbImage image, PixelMask mask, List<WindowPlan> passes, WindowPlan plan) {
        int variants = context.settings().variants();
        List<PassWork> detail = new ArrayList<>();
        long units = MaskedFill.units(context, mask, passes.get(0));
        for (int p = 1; p < passes.size(); p++) {
            SamplingSettings settings = context.settings();
            detail.add(PassWork.of(context, mask, passes.get(p), p == passes.size() - 1 ? sampling(settings)
                    : isLight(passes, p) ? lightSampling(settings) : earlierSampling(settings), waves(passes, p)));
            units += detail.get(p - 1).units(context, variants);
        }
        context.progress().begin(units, plan.windows().size(), passes.size());
        Outcome coarse = MaskedFill.runBegun(context, image, mask, passes.get(0));
        List<ArgbImage> canvases = coarse.images();
        List<FillTokens> tokens = coarse.tokens();
        int first = passes.get(0).windows().size();
        for (int p = 1; p < passes.size(); p++) {
            tokens = detail.get(p - 1).run(context, canvases, mask, p, first, tokens);
            first += passes.get(p).windows().size();
        }
        // the result's window edges are the last pass's: the passes before it are drawn over
        double edge = ImageMetrics.worstWindowEdge(canvases.get(0), mask, passes.get(passes.size() - 1));
        return new Outcome(canvases, plan, edge > 0 ? Map.of("seam_tile_edge", edge) : Map.of(), tokens);
    }

    /**
     * One detail pass, planned: its map, its windows where they lie in the map, and per window the
     * cells it generates (those of the map touching the mask, not anchors, in its tile), or null when none.
     */
    private record PassWork(WindowPlan plan, SamplingSettings sampling, List<List<Integer>> waves, MapArea map,
                            TokenMap tokens, List<Window> inMap, List<byte[]> cells) {

        static PassWork of(EditContext context, PixelMask mask, WindowPlan plan, SamplingSettings sampling,
                           List<List<Integer>> waves) {
            double scale = plan.maxScale();
            int patch = context.patch();
            MapArea map = MapArea.of(context, mask, scale);
            TokenMap tokens = TokenMap.of(context, map.columns(), map.rows(), MAP_TILE_GRIDS);
            byte[] generate = TokenCells.classify(map.window(), mask, null,
                    (int) Math.ceil(context.options().dilationPixels() * scale));
            // each cell of the map is generated by the window whose tile holds its centre
            int[] owner = new int[generate.length];
            java.util.Arrays.fill(owner, -1);
            List<Window> windows = plan.windows();
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.columns(); c++) {
                    int i = r * map.columns() + c;
                    if (generate[i] != TokenCells.UNKNOWN || Expand.isAnchor(c, r, ANCHOR_STRIDE)) {
                        continue;
                    }
                    Rect cell = map.window().cell(c, r);
                    int cx = cell.x() + cell.width() / 2;
                    int cy = cell.y() + cell.height() / 2;
                    for (int k = 0; k < windows.size() && owner[i] < 0; k++) {
                        if (windows.get(k).target().contains(cx, cy)) {
                            owner[i] = k;
                        }
                    }
                }
            }
            List<Window> inMap = new ArrayList<>();
            List<byte[]> cells = new ArrayList<>();
            for (int k = 0; k < windows.size(); k++) {
                Window at = map.inMap(windows.get(k), patch);
                inMap.add(at);
                int x0 = at.region().x() / patch;
                int y0 = at.region().y() / patch;
                byte[] own = new byte[at.columns() * at.rows()];
                boolean any = false;
                for (int r = 0; r < at.rows(); r++) {
                    for (int c = 0; c < at.columns(); c++) {
                        if (owner[(y0 + r) * map.columns() + x0 + c] == k) {
                            own[r * at.columns() + c] = TokenCells.UNKNOWN;
                            any = true;
                        }
                    }
                }
                cells.add(any ? own : null);
            }
            return new PassWork(plan, sampling, waves, map, tokens, inMap, cells);
        }

        /** Progress units: the map's encode and decode per variant, and every window's generation. */
        long units(EditContext context, int variants) {
            long units = 2L * variants * tokens.units(context);
            for (byte[] c : cells) {
                units += c == null ? 0 : ProgressMeter.windowUnits(context.stepCount(TokenCells.count(c,
                        TokenCells.UNKNOWN), sampling), false, false);
            }
            return units;
        }

        /**
         * Runs the pass over the canvases (one per variant, changed in place): encodes each canvas's map,
         * generates the windows wave by wave into it (every window of a wave reading the map as the wave
         * found it), decodes it and pastes it over the mask; per variant the pass's tokens.
         *
         * @param pass  the edit's pass (progress, previews)
         * @param first the edit-wide index of the pass's first window (seeds, progress, previews)
         * @param before per variant the tokens before the pass, kept where it generates none
         */
        List<FillTokens> run(EditContext context, List<ArgbImage> canvases, PixelMask mask, int pass, int first,
                             List<FillTokens> before) {
            int patch = context.patch();
            int variants = canvases.size();
            List<Window> windows = plan.windows();
            List<Integer> served = IntStream.range(first, first + windows.size()).boxed().toList(); // progress
            List<ArgbImage> pictures = new ArrayList<>();
            List<int[]> maps = new ArrayList<>();
            for (ArgbImage canvas : canvases) {
                ArgbImage picture = Resampler.resize(canvas.crop(map.area()), map.columns() * patch, map.rows() * patch);
                pictures.add(picture);
                maps.add(tokens.encode(context, picture, pass, served));
            }
            WindowTokens[][] done = new WindowTokens[variants][windows.size()];
            // a wave's windows all read the map before any writes: the same result whatever the window batch
            for (List<Integer> wave : waves) {
                context.cancellation().throwIfCancelled();
                List<WindowRunner.Job> jobs = new ArrayList<>();
                for (int k : wave) {
                    if (cells.get(k) == null) {
                        continue;
                    }
                    Window at = inMap.get(k);
                    List<int[]> grids = maps.stream().map(m -> tokens.windowGrid(at, m, patch)).toList();
                    List<ArgbImage> backdrops = pictures.stream().map(p -> p.crop(at.region())).toList();
                    jobs.add(new WindowRunner.Job(first + k, pass, windows.get(k), grids, backdrops, cells.get(k),
                            context.seeds(first + k), true));
                }
                if (jobs.isEmpty()) {
                    continue;
                }
                // previews: per-code patches over the coarse fill; the pass decodes its whole map once its waves are done
                List<WindowRunner.Output> outputs = context.runner().generate(jobs, sampling, false, false);
                for (int j = 0; j < jobs.size(); j++) {
                    WindowRunner.Job job = jobs.get(j);
                    int k = job.windowIndex() - first;
                    Window at = inMap.get(k);
                    int x0 = at.region().x() / patch;
                    int y0 = at.region().y() / patch;
                    for (int v = 0; v < variants; v++) {
                        WindowTokens result = outputs.get(j).tokens().get(v);
                        done[v][k] = result;
                        for (int cell = 0; cell < job.cells().length; cell++) {
                            if (job.cells()[cell] == TokenCells.UNKNOWN) {
                                maps.get(v)[(y0 + cell / at.columns()) * map.columns() + x0 + cell % at.columns()] =
                                        result.codes()[cell];
                            }
                        }
                    }
                }
            }
            Compositor compositor = context.compositor(map.window());
            PixelMask known = mask.inverted();
            List<FillTokens> out = new ArrayList<>();
            List<Rect> targets = windows.stream().map(Window::target).toList();
            int band = context.blendBand(windows.get(0));
            for (int v = 0; v < variants; v++) {
                ArgbImage decoded = tokens.decode(context, maps.get(v), pass, served, v, pictures.get(v));
                compositor.paste(canvases.get(v), map.area(), decoded, mask, known, null);
                SeamSmoother.targetEdges(canvases.get(v), targets, band, mask);
                List<WindowTokens> generated = java.util.Arrays.stream(done[v]).filter(java.util.Objects::nonNull).toList();
                out.add(generated.isEmpty() ? before.get(v) : new FillTokens(generated, null));
            }
            return out;
        }
    }

    /**
     * Model grids per side of a map tile the codec encodes or decodes in one call: a pass's map at
     * the image's own scale over a mask three windows wide is one tile.
     */
    private static final int MAP_TILE_GRIDS = 4;

    /**
     * A detail pass's token map: the canvas rectangle {@code area} seen as {@code columns x rows} tokens
     * at the pass's {@code scale}, over the mask with its dilation, its feather and the options' context.
     */
    private record MapArea(Rect area, int columns, int rows, double scale) {

        static MapArea of(EditContext context, PixelMask mask, double scale) {
            Rect canvas = mask.canvas();
            double token = context.patch() * scale;
            Rect needed = needed(context, mask, scale);
            int around = 2 * context.options().contextTokens();
            int columns = Math.min((int) Math.floor(canvas.width() / token + 1e-9),
                    (int) Math.ceil(needed.width() / token - 1e-9) + around);
            int rows = Math.min((int) Math.floor(canvas.height() / token + 1e-9),
                    (int) Math.ceil(needed.height() / token - 1e-9) + around);
            int width = (int) Math.round(columns * token);
            int height = (int) Math.round(rows * token);
            int x = Math.max(0, Math.min(canvas.width() - width, needed.x() + needed.width() / 2 - width / 2));
            int y = Math.max(0, Math.min(canvas.height() - height, needed.y() + needed.height() / 2 - height / 2));
            return new MapArea(new Rect(x, y, width, height), columns, rows, scale);
        }

        /** The canvas pixels a pass may write: the mask grown by its dilation and its feather at {@code scale}. */
        static Rect needed(EditContext context, PixelMask mask, double scale) {
            int edge = (int) Math.ceil((context.options().dilationPixels() + context.options().featherPixels()) * scale);
            return mask.bounds().grow(edge, mask.canvas());
        }

        /** Canvas x of the map's token column {@code column} (0..columns). */
        int x(int column) {
            return area.x() + (int) Math.round(column * (double) area.width() / columns);
        }

        int y(int row) {
            return area.y() + (int) Math.round(row * (double) area.height() / rows);
        }

        /** The whole map as one window (its cells, its paste's feather). */
        Window window() {
            return new Window(area, area, columns, rows, scale);
        }

        /** The map column a canvas x falls in, clamped to the map. */
        int column(double canvasX) {
            return Math.max(0, Math.min(columns - 1, (int) Math.floor((canvasX - area.x()) * columns / area.width())));
        }

        int row(double canvasY) {
            return Math.max(0, Math.min(rows - 1, (int) Math.floor((canvasY - area.y()) * rows / area.height())));
        }

        /** Where a window of the pass lies in the map: its grid at model size ({@link TokenMap#windowGrid}). */
        Window inMap(Window window, int patch) {
            int c = Math.max(0, Math.min(columns - window.columns(),
                    (int) Math.round((window.region().x() - area.x()) * columns / (double) area.width())));
            int r = Math.max(0, Math.min(rows - window.rows(),
                    (int) Math.round((window.region().y() - area.y()) * rows / (double) area.height())));
            Rect model = new Rect(c * patch, r * patch, window.columns() * patch, window.rows() * patch);
            return new Window(model, model, window.columns(), window.rows(), 1.0);
        }
    }
}
