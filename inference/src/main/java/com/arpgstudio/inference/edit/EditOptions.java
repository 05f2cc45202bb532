package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.runtime.DetailPass;

/**
 * The knobs of an edit besides sampling, recorded with it so a replay does exactly the same.
 *
 * @param dilationPixels   model pixels the mask grows by before choosing unknown tokens
 * @param featherPixels    model pixels of the soft edge of the paste (scaled with the window):
 *                         {@link #DEFAULT_FEATHER_PIXELS} unless set, within
 *                         {@link #MIN_FEATHER_PIXELS}..{@link #MAX_FEATHER_PIXELS}
 * @param colourRingPixels model pixels of known context around the mask used for the colour match
 * @param maxScale         how far a large masked region may be shrunk before it is tiled
 * @param contextTokens    tokens of known context wanted around the mask in a window
 * @param anchorStride     expansion and detail passes: one token in {@code stride x stride} of the
 *                         upscaled image (of a detail window) is kept as an anchor (2 = a quarter of
 *                         the tokens)
 * @param backProjections  expansion: rounds of back-projection that make the result, shrunk
 *                         back, match the input
 * @param maxCanvasPixels  largest canvas (input or result) accepted
 * @param blendBandPixels  model pixels of the band along a window's target where it generates the
 *                         earlier windows' pixels again and cross-fades into them (0, as in records
 *                         from before it existed: no band, and an outpaint does not fade in from the
 *                         photo's mirrored edge)
 * @param detailPass       whether a fill generated shrunk gets detail passes at the photo's own
 *                         scale after its coarse layout ({@link DetailPass#DEFAULT} unless set; off in
 *                         records from before it existed)
 * @param seamHealPixels   model pixels on each side of a line where two windows of a fill meet that a
 *                         heal window generates again once both sides are done ({@link SeamHeal}; 0, as
 *                         in records from before it existed: no heal)
 * @param detailPlanner    which version of the detail passes draws a fill's detail ({@link DetailPasses#PLANNER}
 *                         for an edit made now; 0 in records from before it was recorded): a replay of a
 *                         record whose detail passes another version drew is refused, since it would not
 *                         give the recorded pixels
 */
public record EditOptions(int dilationPixels, int featherPixels, int colourRingPixels, double maxScale,
                          int contextTokens, int anchorStride, int backProjections, long maxCanvasPixels,
                          int blendBandPixels, DetailPass detailPass, int seamHealPixels, int detailPlanner) {

    public EditOptions {
        detailPass = detailPass == null ? DetailPass.OFF : detailPass; // a record from before detail passes
    }

    /** The feather's default and limits, for the command line and the editor alike. */
    public static final int DEFAULT_FEATHER_PIXELS = 8;
    public static final int MIN_FEATHER_PIXELS = 0;
    public static final int MAX_FEATHER_PIXELS = 64;

    public static EditOptions defaults() {
        return new EditOptions(2, DEFAULT_FEATHER_PIXELS, 16, 4.0, 2, 2, 3, 64L * 1024 * 1024, 16, DetailPass.DEFAULT, 12,
                DetailPasses.PLANNER);
    }

    public EditOptions validate() {
        check(dilationPixels >= 0 && dilationPixels <= 64, "dilation", "0..64", dilationPixels);
        check(featherPixels >= MIN_FEATHER_PIXELS && featherPixels <= MAX_FEATHER_PIXELS, "feather",
                MIN_FEATHER_PIXELS + ".." + MAX_FEATHER_PIXELS, featherPixels);
        check(colourRingPixels >= 1 && colourRingPixels <= 128, "colour ring", "1..128", colourRingPixels);
        check(maxScale >= 1 && maxScale <= 16, "max scale", "1..16", maxScale);
        check(contextTokens >= 0 && contextTokens <= 4, "context tokens", "0..4", contextTokens);
        check(anchorStride >= 1 && anchorStride <= 8, "anchor stride", "1..8", anchorStride);
        check(backProjections >= 0 && backProjections <= 10, "back-projections", "0..10", backProjections);
        check(maxCanvasPixels > 0, "max canvas pixels", "> 0", maxCanvasPixels);
        check(blendBandPixels >= 0 && blendBandPixels <= 64, "blend band", "0..64", blendBandPixels);
        check(seamHealPixels >= 0 && seamHealPixels <= 32, "seam heal", "0..32", seamHealPixels);
        check(detailPlanner >= 0, "detail planner", ">= 0", detailPlanner);
        return this;
    }

    public EditOptions withMaxCanvasPixels(long pixels) {
        return new EditOptions(dilationPixels, featherPixels, colourRingPixels, maxScale, contextTokens, anchorStride,
                backProjections, pixels, blendBandPixels, detailPass, seamHealPixels, detailPlanner);
    }

    public EditOptions withFeatherPixels(int pixels) {
        return new EditOptions(dilationPixels, pixels, colourRingPixels, maxScale, contextTokens, anchorStride,
                backProjections, maxCanvasPixels, blendBandPixels, detailPass, seamHealPixels, detailPlanner);
    }

    public EditOptions withMaxScale(double scale) {
        return new EditOptions(dilationPixels, featherPixels, colourRingPixels, scale, contextTokens, anchorStride,
                backProjections, maxCanvasPixels, blendBandPixels, detailPass, seamHealPixels, detailPlanner);
    }

    public EditOptions withBlendBandPixels(int pixels) {
        return new EditOptions(dilationPixels, featherPixels, colourRingPixels, maxScale, contextTokens, anchorStride,
                backProjections, maxCanvasPixels, pixels, detailPass, seamHealPixels, detailPlanner);
    }

    public EditOptions withSeamHealPixels(int pixels) {
        return new EditOptions(dilationPixels, featherPixels, colourRingPixels, maxScale, contextTokens, anchorStride,
                backProjections, maxCanvasPixels, blendBandPixels, detailPass, pixels, detailPlanner);
    }

    public EditOptions withDetailPass(DetailPass pass) {
        return new EditOptions(dilationPixels, featherPixels, colourRingPixels, maxScale, contextTokens, anchorStride,
                backProjections, maxCanvasPixels, blendBandPixels, pass, seamHealPixels, detailPlanner);
    }

    /** The planner configuration for a model grid and patch size. */
    public WindowPlanner.Config plannerConfig(int gridColumns, int gridRows, int patch) {
        return new WindowPlanner.Config(gridColumns, gridRows, patch, maxScale, contextTokens, dilationPixels,
                featherPixels, blendBandPixels, maxCanvasPixels);
    }

    private static void check(boolean ok, String name, String expected, Object found) {
        if (!ok) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS,
                    name + ": expected " + expected + ", found " + found);
        }
    }
}
