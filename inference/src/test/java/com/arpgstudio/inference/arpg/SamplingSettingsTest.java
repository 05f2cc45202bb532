package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SamplingSettingsTest {

    private static final SamplingSettings D = SamplingSettings.DEFAULTS;

    @Test
    void theDefaultsAreTheOfficialSamplersForArpgL() {
        // generate(guidance_scale=4.0, schedule='linear', temperature=1.0, top_k=0, top_p=1.0, num_iter=64)
        assertEquals(64, D.steps());
        assertEquals(4.0, D.guidanceScale());
        assertEquals(Guidance.LINEAR, D.guidanceSchedule());
        assertEquals(Schedule.ARCCOS, D.sampleSchedule());
        assertEquals(1.0, D.temperature());
        assertEquals(0, D.topK());
        assertEquals(1.0, D.topP());
        assertNull(D.classId(), "the null class");
        assertEquals(1, D.variants());
    }

    @Test
    void eachLimitIsRefusedWithTheSettingsName() {
        refused("classId", () -> D.withClassId(-1));
        refused("steps", () -> D.withSteps(0));
        refused("steps", () -> D.withSteps(SamplingSettings.MAX_STEPS + 1));
        refused("guidanceScale", () -> D.withGuidance(SamplingSettings.MIN_GUIDANCE - 0.01, Guidance.LINEAR));
        refused("guidanceScale", () -> D.withGuidance(SamplingSettings.MAX_GUIDANCE + 0.01, Guidance.LINEAR));
        refused("guidanceScale", () -> D.withGuidance(Double.NaN, Guidance.LINEAR));
        refused("guidanceSchedule", () -> D.withGuidance(4.0, null));
        refused("temperature", () -> D.withSampling(0, 0, 1));
        refused("temperature", () -> D.withSampling(SamplingSettings.MIN_TEMPERATURE - 0.01, 0, 1));
        refused("temperature", () -> D.withSampling(SamplingSettings.MAX_TEMPERATURE + 0.1, 0, 1));
        refused("topK", () -> D.withSampling(1, -1, 1));
        refused("topK", () -> D.withSampling(1, SamplingSettings.MAX_TOP_K + 1, 1));
        refused("topP", () -> D.withSampling(1, 0, 0));
        refused("topP", () -> D.withSampling(1, 0, SamplingSettings.MIN_TOP_P / 2));
        // the bounds themselves are settings the editor's panel shows as they are
        D.withSampling(SamplingSettings.MIN_TEMPERATURE, SamplingSettings.MAX_TOP_K, SamplingSettings.MIN_TOP_P);
        refused("topP", () -> D.withSampling(1, 0, 1.01));
        refused("variants", () -> D.withVariants(0));
        refused("variants", () -> D.withVariants(SamplingSettings.MAX_VARIANTS + 1));
        refused("sampleSchedule", () -> new SamplingSettings(null, 8, 4, Guidance.LINEAR, null, 1, 0, 1, 1.15, 0, 1));
        refused("detailTemperatureRatio", () -> D.withDetailTemperatureRatio(
                SamplingSettings.MIN_DETAIL_TEMPERATURE_RATIO - 0.01));
        refused("detailTemperatureRatio", () -> D.withDetailTemperatureRatio(
                SamplingSettings.MAX_DETAIL_TEMPERATURE_RATIO + 0.01));
        refused("detailTemperatureRatio", () -> D.withDetailTemperatureRatio(Double.NaN));
    }

    @Test
    void theDetailTemperatureIsTheRatioOverTheTemperatureAtMostTheMostAllowed() {
        assertEquals(1.2 * 1.38, D.withSampling(1.2, 0, 1).withDetailTemperatureRatio(1.38).detailTemperature(), 1e-12);
        assertEquals(SamplingSettings.DEFAULT_DETAIL_TEMPERATURE_RATIO, D.detailTemperature(), 1e-12);
        assertEquals(SamplingSettings.MAX_TEMPERATURE, D.withSampling(8, 0, 1)
                .withDetailTemperatureRatio(SamplingSettings.MAX_DETAIL_TEMPERATURE_RATIO).detailTemperature());
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        SamplingSettings edge = new SamplingSettings(0, SamplingSettings.MAX_STEPS, SamplingSettings.MAX_GUIDANCE,
                Guidance.CONSTANT, Schedule.COSINE, SamplingSettings.MAX_TEMPERATURE, 0, 1,
                SamplingSettings.MAX_DETAIL_TEMPERATURE_RATIO, Long.MIN_VALUE,
                SamplingSettings.MAX_VARIANTS);
        assertEquals(SamplingSettings.MAX_STEPS, edge.steps());
        D.withDetailTemperatureRatio(SamplingSettings.MIN_DETAIL_TEMPERATURE_RATIO);
        assertEquals(1, D.withSteps(1).withVariants(1).steps());
        assertFalse(D.withGuidance(SamplingSettings.MIN_GUIDANCE, Guidance.LINEAR).guided(), "1 turns guidance off");
        assertTrue(D.guided());
    }

    @Test
    void variantVUsesSeedPlusV() {
        assertEquals(45, D.withSeed(42).seedOf(3));
    }

    @Test
    void randomSeedsAreShortEnoughToType() {
        for (int i = 0; i < 1000; i++) {
            long seed = SamplingSettings.randomSeed();
            assertTrue(seed >= 0 && seed <= SamplingSettings.MAX_RANDOM_SEED, "seed " + seed);
        }
    }

    @Test
    void jsonUsesTheFieldNamesAndLowerCaseSchedulesAndUnknownNamesAreRefused() {
        Gson gson = new Gson();
        String json = gson.toJson(D.withClassId(207));
        assertTrue(json.contains("\"guidanceSchedule\":\"linear\""), json);
        assertTrue(json.contains("\"sampleSchedule\":\"arccos\""), json);
        assertEquals(D.withClassId(207), gson.fromJson(json, SamplingSettings.class));
        RuntimeException unknown = assertThrows(RuntimeException.class,
                () -> gson.fromJson(json.replace("\"linear\"", "\"sideways\""), SamplingSettings.class));
        assertTrue(unknown.getCause().getMessage().contains("guidanceSchedule"), unknown.getCause().getMessage());
    }

    @Test
    void aModelConfigRecommendsSomeSettingsOverTheDefaultsAndNeverClassSeedOrVariants() {
        JsonObject config = JsonParser.parseString("{\"arpg\": {\"dim\": 64}, \"sampling\": {\"guidanceScale\": 1.5,"
                + " \"guidanceSchedule\": \"constant\", \"temperature\": 0.9, \"topK\": 100,"
                + " \"detailTemperatureRatio\": 1.4}}").getAsJsonObject();
        SamplingSettings recommended = SamplingSettings.recommendedBy(config);
        assertEquals(new SamplingSettings(null, 64, 1.5, Guidance.CONSTANT, Schedule.ARCCOS, 0.9, 100, 1.0, 1.4, 0L, 1),
                recommended);
        assertEquals(D, SamplingSettings.recommendedBy(null));
        assertEquals(D, SamplingSettings.recommendedBy(JsonParser.parseString("{\"dim\": 64}").getAsJsonObject()));

        SamplingSettings users =
                new SamplingSettings(207, 12, 6.0, Guidance.LINEAR, Schedule.COSINE, 2.0, 5, 0.5, 1.15, 42L, 3);
        SamplingSettings applied = users.withRecommended(recommended);
        assertEquals(new SamplingSettings(207, 64, 1.5, Guidance.CONSTANT, Schedule.ARCCOS, 0.9, 100, 1.0, 1.4, 42L, 3),
                applied);
        assertEquals("64 steps (arccos), guidance 1.5 constant, temperature 0.9, top-k 100, top-p 1.0,"
                        + " detail passes 1.4x hotter",
                recommended.describeSampler());
    }

    @Test
    void aBadRecommendationIsRefusedNamingItsKey() {
        recommendationRefused("{\"sampling\": 1.5}", "'sampling': expected an object of settings, found 1.5");
        recommendationRefused("{\"sampling\": {\"seed\": 4}}", "'sampling.seed': expected one of [steps,");
        recommendationRefused("{\"sampling\": {\"classId\": 4}}", "'sampling.classId': expected one of");
        recommendationRefused("{\"sampling\": {\"temperature\": 0}}",
                "'sampling.temperature' = 0 is not usable (setting 'temperature': expected 0.05..10.0");
        recommendationRefused("{\"sampling\": {\"guidanceSchedule\": \"sideways\"}}",
                "'sampling.guidanceSchedule' = \"sideways\" is not usable (expected one of [constant, linear])");
        recommendationRefused("{\"sampling\": {\"steps\": 2.5}}", "'sampling.steps' = 2.5 is not usable (expected an "
                + "integer)");
        recommendationRefused("{\"sampling\": {\"topK\": \"many\"}}", "'sampling.topK' = \"many\" is not usable (");
    }

    private static void recommendationRefused(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SamplingSettings.recommendedBy(JsonParser.parseString(json).getAsJsonObject()), json);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    private static void refused(String setting, Supplier<SamplingSettings> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get, setting);
        assertTrue(e.getMessage().startsWith("setting '" + setting + "': expected "), e.getMessage());
    }
}
