package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DetailPass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The mechanics of every operation on stand-in models (see {@link FakeModels}). */
class EditMechanicsTest {

    private final EditModels models = FakeModels.of(16);
    private final Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY);
    private final SamplingSettings settings = SamplingSettings.DEFAULTS.withSeed(42);

    @Test
    void inpaintChangesOnlyTheMaskAndItsFeatherBand() {
        ArgbImage image = FakeModels.picture(256, 256);
        PixelMask mask = PixelMask.ofRect(256, 256, new Rect(64, 64, 128, 128));
        ArgbImage result = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(3)), EditListener.NONE,
                Cancellation.none()).image();
        assertOnlyBandChanged(image, result, mask, EditOptions.defaults().featherPixels());
        assertFalse(image.samePixels(result), "the masked pixels were regenerated");
    }

    @Test
    void regeneratesExactlyTheTokensWhoseCellsTouchTheDilatedMask() {
        ArgbImage image = FakeModels.picture(256, 256);
        Rect hole = new Rect(40, 70, 50, 33);
        PixelMask mask = PixelMask.ofRect(256, 256, hole);
        EditResult result = editor.run(EditRequest.inpaint(image, mask, settings), EditListener.NONE,
                Cancellation.none());
        Window window = result.record().windows().get(0);
        assertEquals(new Rect(0, 0, 256, 256), window.region(), "a 256x256 image is exactly one window");
        int dilation = EditOptions.defaults().dilationPixels();
        int[] expected = IntStream.range(0, 256).filter(p -> {
            Rect cell = new Rect((p % 16) * 16 - dilation, (p / 16) * 16 - dilation, 16 + 2 * dilation,
                    16 + 2 * dilation);
            return !cell.intersect(hole).isEmpty();
        }).toArray();
        FakeModels.Filler filler = (FakeModels.Filler) models.generator();
        int[] filled = filler.fillCalls.get(0).clone();
        Arrays.sort(filled);
        assertArrayEquals(expected, filled);
        assertEquals(256 - expected.length, filler.knownCalls.get(0).length, "every other token is known context");
    }

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        ArgbImage image = FakeModels.picture(200, 150);
        PixelMask mask = PixelMask.ofRect(200, 150, new Rect(20, 30, 60, 40));
        ArgbImage a = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(1)), EditListener.NONE,
                Cancellation.none()).image();
        ArgbImage b = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(1)), EditListener.NONE,
                Cancellation.none()).image();
        ArgbImage c = editor.run(EditRequest.inpaint(image, mask, settings.withSeed(43).withClassId(1)),
                EditListener.NONE,
                Cancellation.none()).image();
        assertTrue(a.samePixels(b));
        assertFalse(a.samePixels(c));
    }

    @Test
    void variantsAreRowsWithTheirOwnSeeds() {
        ArgbImage image = FakeModels.picture(256, 256);
        PixelMask mask = PixelMask.ofRect(256, 256, new Rect(64, 64, 128, 128));
        List<ArgbImage> three = editor.run(EditRequest.inpaint(image, mask, settings.withVariants(3).withClassId(1)),
                EditListener.NONE, Cancellation.none()).images();
        assertEquals(3, three.size());
        assertFalse(three.get(0).samePixels(three.get(1)));
        ArgbImage second = editor.run(EditRequest.inpaint(image, mask, settings.withSeed(43).withClassId(1)),
                EditListener.NONE,
                Cancellation.none()).image();
        assertTrue(three.get(1).samePixels(second), "variant 1 is the edit with seed + 1");
        assertEquals(1, ((FakeModels.Filler) models.generator()).fillCalls.size() - 1,
                "three variants were one batch call");
    }

    @Test
    void streamsEveryStepWithPreviewsAndProgress() {
        ArgbImage image = FakeModels.picture(256, 256);
        PixelMask mask = PixelMask.ofRect(256, 256, new Rect(0, 0, 128, 128));
        List<EditListener.Step> steps = new ArrayList<>();
        List<WindowPlan> plans = new ArrayList<>();
        editor.run(EditRequest.inpaint(image, mask, settings.withVariants(2).withClassId(1)), new EditListener() {
            @Override
            public void onPlan(WindowPlan plan) {
                plans.add(plan);
            }

            @Override
            public void onStep(Step step) {
                steps.add(step);
            }
        }, Cancellation.none());
        assertEquals(1, plans.size());
        assertEquals(4, steps.size(), "the stand-in engine takes 4 steps");
        for (int i = 0; i < steps.size(); i++) {
            EditListener.Step s = steps.get(i);
            assertEquals(i, s.step());
            assertEquals(4, s.stepCount());
            assertEquals(2, s.previews().size());
            assertEquals(256, s.previews().get(0).image().width());
            assertTrue(s.positions().length > 0);
            assertTrue(new Rect(0, 0, 144, 144).contains(s.changedPixels()), "changes stay near the mask");
        }
        EditListener.Progress last = steps.get(3).progress();
        assertEquals(last.total() - EditListener.Progress.CODEC_UNITS, last.done(), "only the window's decode is left");
    }

    @Test
    void noPreviewPolicyStreamsStepsWithoutPreviewsAndTheSamePixels() {
        ArgbImage image = FakeModels.picture(256, 256);
        PixelMask mask = PixelMask.ofRect(256, 256, new Rect(32, 32, 128, 96));
        EditRequest request = EditRequest.inpaint(image, mask, settings.withVariants(2).withClassId(1));
        List<EditListener.Step> steps = new ArrayList<>();
        EditResult quiet = new Editor(models, PreviewPolicy.NONE).run(request, EditListener.onSteps(steps::add), Cancellation.none());
        EditResult shown = editor.run(request, EditListener.NONE, Cancellation.none());
        assertEquals(4, steps.size(), "every step is still reported");
        assertTrue(steps.stream().allMatch(s -> s.previews().isEmpty()), "no step carries a preview");
        assertTrue(steps.stream().allMatch(s -> s.positions().length > 0));
        for (int v = 0; v < 2; v++) {
            assertTrue(shown.images().get(v).samePixels(quiet.images().get(v)), "variant " + v);
        }
    }

    @Test
    void aMidRunDecodeShowsCellsNotYetGeneratedAsPendingNotAsCodeZero() {
        List<EditListener.Step> steps = new ArrayList<>();
        new Editor(models, PreviewPolicy.DECODE_EVERY_STEP).run(EditRequest.generate(settings.withClassId(1)),
                EditListener.onSteps(steps::add), Cancellation.none());
        EditListener.Step first = steps.get(0);
        assertTrue(first.previews().get(0).decoded());
        ArgbImage shown = first.previews().get(0).image();
        int columns = shown.width() / 16;
        java.util.Set<Integer> generated = new java.util.HashSet<>();
        for (int cell : first.positions()) {
            generated.add(cell);
        }
        int pending = 0;
        for (int cell = 0; cell < columns * (shown.height() / 16); cell++) {
            if (!generated.contains(cell)) {
                pending++;
                assertEquals(0xff808080, shown.get((cell % columns) * 16 + 8, (cell / columns) * 16 + 8),
                        "cell " + cell + " is pending grey, not the colour of code 0");
            }
        }
        assertTrue(pending > 0, "the first of 4 steps leaves cells to generate");
    }

    @Test
    void anExpansionsPreviewsShowTheUpscaleWhereNoTokenIsGeneratedYetNotCodeZero() {
        // a bright picture: no token of its upscale is code 0, so a cell of code 0's colour was decoded from a
        // cell holding no token (the editor showed a tinted texture over every window of a wave)
        ArgbImage bright = FakeModels.picture(256, 256);
        for (int i = 0; i < bright.pixels().length; i++) {
            bright.pixels()[i] |= 0xff808080;
        }
        int codeZero = models.tokenizer().preview(0).get(0, 0);
        List<EditListener.Step> steps = new ArrayList<>();
        EditResult result = new Editor(models, PreviewPolicy.DECODE_EVERY_STEP).run(
                EditRequest.expand(bright, settings.withClassId(1)), EditListener.onSteps(steps::add), Cancellation.none());
        List<Window> windows = result.record().windows();
        assertEquals(16, windows.size(), "a 512x512 canvas is 16 windows in 4 waves");
        int checked = 0;
        for (EditListener.Step step : steps) {
            if (step.window() >= 4) {
                continue; // later waves see earlier waves' generated tokens, which may be code 0
            }
            Window window = windows.get(step.window());
            ArgbImage shown = step.previews().get(0).image();
            assertTrue(step.previews().get(0).decoded());
            for (int row = 0; row < window.rows(); row++) {
                for (int column = 0; column < window.columns(); column++) {
                    Rect cell = window.cell(column, row);
                    if (!window.target().contains(cell.x(), cell.y())) {
                        assertNotEquals(codeZero, shown.get(column * 16 + 8, row * 16 + 8), "window "
                                + step.window() + " step " + step.step() + ": cell " + column + "," + row);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 0, "the first wave's previews show cells of windows not generated yet");
    }

    @Test
    void cancelMidwayThrowsAndLeavesTheInputUntouched() {
        ArgbImage image = FakeModels.picture(256, 256);
        ArgbImage before = image.copy();
        PixelMask mask = PixelMask.ofRect(256, 256, new Rect(64, 64, 128, 128));
        Cancellation cancellation = new Cancellation();
        ((FakeModels.Filler) models.generator()).onStep = cancellation::cancel;
        List<Integer> seen = new ArrayList<>();
        EditListener listener = new EditListener() {
            @Override
            public void onStep(Step step) {
                seen.add(step.step());
            }
        };
        assertThrows(CancelledException.class,
                () -> editor.run(EditRequest.inpaint(image, mask, settings.withClassId(1)), listener, cancellation));
        assertTrue(before.samePixels(image));
        assertEquals(List.of(0), seen, "the edit stopped after the step during which it was cancelled");
    }

    @Test
    void maskCoveringEverythingAndNothing() {
        ArgbImage image = FakeModels.picture(256, 256);
        PixelMask all = PixelMask.ofRect(256, 256, Rect.ofSize(256, 256));
        EditResult result = editor.run(EditRequest.inpaint(image, all, settings.withClassId(1)), EditListener.NONE,
                Cancellation.none());
        assertEquals(256, result.image().width());
        assertEquals(256, ((FakeModels.Filler) models.generator()).fillCalls.get(0).length, "every token generated");
        EditException none = assertThrows(EditException.class, () -> editor.run(
                EditRequest.inpaint(image, new PixelMask(256, 256), settings.withClassId(1)), EditListener.NONE,
                Cancellation.none()));
        assertEquals(EditException.Reason.EMPTY_MASK, none.reason());
    }

    @Test
    void maskOfAnotherSizeIsRefused() {
        EditException e = assertThrows(EditException.class, () -> editor.run(EditRequest.inpaint(
                FakeModels.picture(100, 100), PixelMask.ofRect(100, 90, new Rect(0, 0, 5, 5)), settings.withClassId(1)),
                EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.MASK_SIZE_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("100x100") && e.getMessage().contains("100x90"), e.getMessage());
    }

    @Test
    void imagesSmallerThanAWindowAndOddSizes() {
        for (int[] size : new int[][] {{40, 30}, {301, 177}, {17, 300}, {1, 1}}) {
            ArgbImage image = FakeModels.picture(size[0], size[1]);
            Rect hole = new Rect(size[0] / 4, size[1] / 4, Math.max(1, size[0] / 3), Math.max(1, size[1] / 3));
            PixelMask mask = PixelMask.ofRect(size[0], size[1], hole);
            EditResult result = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(2)), EditListener.NONE,
                    Cancellation.none());
            assertEquals(size[0], result.image().width());
            assertEquals(size[1], result.image().height());
            assertOnlyBandChanged(image, result.image(), mask, EditOptions.defaults().featherPixels());
            Window window = result.record().windows().get(0);
            assertTrue(window.columns() <= 16 && window.rows() <= 16);
        }
    }

    @Test
    void largeMasksAreShrunkThenTiledAndEveryMaskedPixelIsCovered() {
        ArgbImage image = FakeModels.picture(1500, 900);
        PixelMask medium = PixelMask.ofRect(1500, 900, new Rect(100, 100, 500, 400));
        // the coarse plan alone: detail passes over it are DetailPassesTest's
        EditOptions coarse = EditOptions.defaults().withDetailPass(DetailPass.OFF);
        EditResult shrunk = editor.run(EditRequest.inpaint(image, medium, settings.withClassId(1)).withOptions(coarse),
                EditListener.NONE, Cancellation.none());
        assertEquals(1, shrunk.record().windows().size());
        assertTrue(shrunk.record().windows().get(0).scale() > 1);
        assertTrue(shrunk.record().notes().get(0).contains("resolution"), shrunk.record().notes().toString());
        assertOnlyBandChanged(image, shrunk.image(), medium,
                (int) Math.round(8 * shrunk.record().windows().get(0).scale()));

        PixelMask large = PixelMask.ofRect(1500, 900, new Rect(20, 20, 1450, 860));
        EditResult tiled = editor.run(EditRequest.inpaint(image, large, settings.withClassId(1)).withOptions(coarse),
                EditListener.NONE, Cancellation.none());
        List<Window> windows = tiled.record().windows();
        assertTrue(windows.size() > 1, "tiled into several windows");
        PixelMask covered = new PixelMask(1500, 900);
        for (Window w : windows) {
            covered.fill(w.target(), true);
            assertEquals(4.0, w.scale(), 1e-9);
        }
        assertTrue(large.minus(covered).isEmpty(), "every masked pixel belongs to some window's target");
        assertOnlyBandChanged(image, tiled.image(), large, 32);
    }

    @Test
    void imagesAboveTheLimitAreRefusedNotRun() {
        ArgbImage image = FakeModels.picture(400, 400);
        PixelMask mask = PixelMask.ofRect(400, 400, new Rect(0, 0, 10, 10));
        EditRequest request = EditRequest.inpaint(image, mask, settings.withClassId(1))
                .withOptions(EditOptions.defaults().withMaxCanvasPixels(100_000));
        EditException e = assertThrows(EditException.class,
                () -> editor.run(request, EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.IMAGE_TOO_LARGE, e.reason());
        EditException expand = assertThrows(EditException.class, () -> editor.run(
                EditRequest.expand(FakeModels.picture(200, 200), settings.withClassId(1))
                        .withOptions(EditOptions.defaults().withMaxCanvasPixels(100_000)),
                EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.IMAGE_TOO_LARGE, expand.reason(), "the 400x400 result is too large");
    }

    @Test
    void outpaintOnEachSideKeepsTheOriginalBitIdentical() {
        ArgbImage image = FakeModels.picture(200, 120);
        int[][] sides = {{64, 0, 0, 0}, {0, 48, 0, 0}, {0, 0, 256, 0}, {0, 0, 0, 100}, {30, 40, 50, 60}};
        for (int[] s : sides) {
            Margins margins = new Margins(s[0], s[1], s[2], s[3]);
            EditResult result = editor.run(EditRequest.outpaint(image, margins, settings.withClassId(5)),
                    EditListener.NONE,
                    Cancellation.none());
            ArgbImage out = result.image();
            assertEquals(200 + s[0] + s[2], out.width());
            assertEquals(120 + s[1] + s[3], out.height());
            assertTrue(out.crop(new Rect(s[0], s[1], 200, 120)).samePixels(image), "original kept: " + margins);
            List<WindowPlan> passes = WindowPlanner.outpaintPasses(new WindowPlan(result.record().windows(), List.of()));
            for (Window w : passes.get(passes.size() - 1).windows()) {
                assertEquals(1.0, w.scale(), 1e-9, "the outpaint's detail runs at native resolution");
            }
            assertTrue(result.record().windows().get(0).region().intersect(new Rect(s[0], s[1], 200, 120)).area() > 0,
                    "the first window overlaps the original");
        }
        EditException tooBig = assertThrows(EditException.class, () -> editor.run(
                EditRequest.outpaint(image, new Margins(200, 120, 200, 120), settings.withClassId(5)),
                        EditListener.NONE,
                Cancellation.none()));
        assertEquals(EditException.Reason.INVALID_SETTINGS, tooBig.reason());
    }

    @Test
    void aDeepOutpaintReplaysOnlyIfThisVersionOfTheDetailDrewIt() {
        ArgbImage image = FakeModels.picture(256, 200);
        EditRecord record = editor.run(EditRequest.outpaint(image, new Margins(0, 0, 384, 0), settings.withClassId(1)),
                EditListener.NONE, Cancellation.none()).record();
        assertEquals(2, WindowPlanner.outpaintPasses(record.plan()).size(), "a layout, then its detail");
        assertEquals(DetailPasses.PLANNER, record.options().detailPlanner());
        assertEquals(record.outputs(), editor.replay(record, image, null, EditListener.NONE, Cancellation.none())
                .record().outputs(), "replayed exactly");
        // drawn by the version before (its white detail tiles waited for the black ones): refused, not drawn otherwise
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(record.toJson()).getAsJsonObject();
        json.getAsJsonObject("options").addProperty("detailPlanner", DetailPasses.SAME_OUTPAINT_DETAIL_SINCE - 1);
        EditRecord older = EditRecord.fromJson(json.toString());
        EditException refused = assertThrows(EditException.class,
                () -> editor.replay(older, image, null, EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.RECORD_MISMATCH, refused.reason());
        assertTrue(refused.getMessage().contains("earlier version"), refused.getMessage());
    }

    @Test
    void expansionDoublesTheSizeAndShrinksBackToTheInput() {
        ArgbImage image = FakeModels.picture(150, 101);
        EditResult result = editor.run(EditRequest.expand(image, settings.withClassId(1)), EditListener.NONE,
                Cancellation.none());
        assertEquals(300, result.image().width());
        assertEquals(202, result.image().height());
        double psnr = result.record().measurements().get("psnr_downscaled_vs_input");
        assertEquals(psnr, ImageMetrics.psnr(Resampler.resize(result.image(), 150, 101), image), 1e-9);
        assertTrue(psnr > 30, "back-projection brings the shrunk result close to the input: " + psnr + " dB");
    }

    @Test
    void recordRoundTripsThroughJsonAndReplaysExactly() {
        ArgbImage image = FakeModels.picture(300, 200);
        PixelMask mask = PixelMask.ofRect(300, 200, new Rect(100, 50, 90, 80));
        EditResult first = editor.run(EditRequest.inpaint(image, mask, settings.withVariants(2).withClassId(7)),
                EditListener.NONE, Cancellation.none());
        EditRecord parsed = EditRecord.fromJson(first.record().toJson());
        assertEquals(first.record(), parsed);
        EditResult again = editor.replay(parsed, image, mask, EditListener.NONE, Cancellation.none());
        assertEquals(first.record().outputs(), again.record().outputs());
        assertTrue(first.images().get(1).samePixels(again.images().get(1)));
        EditException other = assertThrows(EditException.class, () -> editor.replay(parsed,
                FakeModels.picture(300, 201), mask, EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.RECORD_MISMATCH, other.reason());
    }

    @Test
    void generateMakesOneNativeImagePerVariant() {
        EditResult result = editor.run(EditRequest.generate(settings.withVariants(2).withClassId(4)), EditListener.NONE,
                Cancellation.none());
        assertEquals(2, result.images().size());
        assertEquals(256, result.image().width());
        assertNotEquals(result.record().outputs().get(0), result.record().outputs().get(1));
    }

    @Test
    void aClassTheModelDoesNotHaveIsRefused() {
        EditException cls = assertThrows(EditException.class, () -> editor.run(
                EditRequest.generate(settings.withClassId(10)), EditListener.NONE, Cancellation.none()));
        assertTrue(cls.getMessage().contains("found 10"), cls.getMessage());
    }

    /** Every pixel farther than {@code band} from the mask is identical. */
    static void assertOnlyBandChanged(ArgbImage before, ArgbImage after, PixelMask mask, int band) {
        float[] distance = Compositor.distanceToMask(mask, before.bounds());
        int changedFar = 0;
        for (int i = 0; i < distance.length; i++) {
            if (distance[i] >= band && before.pixels()[i] != after.pixels()[i]) {
                changedFar++;
            }
        }
        assertEquals(0, changedFar, "pixels changed farther than " + band + " from the mask");
    }
}
