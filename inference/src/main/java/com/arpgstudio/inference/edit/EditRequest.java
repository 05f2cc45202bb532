package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;

/**
 * What a user asks for, in pixels. Which fields matter depends on the operation: {@code mask} for
 * inpainting and re-rolls, {@code margins} for outpainting, {@code reroll} for re-rolls,
 * {@code image} for all but generation.
 *
 * @param operation the edit
 * @param image     the input image (null for {@link Operation#GENERATE})
 * @param mask      painted pixels to replace (inpainting, re-rolls; same size as the image)
 * @param margins   pixels to add on each side (outpainting only)
 * @param settings  sampling settings, with the class
 * @param options   the other knobs (feather, scale limit, expansion anchors...)
 * @param plan      windows to use instead of planning them (a replay), or null
 * @param reroll    re-rolls only: the fill's tokens and which of them to generate again
 */
public record EditRequest(Operation operation, ArgbImage image, PixelMask mask, Margins margins,
                          SamplingSettings settings, EditOptions options, WindowPlan plan, RerollSource reroll) {

    public static EditRequest inpaint(ArgbImage image, PixelMask mask, SamplingSettings settings) {
        return new EditRequest(Operation.INPAINT, image, mask, null, settings, EditOptions.defaults(), null, null);
    }

    public static EditRequest outpaint(ArgbImage image, Margins margins, SamplingSettings settings) {
        return new EditRequest(Operation.OUTPAINT, image, null, margins, settings, EditOptions.defaults(), null, null);
    }

    public static EditRequest expand(ArgbImage image, SamplingSettings settings) {
        return new EditRequest(Operation.EXPAND, image, null, null, settings, EditOptions.defaults(), null, null);
    }

    public static EditRequest generate(SamplingSettings settings) {
        return new EditRequest(Operation.GENERATE, null, null, null, settings, EditOptions.defaults(), null, null);
    }

    /**
     * Generates the {@code selection} of {@code fill}'s tokens again on {@code canvas} (the result
     * those tokens decode to); only the pixels of {@code paint}, plus the feather, change.
     */
    public static EditRequest reroll(ArgbImage canvas, FillTokens fill, TokenSelection selection, PixelMask paint,
                                     SamplingSettings settings) {
        return new EditRequest(Operation.REROLL, canvas, paint, null, settings, EditOptions.defaults(), null,
                new RerollSource(fill, selection));
    }

    public EditRequest withOptions(EditOptions newOptions) {
        return new EditRequest(operation, image, mask, margins, settings, newOptions, plan, reroll);
    }

    public EditRequest withPlan(WindowPlan newPlan) {
        return new EditRequest(operation, image, mask, margins, settings, options, newPlan, reroll);
    }
}
