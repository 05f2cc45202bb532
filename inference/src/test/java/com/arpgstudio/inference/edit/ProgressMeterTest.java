package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one progress figure of every edit: counted up front, only going up, ending at the total. */
class ProgressMeterTest {

    private final SamplingSettings settings = SamplingSettings.DEFAULTS.withSeed(7);

    private static List<EditListener.Progress> record(Editor editor, EditRequest request) {
        List<EditListener.Progress> events = new ArrayList<>();
        editor.run(request, new EditListener() {
            @Override
            public void onProgress(Progress progress) {
                events.add(progress);
            }
        }, Cancellation.none());
        return events;
    }

    private static void assertMonotoneToTheEnd(List<EditListener.Progress> events) {
        assertFalse(events.isEmpty());
        assertEquals(0, events.get(0).done(), "the first event comes before any work");
        long total = events.get(0).total();
        assertTrue(total > 0);
        for (int i = 1; i < events.size(); i++) {
            assertEquals(total, events.get(i).total(), "the total is fixed once planned");
            assertTrue(events.get(i).done() > events.get(i - 1).done(), "done only goes up, event " + i);
        }
        assertEquals(total, events.get(events.size() - 1).done(), "the edit ends at its total");
    }

    @Test
    void outpaintCountsEveryWindowOnceAndEndsAtTheTotal() {
        Editor editor = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY);
        ArgbImage image = FakeModels.picture(256, 256);
        List<EditListener.Progress> events = record(editor, EditRequest.outpaint(image, new Margins(0, 0, 256, 0),
                settings.withVariants(2).withClassId(1)));
        assertMonotoneToTheEnd(events);
        int windows = events.get(1).stage().windowCount();
        assertTrue(windows > 1, "a multi-window edit");
        Set<Integer> generated = new HashSet<>();
        for (EditListener.Progress p : events) {
            if (p.stage().phase() == EditListener.Phase.GENERATE) {
                generated.addAll(p.stage().windows());
                assertEquals(List.of(0, 1), p.stage().variants(), "variants are rows of one batch");
                assertEquals(2, p.stage().variantCount());
            }
        }
        assertEquals(windows, generated.size(), "every window reports its steps");
    }

    @Test
    void expandCountsBothPassesAndTheAssembly() {
        Editor editor = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY);
        List<EditListener.Progress> events = record(editor, EditRequest.expand(FakeModels.picture(160, 96),
                settings.withClassId(1)));
        assertMonotoneToTheEnd(events);
        Set<Integer> passes = new HashSet<>();
        for (EditListener.Progress p : events) {
            assertEquals(2, p.stage().passCount());
            if (p.stage().phase() == EditListener.Phase.GENERATE) {
                passes.add(p.stage().pass());
            }
        }
        assertEquals(Set.of(0, 1), passes, "anchors filled around, then refreshed");
        assertEquals(EditListener.Phase.DECODE, events.get(events.size() - 1).stage().phase(), "assembly comes last");
    }

    @Test
    void inpaintAndGenerateEndAtTheirTotals() {
        Editor editor = new Editor(FakeModels.of(16), PreviewPolicy.ADAPTIVE);
        ArgbImage image = FakeModels.picture(256, 256);
        assertMonotoneToTheEnd(record(editor, EditRequest.inpaint(image,
                PixelMask.ofRect(256, 256, new Rect(40, 40, 90, 60)), settings.withClassId(1))));
        assertMonotoneToTheEnd(record(editor, EditRequest.generate(settings.withVariants(3).withClassId(1))));
    }

    @Test
    void estimateMatchesTheRunAndComesFromTheMeasuredPace() {
        EditModels models = FakeModels.of(16);
        Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY);
        EditRequest request = EditRequest.outpaint(FakeModels.picture(256, 128), new Margins(128, 0, 128, 0),
                settings);
        models.pace().record(1000, 20.0); // as if an earlier edit did 1000 units in 20 s
        Editor.Estimate after = editor.estimate(request);
        List<EditListener.Progress> run = record(editor, request);
        assertEquals(run.get(0).total(), after.progress().total());
        assertEquals(after.progress().total() * 0.02, after.progress().secondsLeft(), 1e-9);
        assertEquals(1, ((FakeModels.Filler) models.generator()).fillCalls.size(),
                "estimating generated nothing: only the run did");
        assertEquals(after.plan().windows(), editor.run(request, EditListener.NONE, Cancellation.none()).record()
                .windows());
    }

    @Test
    void firstEstimateTimesOneStepSoTheFirstEditHasATimeToo() {
        EditModels models = FakeModels.of(16);
        FakeModels.Filler filler = (FakeModels.Filler) models.generator();
        filler.onStep = () -> FakeModels.pause(20);
        Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY);
        EditRequest request = EditRequest.outpaint(FakeModels.picture(256, 128), new Margins(128, 0, 128, 0),
                settings);
        Editor.Estimate first = editor.estimate(request);
        assertTrue(first.progress().hasEstimate(), "nothing measured before, yet a time to ask about");
        assertTrue(first.progress().secondsLeft() >= first.progress().total() * 0.02,
                "about 20 ms a unit, found " + first.progress().secondsLeft() + " s for " + first.progress().total());
        assertEquals(0, first.progress().done());
        editor.estimate(request);
        assertEquals(1, filler.fillCalls.size(), "measured once, not at every estimate");
    }

    @Test
    void stageSaysWhereTheEditIs() {
        EditListener.Stage stage = new EditListener.Stage(EditListener.Phase.GENERATE, 1, 2, List.of(4, 5, 6, 7), 18,
                List.of(0, 1, 2, 3), 4, 11, 48);
        assertEquals("pass 2 of 2, windows 5-8 of 18, variants 1-4 of 4, step 12 of 48", stage.describe());
        assertEquals("window 3 of 9, encoding", new EditListener.Stage(EditListener.Phase.ENCODE, 0, 1, List.of(2), 9,
                List.of(0), 1, 0, 0).describe());
    }
}
