package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The window loop shared by inpainting and outpainting: for every window, mark the tokens of its
 * masked pixels unknown (and those of a band of earlier windows' pixels along its target, which it
 * generates again to cross-fade into them), generate them for every variant, and paste back. Each
 * window encodes the canvas as the earlier windows left it, so it continues their content; windows
 * that do not depend on each other run as one wave (rows of one batch), with the same result. At the
 * end, the edges of every window's target lose their step ({@link SeamSmoother}), on generated pixels only.
 */
final class MaskedFill {

    private MaskedFill() {}

    /**
     * @param context  the edit
     * @param canvas   the starting canvas (not modified)
     * @param mask     the pixels to generate
     * @param writable the pixels the paste may change (the feather may blend into them), or null for all
     * @param locked   the rectangle no paste may write (where {@code writable} is the canvas less it),
     *                 which the fill continues from its edge (outpainting: the photo); or null
     * @param plan     the windows
     * @return one canvas per variant, with its tokens
     */
    static Outcome run(EditContext context, ArgbImage canvas, PixelMask mask, PixelMask writable, Rect locked,
                       WindowPlan plan) {
        return run(context, canvas, mask, writable, locked, List.of(plan));
    }

    /**
     * Runs {@code passes} one after the other over the same mask: the first as a fill of the mask, each
     * later one over the fill before it, for example a layout generated shrunk,
     * then its detail at the image's own scale. The outcome's plan is every pass's windows in order,
     * with the first pass's notes; its tokens are the last pass's.
     */
    static Outcome run(EditContext context, ArgbImage canvas, PixelMask mask, PixelMask writable, Rect locked,
                       List<WindowPlan> passes) {
        return run(context, canvas, mask, writable, locked, passes, OverFill.of(context));
    }

    /**
     * How the passes over a fill (every pass but the first) run.
     *
     * @param sampling     their sampling (the seeds and variants are the edit's)
     * @param anchorStride one cell in every {@code anchorStride x anchorStride} block of a window stays known
     */
    record OverFill(SamplingSettings sampling, int anchorStride) {

        /** As the edit samples, with the options' anchor stride. */
        static OverFill of(EditContext context) {
            return new OverFill(context.settings(), context.options().anchorStride());
        }
    }

    /**
     * As {@link #run(EditContext, ArgbImage, PixelMask, PixelMask, Rect, List)}, with every pass after the
     * first run as {@code overFill} says.
     */
    static Outcome run(EditContext context, ArgbImage canvas, PixelMask mask, PixelMask writable, Rect locked,
                       List<WindowPlan> passes, OverFill overFill) {
        return run(context, canvas, mask, writable, locked, passes, overFill, true);
    }

    /** The progress units of a fill of {@code mask} in {@code plan}'s windows, as {@link #runBegun} counts them. */
    static long units(EditContext context, PixelMask mask, WindowPlan plan) {
        return units(context, classifyAll(context, mask, plan.windows(), 0), context.settings());
    }

    /** The progress units of windows of these cells (null: nothing to generate), each encoded and decoded. */
    private static long units(EditContext context, List<byte[]> cells, SamplingSettings sampling) {
        long units = 0;
        for (byte[] c : cells) {
            units += c == null ? 0 : ProgressMeter.windowUnits(context.stepCount(TokenCells.count(c,
                    TokenCells.UNKNOWN), sampling), true, true);
        }
        return units;
    }

    /**
     * A fill of {@code mask} in {@code plan}'s windows, as {@link #run(EditContext, ArgbImage, PixelMask,
     * PixelMask, Rect, WindowPlan)} runs it, within an edit whose progress the caller began (counting
     * {@link #units} for it) because more work follows.
     */
    static Outcome runBegun(EditContext context, ArgbImage canvas, PixelMask mask, WindowPlan plan) {
        return run(context, canvas, mask, null, null, List.of(plan), OverFill.of(context), false);
    }

