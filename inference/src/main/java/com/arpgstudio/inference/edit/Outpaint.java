package com.arpgstudio.inference.edit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extends the canvas by the given margins and fills the new area: in one window when it fits with
 * its context, else first its layout shrunk, then its detail at native resolution in windows of
 * half a window of new pixels, all run as one wave over the layout ({@link WindowPlanner#planOutpaint});
 * a record of such an outpaint replays only if this version of the detail drew it
 * ({@link DetailPasses#PLANNER}).
 * The new area starts as the original's edge pixels repeated (what the encoder sees of
 * not-yet-generated parts), and the paste may not touch the original: its pixels come out
 * bit-identical.
 */
final class Outpaint {

    /** The extended canvas may hold at most this many times the original's pixels. */
    static final int MAX_AREA_FACTOR = 4;

    private Outpaint() {}

    static Outcome run(EditContext context, EditRequest request) {
        ArgbImage image = Inpaint.require(request.image(), "an image");
        Margins m = Inpaint.require(request.margins(), "margins");
        if (m.isEmpty()) {
            throw new EditException(EditException.Reason.EMPTY_MASK, "nothing to outpaint: every margin is 0");
        }
        long width = (long) image.width() + m.left() + m.right();
        long height = (long) image.height() + m.top() + m.bottom();
        if (width * height > MAX_AREA_FACTOR * (long) image.width() * image.height()) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS, String.format(java.util.Locale.ROOT,
                    "outpaint margins: expected a canvas of at most %dx the image's area (%d pixels), found %dx%d",
                    MAX_AREA_FACTOR, MAX_AREA_FACTOR * (long) image.width() * image.height(), width, height));
        }
        context.planner().checkCanvas(width, height, "the extended canvas");
        ArgbImage canvas = image.crop(new Rect(-m.left(), -m.top(), (int) width, (int) height));
        PixelMask newArea = PixelMask.ofRect((int) width, (int) height, Rect.ofSize((int) width, (int) height));
        Rect original = new Rect(m.left(), m.top(), image.width(), image.height());
        newArea.fill(original, false);
        WindowPlan plan = request.plan() != null
                ? context.planner().checkReplayed(request.plan(), (int) width, (int) height)
                : context.planner().planOutpaint(newArea, context.options().anchorStride());
        context.listener().onPlan(plan);
        List<WindowPlan> passes = WindowPlanner.outpaintPasses(plan);
        if (request.plan() != null && passes.size() > 1) {
            DetailPasses.requireSameDetail(context, DetailPasses.SAME_OUTPAINT_DETAIL_SINCE);
        }
        Outcome outcome = MaskedFill.run(context, canvas, newArea, newArea, original, passes);
        return outcome.withMeasurements(seams(outcome.images().get(0), original, newArea, passes.get(passes.size() - 1)));
    }

    /**
     * The seam measures of a result ({@link ImageMetrics#columnSeam}): {@code seam_boundary}, the
     * worst of the lines where the photo ends, and {@code seam_window_edge}, the worst edge between
     * two windows' targets inside the new area (absent with one window).
     */
    static Map<String, Double> seams(ArgbImage result, Rect original, PixelMask newArea, WindowPlan plan) {
        Map<String, Double> seams = new LinkedHashMap<>();
        double boundary = 0;
        if (original.x() > 0) {
            boundary = Math.max(boundary, ImageMetrics.columnSeam(result, original.x(), original.y(), original.bottom()));
        }
        if (original.right() < result.width()) {
            boundary = Math.max(boundary, ImageMetrics.columnSeam(result, original.right(), original.y(),
                    original.bottom()));
        }
        if (original.y() > 0) {
            boundary = Math.max(boundary, ImageMetrics.rowSeam(result, original.y(), original.x(), original.right()));
        }
        if (original.bottom() < result.height()) {
            boundary = Math.max(boundary, ImageMetrics.rowSeam(result, original.bottom(), original.x(),
                    original.right()));
        }
        seams.put("seam_boundary", boundary);
        double edge = ImageMetrics.worstWindowEdge(result, newArea, plan);
        if (edge > 0) {
            seams.put("seam_window_edge", edge);
        }
        return seams;
    }

}
