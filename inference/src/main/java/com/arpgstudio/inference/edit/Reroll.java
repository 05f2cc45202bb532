package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Generates some tokens of a fill again, keeping every other one: per window of the fill, the
 * selected generated tokens are unknown and every other token of the window (its context and the
 * fill's other generated tokens) is known, as the fill left it, so nothing is encoded again. Each
 * window's new decode is pasted like a fill's, but only over the painted pixels of its re-rolled
 * cells inside its target (and never over a locked area): every other pixel, beyond the feather,
 * stays bit-identical.
 */
final class Reroll {

    private Reroll() {}

    static Outcome run(EditContext context, EditRequest request) {
        ArgbImage canvas = Inpaint.require(request.image(), "an image");
        PixelMask paint = Inpaint.require(request.mask(), "the pixels to re-roll");
        RerollSource source = Inpaint.require(request.reroll(), "the fill's tokens and the tokens to re-roll");
        if (paint.width() != canvas.width() || paint.height() != canvas.height()) {
            throw new EditException(EditException.Reason.MASK_SIZE_MISMATCH, "re-roll mask size: expected "
                    + canvas.width() + "x" + canvas.height() + " like the image, found " + paint.width() + "x"
                    + paint.height());
        }
        FillTokens fill = source.fill();
        TokenSelection selection = source.selection();
        selection.checkAgainst(fill);
        List<Window> windows = fill.windows().stream().map(WindowTokens::window).toList();
        if (request.plan() != null && !request.plan().windows().equals(windows)) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "recorded windows " + request.plan().windows()
                    + ": expected the fill's windows " + windows);
        }
        WindowPlan plan = context.planner().checkReplayed(new WindowPlan(windows, List.of()), canvas.width(),
                canvas.height());

        PixelMask writable = null;
        if (fill.locked() != null) {
            writable = PixelMask.ofRect(canvas.width(), canvas.height(), canvas.bounds());
            writable.fill(fill.locked(), false);
        }
        // what each window repaints: the painted pixels of its re-rolled cells inside its target
        List<PixelMask> repaint = new ArrayList<>();
        PixelMask pending = new PixelMask(canvas.width(), canvas.height());
        for (int k = 0; k < windows.size(); k++) {
            Window window = windows.get(k);
            PixelMask pixels = TokenSelection.cellPixels(window, selection.of(k), canvas.width(), canvas.height())
                    .and(paint).within(window.target());
            if (writable != null) {
                pixels = pixels.and(writable);
            }
            repaint.add(pixels);
            pending.add(pixels);
        }
        if (pending.isEmpty()) {
            throw new EditException(EditException.Reason.EMPTY_MASK,
                    "the re-roll repaints no pixel: no token the fill generated lies under the mask");
        }
        context.listener().onPlan(plan);
        long units = 0;
        for (int k = 0; k < windows.size(); k++) {
            if (!repaint.get(k).isEmpty()) {         // nothing encoded: the window's tokens are the fill's
                units += ProgressMeter.windowUnits(context.stepCount(selection.of(k).length), false, true);
            }
        }
        context.progress().begin(units, windows.size(), 1);

        int variants = context.settings().variants();
        EditContext.requireHeap(4L * canvas.pixels().length * (variants + 3), "the re-roll");
        List<ArgbImage> canvases = new ArrayList<>();
        List<FillTokens> results = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            canvases.add(canvas.copy());
            results.add(fill);
        }
        for (int k = 0; k < windows.size(); k++) {
            context.cancellation().throwIfCancelled();
            if (repaint.get(k).isEmpty()) {
                continue;
            }
            Window window = windows.get(k);
            WindowTokens base = fill.windows().get(k);
            byte[] cells = base.cells();
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] == TokenCells.UNKNOWN) {
                    cells[i] = TokenCells.KNOWN;              // the fill's other tokens are context now
                }
            }
            for (int cell : selection.of(k)) {
                cells[cell] = TokenCells.UNKNOWN;
            }
            List<ArgbImage> backdrops = new ArrayList<>();
            for (ArgbImage c : canvases) {
                backdrops.add(context.runner().modelPixels(c, window));
            }
            WindowRunner.Output out;
            try {
                out = context.runner().generate(List.of(new WindowRunner.Job(k, 0, window,
                        Collections.nCopies(variants, base.codes()), backdrops, cells, context.seeds(k))),
                        context.settings(), true).get(0);
            } catch (IllegalArgumentException e) { // tokens from a record that this model cannot take
                throw new EditException(EditException.Reason.RECORD_MISMATCH,
                        "the fill's tokens do not fit this model: " + e.getMessage());
            }
            PixelMask known = pending.inverted();
            Compositor compositor = context.compositor(window);
            for (int v = 0; v < variants; v++) {
                compositor.paste(canvases.get(v), window.region(), out.decoded().get(v), repaint.get(k), known,
                        writable);
                results.set(v, results.get(v).with(k, base.rerolled(out.tokens().get(v))));
            }
            pending.remove(repaint.get(k));
        }
        return new Outcome(canvases, plan, Map.of(), results);
    }
}
