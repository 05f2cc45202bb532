package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArgbImageTest {

    private static ArgbImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt();
        }
        return new ArgbImage(width, height, pixels);
    }

    /** The crop pixel by pixel, the edge repeated outside the image. */
    private static int[] naiveCrop(ArgbImage image, Rect region) {
        int[] out = new int[region.width() * region.height()];
        for (int y = 0; y < region.height(); y++) {
            for (int x = 0; x < region.width(); x++) {
                int sx = Math.min(image.width() - 1, Math.max(0, region.x() + x));
                int sy = Math.min(image.height() - 1, Math.max(0, region.y() + y));
                out[y * region.width() + x] = image.get(sx, sy);
            }
        }
        return out;
    }

    @Test
    void cropInsideAndOverhangingMatchesPixelByPixel() {
        ArgbImage image = noise(37, 23, 1);
        for (Rect region : new Rect[] {new Rect(0, 0, 37, 23), new Rect(5, 3, 10, 7), new Rect(30, 20, 7, 3),
                new Rect(-4, -2, 12, 9), new Rect(33, 19, 10, 10)}) {
            assertArrayEquals(naiveCrop(image, region), image.crop(region).pixels(), region.toString());
        }
    }

    @Test
    void differenceBoundsHoldsEveryChangedPixelAndNothingElse() {
        ArgbImage image = noise(40, 30, 2);
        ArgbImage changed = image.copy();
        assertEquals(Rect.EMPTY, image.differenceBounds(changed));
        changed.set(7, 21, ~changed.get(7, 21));
        changed.set(31, 4, ~changed.get(31, 4));
        assertEquals(new Rect(7, 4, 25, 18), image.differenceBounds(changed));
        changed.paste(noise(3, 2, 3), 38, 28); // partly outside: clipped
        assertEquals(new Rect(7, 4, 33, 26), image.differenceBounds(changed));
        assertThrows(IllegalArgumentException.class, () -> image.differenceBounds(noise(40, 31, 4)));
    }
    @Test
    void aPatchOfOneBrightnessLeavesTheImageUnchangedWhateverItsHues() {
        ArgbImage image = noise(12, 10, 5);
        ArgbImage patched = image.copy();
        patched.pasteTexture(new ArgbImage(4, 4, filled(16, 0xff3c8a10)), 3, 2);
        assertArrayEquals(image.pixels(), patched.pixels());
        // red and a green of the same brightness (77 of 255)
        patched.pasteTexture(new ArgbImage(2, 1, new int[] {argb(255, 255, 0, 0), argb(255, 0, 131, 0)}), 5, 5);
        assertArrayEquals(image.pixels(), patched.pixels());
    }

    @Test
    void aPatchAddsItsBrightnessAroundItsMeanToEveryChannelKeepingAlpha() {
        // greys 120, 80, 130 and 70: mean 100, so +20, -20, +30 and -30
        int[] patch = {argb(255, 120, 120, 120), argb(255, 80, 80, 80), argb(255, 130, 130, 130), argb(255, 70, 70, 70)};
        ArgbImage image = new ArgbImage(3, 3, filled(9, argb(128, 10, 128, 250)));
        image.pasteTexture(new ArgbImage(2, 2, patch), 1, 1);
        assertEquals(argb(128, 10, 128, 250), image.get(0, 0), "outside the patch: untouched");
        assertEquals(argb(128, 30, 148, 255), image.get(1, 1));     // blue clamped at 255
        assertEquals(argb(128, 0, 108, 230), image.get(2, 1));      // red clamped at 0
        assertEquals(argb(128, 40, 158, 255), image.get(1, 2));
        assertEquals(argb(128, 0, 98, 220), image.get(2, 2));
    }

    @Test
    void aPatchPartlyOutsideIsClipped() {
        ArgbImage image = new ArgbImage(4, 4, filled(16, argb(255, 100, 100, 100)));
        ArgbImage patch = new ArgbImage(2, 2, new int[] {argb(255, 110, 110, 110), argb(255, 90, 90, 90),
                argb(255, 110, 110, 110), argb(255, 90, 90, 90)});
        image.pasteTexture(patch, 3, -1);
        assertEquals(argb(255, 110, 110, 110), image.get(3, 0));
        assertEquals(argb(255, 100, 100, 100), image.get(3, 1));
        ArgbImage before = image.copy();
        image.pasteTexture(patch, 9, 9); // wholly outside: nothing
        assertArrayEquals(before.pixels(), image.pixels());
    }

    private static int argb(int a, int r, int g, int b) {
        return a << 24 | r << 16 | g << 8 | b;
    }

    private static int[] filled(int n, int argb) {
        int[] pixels = new int[n];
        Arrays.fill(pixels, argb);
        return pixels;
    }
}
