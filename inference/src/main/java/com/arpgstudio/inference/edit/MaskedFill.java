package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.List;

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
     * @param plan     the windows
     * @return one canvas per variant
     */
    static List<ArgbImage> run(EditContext context, ArgbImage canvas, PixelMask mask, PixelMask writable,
                               WindowPlan plan) {
        int variants = context.settings().variants();
        EditContext.requireHeap(4L * canvas.pixels().length * (variants + 3), "the edit");
        List<ArgbImage> canvases = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            canvases.add(canvas.copy());
        }
        PixelMask pending = mask.copy();
        List<Window> windows = plan.windows();
        for (int k = 0; k < windows.size(); k++) {
            context.cancellation().throwIfCancelled();
            Window window = windows.get(k);
            PixelMask target = pending.within(window.target());
            if (target.isEmpty()) {
                continue;
            }
            PixelMask later = pending.minus(target);
            int dilation = (int) Math.ceil(context.options().dilationPixels() * window.scale());
            byte[] cells = TokenCells.classify(window, target, later, dilation);
            List<ArgbImage> backdrops = new ArrayList<>();
            for (ArgbImage c : canvases) {
                backdrops.add(context.runner().modelPixels(c, window));
            }
            List<int[]> codes = context.runner().encode(canvases, window);
            WindowRunner.Output out = context.runner().generate(k, windows.size(), window, codes, backdrops, cells,
                    context.classId(), context.settings(), context.seeds(k), true);
            PixelMask known = pending.inverted();
            PixelMask replace = writable == null ? target : target.and(writable);
            int feather = (int) Math.round(context.options().featherPixels() * window.scale());
            int ring = (int) Math.round(context.options().colourRingPixels() * window.scale());
            Compositor compositor = new Compositor(feather, Math.max(1, ring));
            for (int v = 0; v < variants; v++) {
                compositor.paste(canvases.get(v), window.region(), out.decoded().get(v), replace, known, writable);
            }
            pending.remove(target);
        }
        return canvases;
    }
}
