package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void arccosEmitsFewTokensFirstAndTheRestAtTheEnd() {
        // mask_len after step 0 of 8: int(256 * arccos(1/8) / (pi/2)) = 235, so 21 tokens first
        int[] counts = Schedule.ARCCOS.tokensPerStep(256, 8);
        assertEquals(8, counts.length);
        assertEquals(21, counts[0]);
        assertEquals(256, Arrays.stream(counts).sum());
        for (int i = 1; i < counts.length; i++) {
            assertTrue(counts[i] >= counts[i - 1], Arrays.toString(counts));
        }
    }

    @Test
    void cosineStartsWithItsOwnRatio() {
        // int(256 * cos(pi/2 * 1/4)) = 236, so 20 tokens first
        assertEquals(20, Schedule.COSINE.tokensPerStep(256, 4)[0]);
        assertEquals(256, Arrays.stream(Schedule.COSINE.tokensPerStep(256, 4)).sum());
    }

    @Test
    void everyStepEmitsAtLeastOneTokenEvenWithMoreStepsThanTokens() {
        for (Schedule schedule : Schedule.values()) {
            for (int total = 1; total <= 40; total++) {
                for (int steps = 1; steps <= 70; steps++) {
                    int[] counts = schedule.tokensPerStep(total, steps);
                    assertEquals(total, Arrays.stream(counts).sum(), schedule + " " + total + "/" + steps);
                    assertTrue(Arrays.stream(counts).allMatch(c -> c > 0), Arrays.toString(counts));
                    assertTrue(counts.length <= Math.min(total, steps), Arrays.toString(counts));
                }
            }
        }
        assertArrayEquals(new int[] {1}, Schedule.ARCCOS.tokensPerStep(1, 64));
    }

    @Test
    void linearGuidanceGrowsWithTheKnownFraction() {
        assertEquals(4.0, Guidance.CONSTANT.scale(4.0, 3, 256));
        assertEquals(1.0 + 3.0 * 64 / 256, Guidance.LINEAR.scale(4.0, 64, 256), 1e-12);
        assertEquals(4.0, Guidance.LINEAR.scale(4.0, 256, 256), 1e-12);
    }
}
