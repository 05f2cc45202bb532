package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detail passes with the embedded default model on a test photo (chelsea, 320x213) and a 150x100
 * mask, generated at 1/1.58 scale: off is the fill as it was before detail passes existed, bit for
 * bit; auto runs one pass at the photo's own scale whose previews stream over the coarse fill (as per-code
 * patches, under the editor's adaptive policy too), keeps
 * every pixel beyond the coarse feather band, and replays exactly (a record whose detail an earlier
 * version drew is refused); cancelled during it, the input
 * stays as it was and the next edit runs.
 */
class DetailPassesTest {

    /**
     * The result's pixel digest with the detail pass off: the same as the command line's fill, measured
     * with {@code arpg inpaint --seed 1 --steps 4 --temperature 0.9 --top-k 100 --detail off --record R.json}
     * on this photo and mask (the record's {@code outputs[0]}) with the embedded model of the fifth training
     * sitting; the test pins temperature and top-k as an earlier model recommended them.
     */
    private static final String FILL_BEFORE_DETAIL_PASSES =
            "a2d2ce6a03768168e06b5ecb43e3e58d318e18d6a0da0f7856e788080e3d66f0";
    private static final Rect HOLE = new Rect(85, 56, 150, 100);

    @TempDir
    static Path home;
    private static LoadedModels loaded;
    private static SamplingSettings settings;
    private static ArgbImage photo;
    private static PixelMask mask;

    @BeforeAll
    static void load() throws IOException {
        assumeTrue(EmbeddedModel.bundled().isBundled(), "this build has no embedded default model");
        ModelFiles files = ModelFiles.resolve(EmbeddedModel.bundled().extractTo(home.resolve("default")), null,
                Settings.defaults());
        loaded = LoadedModels.load(files, Device.cpu());
        // as the command line sampled when the digest was taken
        settings = files.recommendedSettings().withSampling(0.9, 100, 1.0).withSteps(4).withSeed(1);
        try (InputStream in = DetailPassesTest.class.getResourceAsStream("/com/arpgstudio/inference/photos/chelsea.jpg")) {
            photo = ImageDecoder.read(in, "chelsea.jpg", 1L << 20).image();
        }
        mask = PixelMask.ofRect(photo.width(), photo.height(), HOLE);
    }

    @AfterAll
    static void close() {
        if (loaded != null) {
            loaded.close();
        }
    }

    @Test
    void offIsTheFillAsItWasBitForBit() {
        EditResult off = run(DetailPass.OFF, EditListener.NONE, Cancellation.none());
        assertEquals(FILL_BEFORE_DETAIL_PASSES, off.record().outputs().get(0));
        assertEquals(1, off.record().windows().size());
    }

