package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