    private static Outcome run(EditContext context, ArgbImage canvas, PixelMask mask, PixelMask writable, Rect locked,
                               List<WindowPlan> passes, OverFill overFill, boolean begin) {
        int variants = context.settings().variants();
        // a pass over a fill, and the heal windows, read a copy of the canvases as their wave found them
        int copies = passes.size() > 1 || begin && context.options().seamHealPixels() > 0 ? 2 * variants : variants;
        EditContext.requireHeap(4L * canvas.pixels().length * (copies + 3), "the edit");
        List<ArgbImage> canvases = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            canvases.add(canvas.copy());
        }
        List<List<byte[]>> cells = new ArrayList<>();
        // the last pass's lines between windows are healed once it is done; earlier passes, and a fill
        // that detail passes follow (runBegun), are drawn over
        int last = passes.size() - 1;
        List<SeamHeal.Heal> heals = !begin ? List.of() : SeamHeal.windows(passes.get(last).windows(), mask,
                context.options().seamHealPixels(), context.patch());
        List<byte[]> healCells = heals.stream().map(h -> SeamHeal.cells(h.window(), mask)).toList();
        long units = units(context, healCells, last > 0 ? overFill.sampling() : context.settings());
        int windowCount = heals.size();
        for (int p = 0; p < passes.size(); p++) {
            cells.add(classifyAll(context, mask, passes.get(p).windows(), p > 0 ? overFill.anchorStride() : 0));
            units += units(context, cells.get(p), p > 0 ? overFill.sampling() : context.settings());
            windowCount += passes.get(p).windows().size();
        }
        if (begin) {
            context.progress().begin(units, windowCount, passes.size());
        }
        List<FillTokens> fills = List.of();
        List<Window> all = new ArrayList<>();
        for (int p = 0; p < passes.size(); p++) {
            fills = fill(context, canvases, mask, writable, locked, passes.get(p), cells.get(p), p, all.size(),
                    p > 0 ? overFill.sampling() : context.settings(), p == last ? heals : List.of(),
                    p == last ? healCells : List.of());
            all.addAll(passes.get(p).windows());
        }
        return new Outcome(canvases, new WindowPlan(all, passes.get(0).notes()), Map.of(), fills);
    }

    /**
     * One pass of windows over the canvases (one per variant, changed in place); per variant the
     * pass's tokens. A pass over a fill (every pass but the first: an outpaint's detail) runs as one
     * wave, every window reading the canvas as the fill left it (the layout holds every window's
     * surroundings and anchors; the heal windows draw across the lines where they meet), pasted in
     * plan order.
     *
     * @param first the edit-wide index of the pass's first window (seeds, progress, previews)
     * @param sampling how the pass's windows sample
     * @param heals the heal windows run once the pass's windows are done ({@link SeamHeal}), after them
     *              in the edit's window order, and their cells
     */
    private static List<FillTokens> fill(EditContext context, List<ArgbImage> canvases, PixelMask mask,
                                         PixelMask writable, Rect locked, WindowPlan plan, List<byte[]> cells,
                                         int pass, int first, SamplingSettings sampling, List<SeamHeal.Heal> heals,
                                         List<byte[]> healCells) {
        int variants = canvases.size();
        boolean overFill = pass > 0;
        List<Window> windows = plan.windows();
        List<Integer> all = IntStream.range(0, windows.size()).boxed().toList();
        // over a fill every window reads the canvas as the fill left it: one wave, or its windows one at a time
        List<List<Integer>> waves = !overFill ? context.waves(plan, context.planner().config().waveMargin(plan.maxScale()),
                WindowPlan.Sharing.WRITE_AFTER_READ) : context.runner().windowBatch() == 1
                ? all.stream().map(List::of).toList() : List.of(all);
        PixelMask pending = mask.copy();
        WindowTokens[][] tokens = new WindowTokens[variants][windows.size()]; // in plan order, whatever the waves
        List<ArgbImage> sources = overFill ? canvases.stream().map(ArgbImage::copy).toList() : canvases;
        // a wave's windows all encode before any pastes, and paste in plan order
        for (List<Integer> wave : waves) {
            context.cancellation().throwIfCancelled();
            List<Integer> active = wave.stream().filter(k -> cells.get(k) != null).toList();
            if (active.isEmpty()) {
                continue;
            }
            List<Window> waveWindows = active.stream().map(windows::get).toList();
            List<WindowRunner.Output> outputs = generate(context, sources, waveWindows,
                    active.stream().map(cells::get).toList(), active.stream().map(k -> first + k).toList(), pass,
                    sampling, overFill);
            // pasted as in plan order, each as it would be alone: after the windows before it
            List<WavePastes.Paste> pastes = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                Window window = waveWindows.get(i);
                PixelMask target = pending.within(window.target());
                PixelMask replace = writable == null ? target : target.and(writable);
                PixelMask regenerated = regenerated(mask, pending, window, context.blendBand(window));
                pastes.add(new WavePastes.Paste(context.compositor(window), window.region(), outputs.get(i).decoded(),
                        replace, pending.inverted(), writable, regenerated, locked));
                for (int v = 0; v < variants; v++) {
                    tokens[v][active.get(i)] = outputs.get(i).tokens().get(v);
                }
                pending.remove(target);
            }
            WavePastes.run(canvases, pastes);
        }
        List<WindowTokens[]> healTokens = heal(context, canvases, mask, writable, locked, heals, healCells, pass,
                first + windows.size(), sampling);
        int band = windows.stream().mapToInt(context::blendBand).max().orElse(0);
        if (band > 0) {
            List<Rect> targets = windows.stream().map(Window::target).toList();
            canvases.forEach(c -> SeamSmoother.targetEdges(c, targets, band, mask));
        }
        List<FillTokens> fills = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            List<WindowTokens> perWindow = new ArrayList<>(Arrays.stream(tokens[v])
                    .filter(Objects::nonNull).toList());
            for (WindowTokens[] heal : healTokens) {
                perWindow.add(heal[v]);
            }
            fills.add(new FillTokens(perWindow, locked));
        }
        return fills;
    }

    /**
     * Encodes the windows of one wave from {@code sources} and generates their unknown cells for every
     * variant; per window, its output.
     *
     * @param indices the windows' edit-wide indices (seeds, progress, previews)
     * @param showsBackdrop whether previews show what the window generates over instead of grey
     */
    private static List<WindowRunner.Output> generate(EditContext context, List<ArgbImage> sources,
                                                      List<Window> windows, List<byte[]> cells,
                                                      List<Integer> indices, int pass, SamplingSettings sampling,
                                                      boolean showsBackdrop) {
        // per window, its pixels at model size on each canvas: what it encodes, and its previews' backdrop
        List<List<ArgbImage>> pixels = windows.stream()
                .map(w -> sources.stream().map(c -> context.runner().modelPixels(c, w)).toList()).toList();
        List<List<int[]>> codes = context.runner().encode(indices, pass, windows, pixels);
        List<WindowRunner.Job> jobs = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            jobs.add(new WindowRunner.Job(indices.get(i), pass, windows.get(i), codes.get(i), pixels.get(i),
                    cells.get(i), context.seeds(indices.get(i)), showsBackdrop));
        }
        return context.runner().generate(jobs, sampling, true);
    }

    /**
     * Runs the heal windows over the finished pass ({@link SeamHeal}) in the waves of
     * {@link SeamHeal#waves}, every window of a wave reading the canvases as the wave found it, each
     * pasted over its strip of the mask; per heal window (in order), its tokens per variant.
     *
     * @param first the edit-wide index of the first heal window
     */
    private static List<WindowTokens[]> heal(EditContext context, List<ArgbImage> canvases, PixelMask mask,
                                             PixelMask writable, Rect locked, List<SeamHeal.Heal> heals,
                                             List<byte[]> cells, int pass, int first, SamplingSettings sampling) {
        List<WindowTokens[]> tokens = new ArrayList<>();
        if (heals.isEmpty()) {
            return tokens;
        }
        int variants = canvases.size();
        PixelMask healWritable = writable == null ? mask.solid() : writable.and(mask.solid());
        WindowTokens[][] byHeal = new WindowTokens[heals.size()][variants];
        for (List<Integer> wave : SeamHeal.waves(heals, cells, context.options().seamHealPixels())) {
            // every window of a wave reads the canvases as the wave found them, one at a time too
            List<ArgbImage> sources = canvases.stream().map(ArgbImage::copy).toList();
            List<List<Integer>> runs = context.runner().windowBatch() == 1
                    ? wave.stream().map(List::of).toList() : List.of(wave);
            for (List<Integer> run : runs) {
                context.cancellation().throwIfCancelled();
                List<Window> runWindows = run.stream().map(k -> heals.get(k).window()).toList();
                List<WindowRunner.Output> outputs = generate(context, sources, runWindows,
                        run.stream().map(cells::get).toList(), run.stream().map(k -> first + k).toList(), pass,
                        sampling, true);
                List<WavePastes.Paste> pastes = new ArrayList<>(); // in plan order: a line's stretches fade into the one before
                for (int i = 0; i < run.size(); i++) {
                    Window heal = runWindows.get(i);
                    PixelMask strip = SeamHeal.strip(heal, mask, healWritable);
                    pastes.add(new WavePastes.Paste(SeamHeal.compositor(heal, context.options().seamHealPixels(),
                            context.options().colourRingPixels()), heal.region(), outputs.get(i).decoded(), strip,
                            strip.inverted(), healWritable, null, locked));
                    for (int v = 0; v < variants; v++) {
                        byHeal[run.get(i)][v] = outputs.get(i).tokens().get(v);
                    }
                }
                WavePastes.run(canvases, pastes);
            }
        }
        tokens.addAll(Arrays.asList(byHeal));
        return tokens;
    }

    /**
     * The token cells of every window as it will run (each window sees the mask minus what the
     * windows before it generate), or null for a window left with nothing to generate; known before
     * anything runs, so the edit's whole work can be counted up front.
     *
     * @param anchorStride over a fill, the stride of its anchors ({@link #keepAnchors}); 0 for a fill of the mask
     */
    private static List<byte[]> classifyAll(EditContext context, PixelMask mask, List<Window> windows,
                                            int anchorStride) {
        List<byte[]> all = new ArrayList<>();
        PixelMask pending = mask.copy();
        for (Window window : windows) {
            PixelMask target = pending.within(window.target());
            if (target.isEmpty()) {
                all.add(null);
                continue;
            }
            // over a fill, what later windows generate is there already: context, not excluded
            boolean overFill = anchorStride > 0;
            PixelMask later = overFill ? null : pending.minus(target);
            int dilation = (int) Math.ceil(context.options().dilationPixels() * window.scale());
            PixelMask generate = target.copy();
            generate.add(regenerated(mask, pending, window, context.blendBand(window)));
            byte[] cells = TokenCells.classify(window, generate, later, dilation);
            if (overFill) {
                keepAnchors(cells, window, anchorStride);
            }
            all.add(cells);
            pending.remove(target);
        }
        return all;
    }

    /**
     * Over a fill, one cell in every {@code stride x stride} block of a window stays known: those
     * anchors, encoded from the fill under them, hold its layout and colours, so windows generated
     * side by side without seeing each other draw the same scene (as {@link Expand}'s anchors do).
     */
    private static void keepAnchors(byte[] cells, Window window, int stride) {
        for (int r = 0; r < window.rows(); r += stride) {
            for (int c = 0; c < window.columns(); c += stride) {
                cells[r * window.columns() + c] = TokenCells.KNOWN;
            }
        }
    }

    /**
     * The pixels of the mask that earlier windows generated (not {@code pending} any more) within
     * the band around the window's target and inside its region: the window generates them again
     * and cross-fades into them, so that content continues across the edge instead of stopping at it.
     */
    private static PixelMask regenerated(PixelMask mask, PixelMask pending, Window window, int band) {
        Rect t = window.target();
        Rect around = new Rect(t.x() - band, t.y() - band, t.width() + 2 * band, t.height() + 2 * band)
                .intersect(window.region());
        return mask.minus(pending).within(around);
    }
}
