package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WavePastesTest {

    @Test
    void aReachGoesOneLevelAfterTheLatestEarlierReachItMeets() {
        List<Rect> reaches = List.of(
                new Rect(0, 0, 10, 10),     // 0
                new Rect(20, 0, 10, 10),    // 0
                new Rect(5, 5, 10, 10),     // meets the first: 1
                new Rect(25, 5, 10, 10),    // meets the second: 1
                new Rect(12, 12, 10, 10),   // meets the third: 2
                new Rect(100, 100, 5, 5),   // meets none: 0
                new Rect(0, 0, 0, 0),       // empty: 0
                new Rect(10, 0, 10, 6));    // touches the first and the second, meets the third: 2
        assertEquals(List.of(List.of(0, 1, 5, 6), List.of(2, 3), List.of(4, 7)), WavePastes.levels(reaches));
    }

    /**
     * A grid of tiles pasted as MaskedFill pastes a wave, every tile cross-fading over a band into the tiles
     * pasted before it: the same pixels as pasting them one after the other in plan order, for each variant.
     */
    @Test
    void aWaveComesOutAsItsPastesOneAfterTheOtherInPlanOrder() {
        int width = 200;
        int height = 150;
        ArgbImage picture = FakeModels.picture(width, height);
        Rect photo = new Rect(0, 0, 40, height);
        PixelMask mask = PixelMask.ofRect(width, height, new Rect(40, 0, width - 40, height));
        int band = 6;
        Compositor compositor = new Compositor(4, 5, band);
        Random random = new Random(7);
        PixelMask pending = mask.copy();
        List<WavePastes.Paste> pastes = new ArrayList<>();
        // a checkerboard's black tiles, then its white ones, as the detail's wave is ordered
        for (int parity = 0; parity < 2; parity++) {
            for (int row = 0; row < 5; row++) {
                for (int column = 0; column < 5; column++) {
                    if ((row + column) % 2 != parity) {
                        continue;
                    }
                    Rect target = new Rect(40 + 32 * column, 30 * row, 32, 30);
                    Rect region = new Rect(target.x() - 12, target.y() - 12, 56, 54);
                    PixelMask replace = pending.within(target).and(mask);
                    Rect around = target.grow(band, region);
                    PixelMask regenerated = mask.minus(pending).within(around);
                    List<ArgbImage> decoded = List.of(noise(region, random), noise(region, random));
                    pastes.add(new WavePastes.Paste(compositor, region, decoded, replace, pending.inverted(), mask,
                            regenerated, photo));
                    pending.fill(target, false);
                }
            }
        }
        List<ArgbImage> sequential = List.of(picture.copy(), picture.copy());
        for (WavePastes.Paste p : pastes) {
            for (int v = 0; v < 2; v++) {
                p.compositor().paste(sequential.get(v), p.region(), p.decoded().get(v), p.replace(), p.reference(),
                        p.writable(), p.regenerated(), p.photo());
            }
        }
        List<ArgbImage> waved = List.of(picture.copy(), picture.copy());
        WavePastes.run(waved, pastes);

        List<Rect> reaches = pastes.stream().map(p -> compositor.reach(picture.bounds(), p.region(), p.replace()))
                .toList();
        assertTrue(WavePastes.levels(reaches).stream().anyMatch(level -> level.size() > 1),
                "some pastes run at once: " + WavePastes.levels(reaches));
        assertTrue(WavePastes.levels(reaches).size() > 1, "some wait: " + WavePastes.levels(reaches));
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(sequential.get(v).pixels(), waved.get(v).pixels(), "variant " + v);
            assertTrue(!waved.get(v).samePixels(picture), "the pastes wrote");
        }
    }

    private static ArgbImage noise(Rect region, Random random) {
        int[] pixels = new int[region.width() * region.height()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xff000000 | random.nextInt(1 << 24);
        }
        return new ArgbImage(region.width(), region.height(), pixels);
    }
}
