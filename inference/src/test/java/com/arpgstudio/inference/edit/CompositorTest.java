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

    @Test
    void anOutpaintedAreaStartsAsThePhotosMirrorImageAndIsTheFillsOwnAFeatherAway() {
        ArgbImage canvas = FakeModels.picture(64, 32);
        Rect photo = new Rect(0, 0, 32, 32);
        ArgbImage original = canvas.copy();
        PixelMask newArea = PixelMask.ofRect(64, 32, new Rect(32, 0, 32, 32));
        ArgbImage fill = ArgbImage.blank(64, 32);
        java.util.Arrays.fill(fill.pixels(), 0xff406080);
        new Compositor(8, 8, 8).paste(canvas, canvas.bounds(), fill, newArea, null, newArea, null, photo);
        assertTrue(canvas.crop(photo).samePixels(original.crop(photo)), "the photo's pixels changed");
        for (int y = 0; y < 32; y++) {
            // the first new column is the photo's column beside its edge one: the edge is not doubled
            assertEquals(original.get(30, y), canvas.get(32, y), "the first new pixel of row " + y);
            assertEquals(0xff406080, canvas.get(41, y), "a feather away, the fill's own pixel in row " + y);
        }
        int halfway = canvas.get(36, 16);
        int mirror = original.get(26, 16);
        for (int shift = 0; shift <= 16; shift += 8) {
            int c = (halfway >> shift) & 0xff;
            int a = (mirror >> shift) & 0xff;
            int b = (0x406080 >> shift) & 0xff;
            assertTrue(c >= Math.min(a, b) && c <= Math.max(a, b) && c != a, "between the mirror and the fill: " + c);
        }
        ArgbImage noBand = original.copy();
        new Compositor(8, 8, 0).paste(noBand, noBand.bounds(), fill, newArea, null, newArea, null, photo);
        assertEquals(0xff406080, noBand.get(32, 16), "without a band (records from before it) the fill is pasted as it is");
    }

    /** Euclidean distance from (x, y) to the nearest painted pixel of {@code mask}, looked up pixel by pixel. */
    private static double nearest(PixelMask mask, int x, int y) {
        double best = Double.MAX_VALUE;
        for (int v = 0; v < mask.height(); v++) {
            for (int u = 0; u < mask.width(); u++) {
                if (mask.get(u, v)) {
                    best = Math.min(best, Math.hypot(u - x, v - y));
                }
            }
        }
        return best;
    }

    @Test
    void eachFeatherWidthWritesItsBandAndNothingBeyond() {
        ArgbImage original = FakeModels.picture(72, 56);
        PixelMask hole = PixelMask.ofRect(72, 56, new Rect(30, 22, 12, 10));
        ArgbImage black = new ArgbImage(72, 56, new int[72 * 56]);
        java.util.Arrays.fill(black.pixels(), 0xff000000);
        for (int feather : new int[] {0, 3, 8, 20}) {
            ArgbImage canvas = original.copy();
            new Compositor(feather, 4).paste(canvas, canvas.bounds(), black, hole, null, null);
            for (int y = 0; y < 56; y++) {
                for (int x = 0; x < 72; x++) {
                    double d = nearest(hole, x, y);
                    String at = "feather " + feather + " at (" + x + ", " + y + "), " + d + " from the mask";
                    if (d == 0) {
                        assertEquals(0xff000000, canvas.get(x, y), at);
                    } else if (d >= feather) {
                        assertEquals(original.get(x, y), canvas.get(x, y), "never written: " + at);
                    } else if (d <= feather / 2.0) {
                        assertTrue(canvas.get(x, y) != original.get(x, y), "blended: " + at);
                    }
                }
            }
        }
    }

    @Test
    void aSoftMaskBlendsByItsCoverageAndTheFeatherRunsFromItsFullyCoveredPixels() {
        ArgbImage original = FakeModels.picture(64, 48);
        int grey = 0xff204060;
        ArgbImage generated = new ArgbImage(64, 48, new int[64 * 48]);
        java.util.Arrays.fill(generated.pixels(), grey);
        PixelMask mask = PixelMask.ofRect(64, 48, new Rect(10, 20, 10, 8));
        for (int y = 5; y < 40; y++) {
            mask.setCoverage(40, y, 64); // a soft stroke, 20 pixels from the solid part
        }
        mask.setCoverage(12, 18, 30); // soft, 2 pixels from the solid part: the feather's 0.5 is more than 30/255
        ArgbImage canvas = original.copy();
        new Compositor(4, 4).paste(canvas, canvas.bounds(), generated, mask, null, null);
        assertEquals(grey, canvas.get(15, 24), "fully covered: replaced");
        for (int y = 5; y < 40; y++) {
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                double a = 64 / 255.0;
                int expected = (int) Math.round(a * ((grey >> shift) & 0xff) + (1 - a) * ((original.get(40, y) >> shift) & 0xff));
                assertEquals(expected, (canvas.get(40, y) >> shift) & 0xff, "a quarter covered at (40, " + y + ")");
            }
            assertEquals(original.get(41, y), canvas.get(41, y), "no feather around a soft pixel");
            assertEquals(original.get(39, y), canvas.get(39, y), "no feather around a soft pixel");
        }
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            int expected = (int) Math.round(0.5 * ((grey >> shift) & 0xff) + 0.5 * ((original.get(12, 18) >> shift) & 0xff));
            assertEquals(expected, (canvas.get(12, 18) >> shift) & 0xff, "half way through the feather");
        }
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                if (mask.coverage(x, y) == 0 && nearest(mask.solid(), x, y) >= 4) {
                    assertEquals(original.get(x, y), canvas.get(x, y), "never written at (" + x + ", " + y + ")");
                }
            }
        }
    }
}
