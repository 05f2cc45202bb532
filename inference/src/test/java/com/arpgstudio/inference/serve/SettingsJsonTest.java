package com.arpgstudio.inference.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {

    /** A model that recommends other settings than the defaults, as the embedded one does. */
    private static final SamplingSettings RECOMMENDED = SamplingSettings.DEFAULTS.withSteps(32)
            .withGuidance(1.5, Guidance.CONSTANT).withSampling(1.2, 0, 1.0);

    @Test
    void keysLeftOutTakeTheModelsRecommendedValuesAsOnTheCommandLine() {
        SamplingSettings parsed = SettingsJson.parse("{\"seed\": 7, \"classId\": 3, \"sampleSchedule\": \"COSINE\"}",
                RECOMMENDED);
        assertEquals(RECOMMENDED.withSeed(7).withClassId(3).withSampleSchedule(Schedule.COSINE), parsed);
        assertEquals(RECOMMENDED.withSeed(9), SettingsJson.parse("{\"seed\": 9}", RECOMMENDED));
        assertNull(SettingsJson.parse("{\"classId\": \"none\", \"seed\": 1}", RECOMMENDED).classId());
    }

    @Test
    void withoutASeedOneIsDrawnAndTheRestIsRecommended() {
        SamplingSettings drawn = SettingsJson.defaults(RECOMMENDED);
        assertEquals(RECOMMENDED.withSeed(drawn.seed()), drawn);
        assertTrue(drawn.seed() >= 0 && drawn.seed() <= SamplingSettings.MAX_RANDOM_SEED, "seed " + drawn.seed());
    }

    @Test
    void aBadValueIsA400NamingItsKey() {
        ApiException e = assertThrows(ApiException.class, () -> SettingsJson.parse("{\"topK\": 1.5}", RECOMMENDED));
        assertTrue(e.getMessage().contains("'topK' = 1.5 is not usable (expected an integer)"), e.getMessage());
    }
}
