package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sharpness ratio; the seam measure is tested with the seam smoother ({@code SeamSmootherTest}). */
class ImageMetricsTest {

    private static final Rect HOLE = new Rect(60, 50, 80, 60);

    @Test
    void aTextureAsDetailedAsItsSurroundingsScoresAboutOne() {
        ArgbImage noise = noise(200, 160, 1);
        double ratio = ImageMetrics.sharpnessRatio(noise, PixelMask.ofRect(200, 160, HOLE));
        assertEquals(1.0, ratio, 0.05);
    }

    @Test
    void aFillScaledUpScoresAboutOneOverItsShrink() {
        ArgbImage image = noise(200, 160, 2);
        for (int shrink : new int[] {2, 4}) {
            ArgbImage soft = Resampler.resize(Resampler.resize(image.crop(HOLE), HOLE.width() / shrink,
                    HOLE.height() / shrink), HOLE.width(), HOLE.height());
            ArgbImage filled = image.copy();
            filled.paste(soft, HOLE.x(), HOLE.y());
            double ratio = ImageMetrics.sharpnessRatio(filled, PixelMask.ofRect(200, 160, HOLE));
            assertTrue(ratio < 1.0 / shrink, shrink + "x: " + ratio);
            assertTrue(ratio > 0.02, shrink + "x: " + ratio);
        }
    }

    @Test
    void onlyTheRingEightToFortyPixelsAwayCounts() {
        ArgbImage image = noise(300, 260, 3);
        PixelMask mask = PixelMask.ofRect(300, 260, new Rect(130, 110, 40, 40));
        double before = ImageMetrics.sharpnessRatio(image, mask);
        // flat pixels 2-5 px from the mask (in the feather band) and beyond 42 px change nothing
        ArgbImage changed = image.copy();
        for (int y = 0; y < 260; y++) {
            for (int x = 0; x < 300; x++) {
                double dx = Math.max(0, Math.max(130 - x, x - 169));
                double dy = Math.max(0, Math.max(110 - y, y - 149));
                double d = Math.hypot(dx, dy);
                if (d >= 2 && d < 6 || d > 42) {
                    changed.pixels()[y * 300 + x] = 0xff808080;
                }
            }
        }
        assertEquals(before, ImageMetrics.sharpnessRatio(changed, mask), 1e-9);
    }

    @Test
    void aFlatSurroundingGivesNoRatio() {
        ArgbImage flat = new ArgbImage(100, 100, new int[100 * 100]);
        assertTrue(Double.isNaN(ImageMetrics.sharpnessRatio(flat, PixelMask.ofRect(100, 100, new Rect(40, 40, 20, 20)))));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.sharpnessRatio(flat,
                PixelMask.ofRect(90, 100, new Rect(40, 40, 20, 20))));
    }

    private static ArgbImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xff000000 | random.nextInt(1 << 24);
        }
        return new ArgbImage(width, height, pixels);
    }
}
