package com.arpgstudio.inference.edit;

/**
 * What a user asks for, in pixels. Which fields matter depends on the operation: {@code mask} for
 * inpainting, {@code margins} for outpainting, {@code image} for all but generation.
 *
 * @param operation the edit
 * @param image     the input image (null for {@link Operation#GENERATE})
 * @param mask      painted pixels to replace (inpainting only; same size as the image)
 * @param margins   pixels to add on each side (outpainting only)
 * @param classId   ImageNet class id, or null for the null class ("none")
 * @param settings  sampling settings
 * @param options   the other knobs (feather, scale limit, expansion anchors...)
 * @param plan      windows to use instead of planning them (a replay), or null
 */
public record EditRequest(Operation operation, ArgbImage image, PixelMask mask, Margins margins, Integer classId,
                          EditSettings settings, EditOptions options, WindowPlan plan) {

    public static EditRequest inpaint(ArgbImage image, PixelMask mask, Integer classId, EditSettings settings) {
        return new EditRequest(Operation.INPAINT, image, mask, null, classId, settings, EditOptions.defaults(), null);
    }

    public static EditRequest outpaint(ArgbImage image, Margins margins, Integer classId, EditSettings settings) {
        return new EditRequest(Operation.OUTPAINT, image, null, margins, classId, settings, EditOptions.defaults(),
                null);
    }

    public static EditRequest expand(ArgbImage image, Integer classId, EditSettings settings) {
        return new EditRequest(Operation.EXPAND, image, null, null, classId, settings, EditOptions.defaults(), null);
    }

    public static EditRequest generate(Integer classId, EditSettings settings) {
        return new EditRequest(Operation.GENERATE, null, null, null, classId, settings, EditOptions.defaults(), null);
    }

    public EditRequest withOptions(EditOptions newOptions) {
        return new EditRequest(operation, image, mask, margins, classId, settings, newOptions, plan);
    }

    public EditRequest withPlan(WindowPlan newPlan) {
        return new EditRequest(operation, image, mask, margins, classId, settings, options, newPlan);
    }
}
