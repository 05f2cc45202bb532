package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cancelling at each step of a generation in turn (fixture models): every one stops at that step,
 * leaves the input image and mask as they were, frees what the step held, and the next edit works;
 * the same in the middle of a wave of windows generated as one batch.
 */
@ReferenceFixtures.Needed
class EditCancellationTest {

    @Test
    void cancellingInTheMiddleOfAWaveLeavesTheInputUntouched() throws IOException {
        try (LoadedModels loaded = FixtureModels.load()) {
            Editor editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE, DeviceMemoryLimit.none(), 16);
            ArgbImage image = FakeModels.picture(640, 384);
            PixelMask mask = PixelMask.ofRect(640, 384, new Rect(40, 40, 560, 300));
            int[] imageBefore = image.pixels().clone();
            PixelMask maskBefore = mask.copy();
            EditRequest request = EditRequest.inpaint(image, mask, SamplingSettings.DEFAULTS.withClassId(0).withSteps(3).withSeed(5))
                    .withOptions(EditOptions.defaults().withMaxScale(1.0)); // tiled at native scale: several waves
            editor.run(request, EditListener.NONE, Cancellation.none()); // warm-up
            int arrays = DjlRuntime.liveArrays();
            Cancellation cancellation = new Cancellation();
            List<List<Integer>> batches = new ArrayList<>();
            assertThrows(CancelledException.class, () -> editor.run(request, new EditListener() {
                @Override
                public void onStep(Step step) {
                    batches.add(step.progress().stage().windows());
                    if (step.step() == 1 && step.progress().stage().windows().size() > 1) {
                        cancellation.cancel();
                    }
                }
            }, cancellation));
            List<Integer> last = batches.get(batches.size() - 1);
            assertTrue(last.size() > 1, "cancelled inside a batch of several windows: " + last);
            assertArrayEquals(imageBefore, image.pixels(), "input image");
            assertTrue(mask.minus(maskBefore).isEmpty() && maskBefore.minus(mask).isEmpty(), "mask");
            assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays left by the cancelled wave");
        }
    }

    @Test
    void cancellingAtEveryStepLeavesTheInputUntouched() throws IOException {
        try (LoadedModels loaded = FixtureModels.load()) {
            Editor editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE);
            int window = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize() / 2;
            ArgbImage image = FakeModels.picture(window, window);
            PixelMask mask = PixelMask.ofRect(window, window, new Rect(0, window / 4, window, window / 2));
            int[] imageBefore = image.pixels().clone();
            PixelMask maskBefore = mask.copy();
            SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(6).withSeed(3);

            List<Integer> allSteps = new ArrayList<>();
            EditResult full = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(0)), new EditListener() {
                @Override
                public void onStep(Step step) {
                    allSteps.add(step.step());
                }
            }, Cancellation.none());
            assertTrue(allSteps.size() > 1, "a generation of several steps, found " + allSteps);
            int arrays = DjlRuntime.liveArrays();

            for (int cancelAt = 0; cancelAt < allSteps.size(); cancelAt++) {
                int stopAt = cancelAt;
                Cancellation cancellation = new Cancellation();
                List<Integer> seen = new ArrayList<>();
                assertThrows(CancelledException.class, () -> editor.run(EditRequest.inpaint(image, mask,
                        settings.withClassId(0)), new EditListener() {
                            @Override
                            public void onStep(Step step) {
                                seen.add(step.step());
                                if (seen.size() == stopAt + 1) {
                                    cancellation.cancel();
                                }
                            }
                        }, cancellation), "cancelled at step " + cancelAt);
                assertEquals(allSteps.subList(0, cancelAt + 1), seen, "no step after the cancel");
                assertArrayEquals(imageBefore, image.pixels(), "input image after cancelling at step " + cancelAt);
                assertTrue(mask.minus(maskBefore).isEmpty() && maskBefore.minus(mask).isEmpty(),
                        "mask after cancelling at step " + cancelAt);
            }
            assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays left by cancelled runs");
            EditResult again = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(0)), EditListener.NONE,
                    Cancellation.none());
            assertTrue(full.images().get(0).samePixels(again.images().get(0)), "same seed, same result after cancels");
        }
    }
}
