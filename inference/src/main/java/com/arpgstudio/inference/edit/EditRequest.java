package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;

/**
 * What a user asks for, in pixels. Which fields matter depends on the operation: {@code mask} for
 * inpainting, {@code margins} for outpainting, {@code image} for all but generation.
 *
 * @param operation the edit
 * @param image     the input image (null for {@link Operation#GENERATE})
 * @param mask      painted pixels to replace (inpainting only; same size as the image)
 * @param margins   pixels to add on each side (outpainting only)
 * @param settings  sampling settings, with the class
 * @param options   the other knobs (feather, scale limit, expansion anchors...)
 * @param plan      windows to use instead of planning them (a replay), or null
 */
public record EditRequest(Operation operation, ArgbImage image, PixelMask mask, Margins margins,
                          SamplingSettings settings, EditOptions options, WindowPlan plan) {

    public static EditRequest inpaint(ArgbImage image, PixelMask mask, SamplingSettings settings) {
        return new EditRequest(Operation.INPAINT, image, mask, null, settings, EditOptions.defaults(), null);
    }

    public static EditRequest outpaint(ArgbImage image, Margins margins, SamplingSettings settings) {
        return new EditRequest(Operation.OUTPAINT, image, null, margins, settings, EditOptions.defaults(), null);
    }

    public static EditRequest expand(ArgbImage image, SamplingSettings settings) {
        return new EditRequest(Operation.EXPAND, image, null, null, settings, EditOptions.defaults(), null);
    }

    public static EditRequest generate(SamplingSettings settings) {
        return new EditRequest(Operation.GENERATE, null, null, null, settings, EditOptions.defaults(), null);
    }

    public EditRequest withOptions(EditOptions newOptions) {
        return new EditRequest(operation, image, mask, margins, settings, newOptions, plan);
    }

    public EditRequest withPlan(WindowPlan newPlan) {
        return new EditRequest(operation, image, mask, margins, settings, options, newPlan);
    }
}
