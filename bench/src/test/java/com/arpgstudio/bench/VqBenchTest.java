package com.arpgstudio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VqBenchTest {

    @Test
    void psnrIsTwentyLogOfTheRangeOverTheRootMeanSquareError() {
        int[] grey = new int[64];
        Arrays.fill(grey, 0xFF808080);
        int[] off = new int[64];
        Arrays.fill(off, 0xFF848484); // 4 levels in each of red, green and blue
        assertEquals(20 * Math.log10(255 / 4.0), VqBench.psnr(grey, off), 1e-9);

        int[] oneChannel = grey.clone();
        oneChannel[0] = 0xFF808090; // 16 levels of blue in one pixel: mean square 256 / (3 * 64)
        assertEquals(10 * Math.log10(255.0 * 255.0 * 3 * 64 / 256), VqBench.psnr(grey, oneChannel), 1e-9);
    }

    @Test
    void identicalImagesScoreTheCapOfTrainVqNotInfinity() {
        int[] image = {0xFF102030, 0xFFFFFFFF};
        // train_vq.psnr clamps the mean square error at 1e-3
        assertEquals(10 * Math.log10(255.0 * 255.0 / 1e-3), VqBench.psnr(image, image.clone()), 1e-9);
    }

    @Test
    void alphaIsNotCompared() {
        double cap = 10 * Math.log10(255.0 * 255.0 / 1e-3);
        assertEquals(cap, VqBench.psnr(new int[] {0xFF000000}, new int[] {0x00000000}), 1e-9);
    }

    @Test
    void psnrWithoutATokenizerIsRefusedBeforeAnythingLoads() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> VqBench.main(new String[] {"--psnr", "/nonexistent"}));
        assertTrue(refused.getMessage().contains("--tokenizer"), refused.getMessage());
    }
}
