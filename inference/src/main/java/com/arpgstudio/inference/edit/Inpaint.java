package com.arpgstudio.inference.edit;

import java.util.Map;

/**
 * Replaces the painted pixels of a mask. The planner picks windows at the model's native size
 * around the mask (shrinking or tiling large masks); in each, the tokens whose cells touch the
 * slightly dilated mask are generated from the class and the surrounding known tokens, and only
 * the masked pixels (plus a feathered rim) are pasted back, colour-matched to their surroundings.
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
        WindowPlan plan = request.plan() != null
                ? context.planner().checkReplayed(request.plan(), image.width(), image.height())
                : context.planner().planInpaint(mask);
        context.listener().onPlan(plan);
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
