package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The window loop shared by inpainting and outpainting: for every window in turn, mark the tokens
 * of its masked pixels unknown, generate them for every variant, and paste the masked pixels back.
 * Each window encodes the canvas as the earlier windows left it, so it continues their content.
 */
final class MaskedFill {

    private MaskedFill() {}

    /**
     * @param context  the edit
     * @param canvas   the starting canvas (not modified)
     * @param mask     the pixels to generate
     * @param writable the pixels the paste may change (the feather may blend into them), or null for all
     * @param locked   the rectangle no paste may write (where {@code writable} is the canvas less it), or null
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
        List<List<WindowTokens>> tokens = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            tokens.add(new ArrayList<>());
        }
        for (int k = 0; k < windows.size(); k++) {
            context.cancellation().throwIfCancelled();
            Window window = windows.get(k);
            if (cells.get(k) == null) {
                continue;
            }
            PixelMask target = pending.within(window.target());
            List<ArgbImage> backdrops = new ArrayList<>();
            for (ArgbImage c : canvases) {
                backdrops.add(context.runner().modelPixels(c, window));
            }
            List<int[]> codes = context.runner().encode(canvases, window, k);
            WindowRunner.Output out = context.runner().generate(k, 0, window, codes, backdrops, cells.get(k),
                    context.settings(), context.seeds(k), true);
            PixelMask known = pending.inverted();
            PixelMask replace = writable == null ? target : target.and(writable);
            Compositor compositor = context.compositor(window);
            for (int v = 0; v < variants; v++) {
                compositor.paste(canvases.get(v), window.region(), out.decoded().get(v), replace, known, writable);
                tokens.get(v).add(out.tokens().get(v));
            }
            pending.remove(target);
        }
        List<FillTokens> fills = tokens.stream().map(list -> new FillTokens(list, locked)).toList();
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
            all.add(TokenCells.classify(window, target, later, dilation));
            pending.remove(target);
        }
        return all;
    }
}
