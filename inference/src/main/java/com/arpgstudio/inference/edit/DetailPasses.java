package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.DetailPass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coarse to fine. A mask larger than the model's window is generated on a shrunk copy of its region
 * and scaled back up: the layout is right, but the fill is as soft as the shrink. Detail passes
 * bring the detail back at the photo's own scale, the way {@link Expand} sharpens a whole image:
 *
 * <ol>
 *   <li>the coarse fill runs as before (scale {@code s});</li>
 *   <li>then {@code n = ceil(log2 s)} passes at scales {@code s^((n-k)/n)}, the last at 1: each at most
 *       {@value #MAX_STEP}x finer than the one before, so the tokens of a pass's grid are never more
 *       than twice as dense as the layout they continue;</li>
 *   <li>a pass covers the mask with windows at its scale ({@link WindowPlanner#planAtScale}); each
 *       encodes the canvas under it (the photo around the mask, the fill so far inside), keeps one
 *       cell in every {@link #ANCHOR_STRIDE} x {@link #ANCHOR_STRIDE} block as an anchor holding the layout and
 *       colours, and generates every other cell touching the mask ({@link #sampling}), which the model
 *       draws with the detail of its native scale; the photo around the mask stays the known context;</li>
 *   <li>the windows are blended, colour-matched and run in waves exactly as a fill's
 *       ({@link MaskedFill#run(EditContext, ArgbImage, PixelMask, PixelMask, Rect, List)}, the same passes
 *       an outpaint's layout-then-detail runs); every pass pastes within its own feather, narrower than the
 *       coarse one, so pixels outside the coarse fill's feather band are never written.</li>
 * </ol>
 *
 * <p>The plan holds every pass's windows in order (the coarse ones first, at the largest scale) and
 * its notes say how many passes and windows; a replay splits the recorded windows by scale again.
 */
final class DetailPasses {

    /** A pass is at most this much finer than the one before it. */
    static final double MAX_STEP = 2.0;

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
        int count = (int) Math.ceil(Math.log(shrink) / Math.log(MAX_STEP) - 1e-9);
        List<WindowPlan> passes = new ArrayList<>(List.of(coarse));
        for (int k = 1; k <= count; k++) {
            double scale = k == count ? 1.0 : Math.pow(shrink, (double) (count - k) / count);
            passes.add(context.planner().planAtScale(mask, scale));
        }
        return passes;
    }

    /**
     * A recorded plan's passes: the leading windows at its largest scale are the coarse fill, the
     * rest runs of windows of one scale each; with the detail pass off, the whole plan is one pass.
     */
    static List<WindowPlan> split(EditContext context, WindowPlan recorded) {
        if (context.options().detailPass() == DetailPass.OFF) {
            return List.of(recorded);
        }
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
                int waves = context.waves(pass, context.planner().config().waveMargin(pass.maxScale()),
                        WindowPlan.Sharing.WRITE_AFTER_READ).size();
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
     * A detail window keeps one cell in every {@code ANCHOR_STRIDE x ANCHOR_STRIDE} block (one in 9) as an
     * anchor. Fewer anchors than Expand's quarter: they are the coarse fill's blur, and measured with
     * {@code DetailBench} on china.jpg one in 9 gives sharper fills with smaller steps between the windows.
     */
    static final int ANCHOR_STRIDE = 3;

    /** A detail pass samples in a quarter of the fill's steps, but at least this many (or the fill's, if fewer). */
    static final int MIN_STEPS = 4;

    /**
     * How the detail passes sample: without guidance, in a quarter of the fill's steps (at least
     * {@value #MIN_STEPS}), at the fill's temperature and top-k. The anchors and the photo around the
     * mask already hold the layout and the colours, so the class's guidance adds nothing but a second
     * row per window, and with the layout known, fewer and larger steps draw as much detail (measured
     * with {@code DetailBench} on china.jpg against the fill's own steps and guidance: as sharp, in
     * about three quarters of the CPU time).
     */
    static SamplingSettings sampling(SamplingSettings fill) {
        return fill.withGuidance(1.0, fill.guidanceSchedule())
                .withSteps(Math.min(fill.steps(), Math.max(MIN_STEPS, fill.steps() / 4)));
    }

    /**
     * Runs the coarse fill and the detail passes over it ({@link #sampling}); one canvas per variant, with the
     * last pass's tokens.
     */
    static Outcome run(EditContext context, ArgbImage image, PixelMask mask, List<WindowPlan> passes, WindowPlan plan) {
        Outcome outcome = MaskedFill.run(context, image, mask, null, null, passes,
                new MaskedFill.OverFill(sampling(context.settings()), ANCHOR_STRIDE));
        return new Outcome(outcome.images(), plan, outcome.measurements(), outcome.tokens());
    }
}
