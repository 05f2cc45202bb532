package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     *                 whose detail carries into the fill along its edge (outpainting: the photo); or null
     * @param plan     the windows
     * @return one canvas per variant, with its tokens
     */
    static Outcome run(EditContext context, ArgbImage canvas, PixelMask mask, PixelMask writable, Rect locked,
                       WindowPlan plan) {
        int variants = context.settings().variants();
        EditContext.requireHeap(4L * canvas.pixels().length * (variants + 3), "the edit");
        List<ArgbImage> canvases = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            canvases.add(canvas.copy());
        }
        List<Window> windows = plan.windows();
        List<byte[]> cells = classifyAll(context, mask, windows);
        long units = 0;
        for (byte[] c : cells) {
            units += c == null ? 0 : ProgressMeter.windowUnits(context.stepCount(TokenCells.count(c, TokenCells.UNKNOWN)),
                    true, true);
        }
        context.progress().begin(units, windows.size(), 1);
        PixelMask pending = mask.copy();
        WindowTokens[][] tokens = new WindowTokens[variants][windows.size()]; // in plan order, whatever the waves
        // a wave's windows all encode before any pastes, and paste in plan order
        for (List<Integer> wave : context.waves(plan, context.planner().config().waveMargin(plan.maxScale()),
                WindowPlan.Sharing.WRITE_AFTER_READ)) {
            context.cancellation().throwIfCancelled();
            List<Integer> active = wave.stream().filter(k -> cells.get(k) != null).toList();
            if (active.isEmpty()) {
                continue;
            }
            List<Window> waveWindows = active.stream().map(windows::get).toList();
            List<List<int[]>> codes = context.runner().encode(active, waveWindows, canvases);
            List<WindowRunner.Job> jobs = new ArrayList<>();
            for (int i = 0; i < active.size(); i++) {
                int k = active.get(i);
                Window window = waveWindows.get(i);
                List<ArgbImage> backdrops = canvases.stream().map(c -> context.runner().modelPixels(c, window)).toList();
                jobs.add(new WindowRunner.Job(k, 0, window, codes.get(i), backdrops, cells.get(k), context.seeds(k)));
            }
            List<WindowRunner.Output> outputs = context.runner().generate(jobs, context.settings(), true);
            PixelMask known = pending.inverted();
            List<PixelMask> targets = waveWindows.stream().map(w -> pending.within(w.target())).toList();
            for (int i = 0; i < active.size(); i++) {
                Window window = waveWindows.get(i);
                PixelMask replace = writable == null ? targets.get(i) : targets.get(i).and(writable);
                int band = context.blendBand(window);
                Compositor compositor = context.compositor(window);
                PixelMask regenerated = regenerated(mask, pending, window, band);
                for (int v = 0; v < variants; v++) {
                    compositor.paste(canvases.get(v), window.region(), outputs.get(i).decoded().get(v), replace, known,
                            writable, regenerated, locked);
                    tokens[v][active.get(i)] = outputs.get(i).tokens().get(v);
                }
            }
            targets.forEach(pending::remove);
        }
        int band = windows.stream().mapToInt(context::blendBand).max().orElse(0);
        if (band > 0) {
            List<Rect> targets = windows.stream().map(Window::target).toList();
            canvases.forEach(c -> SeamSmoother.targetEdges(c, targets, band, mask));
        }
        List<FillTokens> fills = java.util.Arrays.stream(tokens)
                .map(perWindow -> new FillTokens(java.util.Arrays.stream(perWindow).filter(java.util.Objects::nonNull)
                        .toList(), locked)).toList();
        return new Outcome(canvases, plan, Map.of(), fills);
    }

    /**
     * The token cells of every window as it will run (each window sees the mask minus what the
     * windows before it generate), or null for a window left with nothing to generate; known before
     * anything runs, so the edit's whole work can be counted up front.
     */
    private static List<byte[]> classifyAll(EditContext context, PixelMask mask, List<Window> windows) {
        List<byte[]> all = new ArrayList<>();
        PixelMask pending = mask.copy();
        for (Window window : windows) {
            PixelMask target = pending.within(window.target());
            if (target.isEmpty()) {
                all.add(null);
                continue;
            }
            PixelMask later = pending.minus(target);
            int dilation = (int) Math.ceil(context.options().dilationPixels() * window.scale());
            PixelMask generate = target.copy();
            generate.add(regenerated(mask, pending, window, context.blendBand(window)));
            all.add(TokenCells.classify(window, generate, later, dilation));
            pending.remove(target);
        }
        return all;
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
