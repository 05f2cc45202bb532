package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed kept for up-front estimates: measured by edits, or by one timed step before any. */
class EditPaceTest {

    private final SamplingSettings settings = SamplingSettings.DEFAULTS.withSeed(3).withVariants(2);

    @Test
    void timesTheSecondStepOfOneWholeWindow() {
        FakeModels.Filler filler = (FakeModels.Filler) FakeModels.of(8).generator();
        // the stand-in works after reporting a step: a pause counts towards the next step
        List<Long> pauses = new ArrayList<>(List.of(30L, 400L, 400L, 400L));
        filler.onStep = () -> FakeModels.pause(pauses.remove(0));
        EditPace pace = new EditPace();
        assertFalse(Double.isFinite(pace.secondsPerUnit()));
        pace.measureIfUnknown(filler, settings);
        double seconds = pace.secondsPerUnit();
        assertTrue(seconds >= 0.03 && seconds < 0.3, "the second step alone: " + seconds);
        assertEquals(2, pauses.size(), "stopped after the timed step");
        assertEquals(List.of(2), filler.batchRows, "the variants are rows of one batch");
        assertEquals(64, filler.fillCalls.get(0).length, "the whole window is filled");
        assertEquals(0, filler.knownCalls.get(0).length);
    }

    @Test
    void keepsASpeedAnEditMeasured() {
        FakeModels.Filler filler = (FakeModels.Filler) FakeModels.of(8).generator();
        EditPace pace = new EditPace();
        pace.record(100, 5.0);
        pace.measureIfUnknown(filler, settings);
        assertEquals(0.05, pace.secondsPerUnit(), 1e-12);
        assertTrue(filler.fillCalls.isEmpty(), "nothing generated");
    }

    @Test
    void aOneStepWindowIsTimedWhole() {
        FakeModels.Filler filler = (FakeModels.Filler) FakeModels.of(8).generator();
        EditPace pace = new EditPace();
        pace.measureIfUnknown(filler, settings.withSteps(1));
        assertTrue(Double.isFinite(pace.secondsPerUnit()), "found " + pace.secondsPerUnit());
        assertEquals(1, filler.fillCalls.size());
    }

    @Test
    void theEmbeddedGeneratorIsTimedAndFillsAsBeforeAfterwards(@TempDir Path home) throws Exception {
        assumeTrue(EmbeddedModel.bundled().isBundled(), "this build has no embedded default model");
        Path folder = EmbeddedModel.bundled().extractTo(home.resolve("default"));
        try (LoadedModels loaded = LoadedModels.load(ModelFiles.resolve(folder, null, Settings.defaults()), Device.cpu())) {
            ArgbImage photo = new ArgbImage(128, 128, new int[128 * 128]);
            EditRequest request = EditRequest.inpaint(photo, PixelMask.ofRect(128, 128, new Rect(32, 32, 64, 64)),
                    SamplingSettings.DEFAULTS.withSteps(8).withSeed(4));
            ArgbImage unprobed = new Editor(loaded.models(), PreviewPolicy.CODES_ONLY)
                    .run(request, EditListener.NONE, Cancellation.none()).image();

            EditPace pace = new EditPace();
            pace.measureIfUnknown(loaded.models().generator(), settings);
            double seconds = pace.secondsPerUnit();
            assertTrue(seconds > 0 && seconds < 10, "one step of the embedded model: " + seconds + " s");
            ArgbImage afterProbe = new Editor(loaded.models(), PreviewPolicy.CODES_ONLY)
                    .run(request, EditListener.NONE, Cancellation.none()).image();
            assertEquals(unprobed, afterProbe, "the probe's cancelled fill leaves the generator as it was");
        }
    }
}
