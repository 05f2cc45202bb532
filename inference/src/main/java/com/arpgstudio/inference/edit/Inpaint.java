package com.arpgstudio.inference.edit;

import java.util.List;
import java.util.Map;

/**
 * Replaces the painted pixels of a mask. The planner picks windows at the model's native size
 * around the mask (shrinking or tiling large masks); in each, the tokens whose cells touch the
 * slightly dilated mask are generated from the class and the surrounding known tokens, and only
 * the masked pixels (plus a feathered rim) are pasted back, colour-matched to their surroundings.
 * A fill generated shrunk gets detail passes at the photo's own scale when the options ask for them
 * ({@link DetailPasses}).
 */
final class Inpaint {

    private Inpaint() {}

    static Outcome run(EditContext context, EditRequest request) {
        ArgbImage image = require(request.image(), "an image");
        PixelMask mask = require(request.mask(), "a mask");
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new EditException(EditException.Reason.MASK_SIZE_MISMATCH, "mask size: expected "
                    + image.width() + "x" + image.height() + " like the image, found " + mask.width() + "x"
                    + mask.height());
        }
        if (mask.isEmpty()) {
            throw new EditException(EditException.Reason.EMPTY_MASK, "the mask paints no pixel: nothing to inpaint");
        }
        List<WindowPlan> passes = request.plan() != null
                ? DetailPasses.split(context, context.planner().checkReplayed(request.plan(), image.width(), image.height()))
                : DetailPasses.plan(context, mask, context.planner().planInpaint(mask));
        WindowPlan plan = DetailPasses.combined(context, passes);
        context.listener().onPlan(plan);
        if (passes.size() > 1) {
            return DetailPasses.run(context, image, mask, passes, plan); // measures its own window edges
        }
        Outcome outcome = MaskedFill.run(context, image, mask, null, null, plan);
        double tileEdge = plan.windows().size() > 1
                ? ImageMetrics.worstWindowEdge(outcome.images().get(0), mask, plan) : 0;
        return tileEdge > 0 ? outcome.withMeasurements(Map.of("seam_tile_edge", tileEdge)) : outcome;
    }

    static <T> T require(T value, String what) {
        if (value == null) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS, "expected " + what + ", found none");
        }
        return value;
    }
}