    @Test
    void autoAddsAPassAtThePhotosScaleThatStreamsOverTheCoarseFill() {
        List<EditListener.Step> detailSteps = new ArrayList<>();
        EditListener listener = new EditListener() {
            @Override
            public void onStep(Step step) {
                if (step.progress().stage().pass() == 1) {
                    detailSteps.add(step);
                }
            }
        };
        Editor editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE);
        EditResult auto = editor.run(request(DetailPass.AUTO), listener, Cancellation.none());
        EditRecord record = auto.record();
        double coarse = record.windows().get(0).scale();
        assertTrue(coarse > DetailPass.AUTO_ABOVE_SHRINK, "coarse scale " + coarse);
        assertTrue(record.windows().size() > 1 && record.windows().subList(1, record.windows().size()).stream()
                .allMatch(w -> w.scale() == 1.0), "one detail pass at the photo's scale: " + record.windows());
        assertTrue(String.join(" ", record.notes()).matches(".*1 detail pass .*windows? at the image's own resolution.*"),
                "the notes say how many passes and windows: " + record.notes());
        assertFalse(record.outputs().get(0).equals(FILL_BEFORE_DETAIL_PASSES), "the detail pass changed nothing");
        // beyond the coarse feather band nothing changed
        int band = (int) Math.ceil(EditOptions.DEFAULT_FEATHER_PIXELS * coarse) + 1;
        PixelMask outside = mask.grown(band).inverted();
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                if (outside.get(x, y)) {
                    assertEquals(photo.get(x, y), auto.image().get(x, y), "pixel " + x + "," + y);
                }
            }
        }
        // the detail pass's first previews show the coarse fill under the cells still to come, not grey
        EditListener.Step first = detailSteps.get(0);
        Preview preview = first.previews().get(0);
        long grey = java.util.Arrays.stream(preview.image().pixels()).filter(p -> p == 0xff808080).count();
        assertEquals(0, grey, "pending cells drawn grey in the detail pass's preview");
        // as per-code patches, even where the editor's policy decodes a fill's windows: the pass decodes its map
        assertTrue(detailSteps.stream().flatMap(s -> s.previews().stream()).noneMatch(Preview::decoded),
                "a detail window decoded for a preview");
        // the replay runs the recorded passes again, exactly
        EditResult replayed = editor.replay(record, photo, mask, EditListener.NONE, Cancellation.none());
        assertEquals(record.outputs(), replayed.record().outputs());
        // a record whose detail passes an earlier version drew (no detailPlanner) is refused, not replayed otherwise
        assertEquals(DetailPasses.PLANNER, record.options().detailPlanner());
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(record.toJson()).getAsJsonObject();
        json.getAsJsonObject("options").remove("detailPlanner");
        EditRecord older = EditRecord.fromJson(json.toString());
        EditException refused = assertThrows(EditException.class,
                () -> editor.replay(older, photo, mask, EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.RECORD_MISMATCH, refused.reason());
        assertTrue(refused.getMessage().contains("earlier version"), refused.getMessage());
        // so is one that the version before the inpaint's detail last changed drew (its passes before the last
        // sampled in as many steps)
        EditRecord previous = drawnBy(record, DetailPasses.SAME_INPAINT_DETAIL_SINCE - 1);
        assertEquals(EditException.Reason.RECORD_MISMATCH, assertThrows(EditException.class,
                () -> editor.replay(previous, photo, mask, EditListener.NONE, Cancellation.none())).reason());
        // the versions since drew an inpaint's detail passes as this one does: replayed
        assertEquals(record.outputs(), editor.replay(drawnBy(record, DetailPasses.SAME_INPAINT_DETAIL_SINCE), photo, mask,
                EditListener.NONE, Cancellation.none()).record().outputs());
    }

    @Test
    void detailPassesSampleWithoutGuidanceHotterInAnEighthOfTheStepsAndEarlierPassesInHalfThat() {
        SamplingSettings fill = SamplingSettings.DEFAULTS.withSteps(64).withSampling(1.2, 0, 1.0)
                .withDetailTemperatureRatio(1.4).withSeed(7);
        SamplingSettings detail = DetailPasses.sampling(fill);
        assertFalse(detail.guided(), "guidance " + detail.guidanceScale());
        assertEquals(8, detail.steps());
        assertEquals(1.2 * 1.4, detail.temperature(), 1e-12, "the settings' ratio over the fill's temperature");
        assertEquals(fill.withGuidance(1.0, fill.guidanceSchedule()).withSampling(1.2 * 1.4, 0, 1.0)
                .withSteps(8), detail, "top-k, top-p, seed and variants stay the fill's");
        assertEquals(SamplingSettings.MAX_TEMPERATURE, DetailPasses.sampling(fill.withSampling(
                SamplingSettings.MAX_TEMPERATURE, 0, 1.0)).temperature(), "never hotter than allowed");
        assertEquals(DetailPasses.MIN_STEPS, DetailPasses.sampling(fill.withSteps(8)).steps());
        assertEquals(2, DetailPasses.sampling(fill.withSteps(2)).steps(), "never more steps than the fill's");
        // a pass before the last: half the last one's steps, at least MIN_STEPS, sampling as the last
        assertEquals(detail.withSteps(4), DetailPasses.earlierSampling(fill));
        assertEquals(DetailPasses.MIN_STEPS, DetailPasses.earlierSampling(fill.withSteps(32)).steps());
        assertEquals(2, DetailPasses.earlierSampling(fill.withSteps(2)).steps(), "never more steps than the fill's");
        // a light pass: half an earlier pass's steps, at least MIN_LIGHT_STEPS, sampling as the others
        assertEquals(detail.withSteps(2), DetailPasses.lightSampling(fill));
        assertEquals(DetailPasses.MIN_LIGHT_STEPS, DetailPasses.lightSampling(fill.withSteps(8)).steps());
        assertEquals(1, DetailPasses.lightSampling(fill.withSteps(1)).steps(), "never more steps than the fill's");
    }

    /**
     * On stand-in models of ARPG-L's window (256 px) a 768 px mask is generated at 1/3.33: passes at 1/3, 1/1.5
     * and 1, the first light (one wave, half the steps), replayed exactly; a record of it by a version before
     * light passes is refused.
     */
    @Test
    void aPassBarelyFinerThanTheCoarseFillRunsAsOneWaveInHalfTheSteps() {
        EditModels models = FakeModels.of(16);
        Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY);
        ArgbImage picture = FakeModels.picture(1024, 1024);
        PixelMask square = PixelMask.ofRect(1024, 1024, new Rect(128, 128, 768, 768));
        SamplingSettings fill = SamplingSettings.DEFAULTS.withSteps(64).withSeed(3);
        List<EditListener.Stage> generations = new ArrayList<>();
        EditListener listener = new EditListener() {
            @Override
            public void onProgress(Progress progress) {
                if (progress.stage().phase() == Phase.GENERATE && progress.stage().step() == 0) {
                    generations.add(progress.stage());
                }
            }
        };
        EditRequest request = EditRequest.inpaint(picture, square, fill)
                .withOptions(EditOptions.defaults().withDetailPass(DetailPass.AUTO));
        EditRecord record = editor.run(request, listener, Cancellation.none()).record();
        List<WindowPlan> passes = DetailPasses.byScale(record.plan());
        assertEquals(List.of(3.0, 1.5, 1.0), passes.subList(1, 4).stream().map(WindowPlan::maxScale).toList());
        assertTrue(passes.get(0).maxScale() > 3.0 && passes.get(0).maxScale() < 3.0 * DetailPasses.LIGHT_STEP);
        assertEquals(List.of(false, true, false, false), java.util.stream.IntStream.range(0, 4)
                .mapToObj(p -> DetailPasses.isLight(passes, p)).toList());
        assertTrue(passes.get(1).windows().size() > 1 && WindowPlanner.detailWaves(passes.get(1)).size() == 2,
                "the light pass's tiles are a checkerboard's: " + passes.get(1).windows());
        // generations: the coarse window, the light pass's one wave, two waves each for the others
        assertEquals(List.of(0, 1, 2, 2, 3, 3), generations.stream().map(EditListener.Stage::pass).toList());
        // the stand-in draws at most 4 steps: the light pass's 2 against the others' 4
        List<Integer> steps = java.util.stream.Stream.of(fill, DetailPasses.lightSampling(fill),
                        DetailPasses.earlierSampling(fill), DetailPasses.earlierSampling(fill), DetailPasses.sampling(fill),
                        DetailPasses.sampling(fill)).map(s -> models.generator().stepCount(1000, s)).toList();
        assertEquals(List.of(4, 2, 4, 4, 4, 4), steps);
        assertEquals(steps, generations.stream().map(EditListener.Stage::stepCount).toList());
        assertTrue(String.join(" ", record.notes()).contains(passes.get(1).windows().size()
                + " windows at 1/3.00 resolution in 1 wave;"), record.notes().toString());
        assertEquals(record.outputs(), editor.replay(record, picture, square, EditListener.NONE, Cancellation.none())
                .record().outputs(), "replayed exactly");
        EditRecord older = drawnBy(record, DetailPasses.SAME_LIGHT_PASS_SINCE - 1);
        assertEquals(EditException.Reason.RECORD_MISMATCH, assertThrows(EditException.class,
                () -> editor.replay(older, picture, square, EditListener.NONE, Cancellation.none())).reason());
    }

    /**
     * Each pass's map encode and decode report that pass and its windows (the editor's status line
     * says "pass 3 of 4, windows 6-14 of 39, encoding", not "the whole image").
     */
    @Test
    void encodesAndDecodesReportThePassTheyCodeFor() {
        Editor editor = new Editor(FakeModels.of(16), PreviewPolicy.NONE);
        ArgbImage picture = FakeModels.picture(1024, 1024);
        PixelMask square = PixelMask.ofRect(1024, 1024, new Rect(128, 128, 768, 768));
        Map<EditListener.Phase, SortedSet<Integer>> passes = new EnumMap<>(EditListener.Phase.class);
        Map<Integer, SortedSet<Integer>> coded = new TreeMap<>();   // per pass, the windows coded for
        EditListener listener = new EditListener() {
            @Override
            public void onProgress(Progress progress) {
                EditListener.Stage stage = progress.stage();
                passes.computeIfAbsent(stage.phase(), p -> new TreeSet<>()).add(stage.pass());
                if (stage.phase() != EditListener.Phase.GENERATE && progress.done() > 0) { // not the edit's start
                    assertFalse(stage.windows().isEmpty(), stage.describe());
                    coded.computeIfAbsent(stage.pass(), p -> new TreeSet<>()).addAll(stage.windows());
                }
            }
        };
        EditRequest request = EditRequest.inpaint(picture, square, SamplingSettings.DEFAULTS.withSteps(8).withSeed(3))
                .withOptions(EditOptions.defaults().withDetailPass(DetailPass.AUTO));
        editor.run(request, listener, Cancellation.none());
        assertEquals(Set.of(0, 1, 2, 3), passes.get(EditListener.Phase.ENCODE));
        assertEquals(Set.of(0, 1, 2, 3), passes.get(EditListener.Phase.DECODE));
        // the passes' windows follow one another: each pass's map serves the windows after the last pass's
        int next = 0;
        for (SortedSet<Integer> windows : coded.values()) {
            assertEquals(next, windows.first(), coded.toString());
            assertEquals(windows.last() - windows.first() + 1, windows.size(), coded.toString());
            next = windows.last() + 1;
        }
    }

    /** The record as a version {@code planner} of the detail passes wrote it. */
    private static EditRecord drawnBy(EditRecord record, int planner) {
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(record.toJson()).getAsJsonObject();
        json.getAsJsonObject("options").addProperty("detailPlanner", planner);
        return EditRecord.fromJson(json.toString());
    }

    @Test
    void passesStepAtMostTwiceFinerAndTheLastAtMostOneAndAHalf() {
        assertEquals(List.of(1.0), DetailPasses.scales(1.41));
        assertEquals(List.of(1.0), DetailPasses.scales(2.0));
        assertEquals(List.of(DetailPasses.LAST_STEP, 1.0), DetailPasses.scales(2.41));
        assertEquals(List.of(DetailPasses.LAST_STEP, 1.0), DetailPasses.scales(2.99));
        assertEquals(List.of(2 * DetailPasses.LAST_STEP, DetailPasses.LAST_STEP, 1.0), DetailPasses.scales(4.0));
    }

    @Test
    void cancellingDuringTheDetailPassLeavesTheImageAsItWas() {
        int[] before = photo.pixels().clone();
        Cancellation cancellation = new Cancellation();
        List<Integer> detailSteps = new ArrayList<>();
        assertThrows(CancelledException.class, () -> run(DetailPass.AUTO, new EditListener() {
            @Override
            public void onStep(Step step) {
                if (step.progress().stage().pass() == 1) {
                    detailSteps.add(step.step());
                    cancellation.cancel();
                }
            }
        }, cancellation));
        assertTrue(!detailSteps.isEmpty() && detailSteps.stream().allMatch(s -> s == 0),
                "cancelled within the detail pass's first step: " + detailSteps);
        assertArrayEquals(before, photo.pixels(), "the input image changed");
        assertEquals(FILL_BEFORE_DETAIL_PASSES, run(DetailPass.OFF, EditListener.NONE, Cancellation.none())
                .record().outputs().get(0), "the next edit");
    }

    private static EditResult run(DetailPass pass, EditListener listener, Cancellation cancellation) {
        return new Editor(loaded.models(), PreviewPolicy.NONE).run(request(pass), listener, cancellation);
    }

    private static EditRequest request(DetailPass pass) {
        return EditRequest.inpaint(photo, mask, settings).withOptions(EditOptions.defaults().withDetailPass(pass));
    }
}
