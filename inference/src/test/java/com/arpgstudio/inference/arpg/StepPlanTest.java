package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@link StepPlan}'s per-step slots and offsets against a cache filled step by step. */
class StepPlanTest {

    @Test
    void eachStepFeedsWhereTheLastStepLeftTheCache() {
        SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(12);
        StepPlan plan = StepPlan.of(3, 40, 200, settings, 100, 1 << 20);
        int length = 0;                         // slots cached so far
        int done = 0;                           // positions predicted so far
        for (int step = 0; step < plan.steps(); step++) {
            assertEquals(length, plan.start(step), "start of step " + step);
            assertEquals(done, plan.done(step), "done before step " + step);
            int fed = step == 0 ? 1 + plan.known() : plan.count(step - 1);
            if (step > 0) {
                assertEquals(done - fed, plan.rowsOffset(step), "rows offset of step " + step);
            }
            assertEquals(step == 0 ? ArpgModel.Mask.CAUSAL : ArpgModel.Mask.NONE, plan.feedMask(step));
            assertEquals(settings.guidanceSchedule().scale(4.0, 40 + done + plan.count(step), 240), plan.guidance(step));
            length += fed;
            done += plan.count(step);
        }
        assertEquals(200, done);
        assertEquals(length, plan.capacity());
        assertEquals(6, plan.passRows());
    }

    @Test
    void plansDependOnShapesAndSettingsOnly() {
        SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(8);
        StepPlan plan = StepPlan.of(2, 10, 50, settings, 100, 1 << 20);
        assertEquals(plan, StepPlan.of(2, 10, 50, SamplingSettings.DEFAULTS.withSteps(8), 100, 1 << 20));
        // the class, the seed and the variants reach the generator as rows, not through the plan
        assertEquals(plan, StepPlan.of(2, 10, 50, settings.withClassId(3).withSeed(99).withVariants(2), 100, 1 << 20));
        for (StepPlan other : List.of(StepPlan.of(2, 11, 50, settings, 100, 1 << 20),
                StepPlan.of(2, 10, 50, settings.withSampling(0.9, 0, 1.0), 100, 1 << 20),
                StepPlan.of(1, 10, 50, settings, 100, 1 << 20))) {
            assertNotEquals(plan, other);
        }
        StepPlan unguided = StepPlan.of(2, 10, 50, settings.withGuidance(1.0, Guidance.CONSTANT), 100, 1 << 20);
        assertNull(unguided.guidance(0));
        assertEquals(2, unguided.passRows());
    }
}
