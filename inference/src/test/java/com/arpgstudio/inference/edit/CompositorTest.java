package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompositorTest {

    /** The canvas with a smooth colour shift (what a VQ round trip does): +20 red at the left to -20 at the right. */
    private static ArgbImage tinted(ArgbImage image) {
        int[] px = image.pixels().clone();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = px[y * image.width() + x];
                int shift = 20 - 40 * x / (image.width() - 1);
                int r = Math.max(0, Math.min(255, ((p >> 16) & 0xff) + shift));
                px[y * image.width() + x] = (p & 0xff00ffff) | r << 16;
            }
        }
        return new ArgbImage(image.width(), image.height(), px);
    }

    @Test
    void aSmoothTintOfTheGeneratedPixelsIsRemovedAndNothingOutsideTheBandChanges() {
        ArgbImage canvas = FakeModels.picture(128, 96);
        ArgbImage original = canvas.copy();
        PixelMask hole = PixelMask.ofRect(128, 96, new Rect(40, 30, 40, 30));
        Rect written = new Compositor(6, 12).paste(canvas, canvas.bounds(), tinted(original), hole,
                hole.inverted(), null);
        int worst = 0;
        for (int y = 30; y < 60; y++) {
            for (int x = 40; x < 80; x++) {
                int diff = Math.abs(((canvas.get(x, y) >> 16) & 0xff) - ((original.get(x, y) >> 16) & 0xff));
                worst = Math.max(worst, diff);
            }
        }
        assertTrue(worst <= 3, "the tint left in the hole: " + worst + " levels of red (it was up to 20)");
        EditMechanicsTest.assertOnlyBandChanged(original, canvas, hole, 6);
        assertTrue(new Rect(34, 24, 52, 42).contains(written), "written " + written);
    }

    @Test
    void writableMaskProtectsPixels() {
        ArgbImage canvas = FakeModels.picture(64, 64);
        ArgbImage original = canvas.copy();
        PixelMask hole = PixelMask.ofRect(64, 64, new Rect(32, 0, 32, 64));
        ArgbImage black = ArgbImage.blank(64, 64);
        new Compositor(8, 8).paste(canvas, canvas.bounds(), black, hole, null, hole);
        assertTrue(canvas.crop(new Rect(0, 0, 32, 64)).samePixels(original.crop(new Rect(0, 0, 32, 64))));
        assertEquals(0xff000000, canvas.get(40, 10), "masked pixels replaced, alpha kept");
    }
}
