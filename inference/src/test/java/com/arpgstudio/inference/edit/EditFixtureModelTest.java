package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation end to end on the fixture's real (tiny, random) engine and tokenizer: the
 * mechanics a user relies on, whatever the weights draw.
 */
@ReferenceFixtures.Needed
class EditFixtureModelTest {

    private static LoadedModels loaded;
    private static Editor editor;
    /** Side of the test images: half the model's window, so the tests stay quick on a shared CPU. */
    private static int window;
    private static int nativeWindow;

    private final SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(8).withSeed(7);

    @BeforeAll
    static void load() throws Exception {
        loaded = FixtureModels.load();
        editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE);
        nativeWindow = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize();
        window = nativeWindow / 2;
    }

    @AfterAll
    static void close() {
        loaded.close();
    }

    @Test
    void inpaintRegeneratesExactlyTheMaskedTokensAndKeepsEveryOtherPixel() {
        ArgbImage image = FakeModels.picture(window, window);
        Rect hole = new Rect(window / 4, window / 4, window / 2, window / 2);
        PixelMask mask = PixelMask.ofRect(window, window, hole);
        TreeSet<Integer> produced = new TreeSet<>();
        List<EditListener.Step> steps = new ArrayList<>();
        EditResult result = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(1)), new EditListener() {
            @Override
            public void onStep(Step step) {
                steps.add(step);
                Arrays.stream(step.positions()).forEach(produced::add);
            }
        }, Cancellation.none());

        int patch = loaded.models().tokenizer().patchSize();
        int columns = window / patch;
        int dilation = EditOptions.defaults().dilationPixels();
        TreeSet<Integer> expected = new TreeSet<>();
        IntStream.range(0, columns * columns).filter(p -> !new Rect((p % columns) * patch - dilation,
                (p / columns) * patch - dilation, patch + 2 * dilation, patch + 2 * dilation).intersect(hole).isEmpty())
                .forEach(expected::add);
        assertEquals(expected, produced, "the tokens generated are exactly those whose cells touch the mask");
        assertEquals(steps.size(), steps.get(0).stepCount());
        assertTrue(steps.get(steps.size() - 1).previews().get(0).decoded(), "the last step shows a full decode");
        EditMechanicsTest.assertOnlyBandChanged(image, result.image(), mask, EditOptions.defaults().featherPixels());
        assertFalse(image.samePixels(result.image()));
    }

    @Test
    void sameSeedSamePixels() {
        ArgbImage image = FakeModels.picture(window + 37, window - 21);
        PixelMask mask = PixelMask.ofRect(image.width(), image.height(), new Rect(30, 40, 50, 30));
        String a = editor.run(EditRequest.inpaint(image, mask, settings), EditListener.NONE,
                Cancellation.none()).record().outputs().get(0);
        String b = editor.run(EditRequest.inpaint(image, mask, settings), EditListener.NONE,
                Cancellation.none()).record().outputs().get(0);
        String c = editor.run(EditRequest.inpaint(image, mask, settings.withSeed(8)), EditListener.NONE,
                Cancellation.none()).record().outputs().get(0);
        assertEquals(a, b);
        assertFalse(a.equals(c), "another seed draws other tokens");
    }

    @Test
    void cancellingAfterTheFirstStepStopsAndLeavesTheInput() {
        ArgbImage image = FakeModels.picture(window, window);
        ArgbImage before = image.copy();
        PixelMask mask = PixelMask.ofRect(window, window, new Rect(0, 0, window, window / 2));
        Cancellation cancellation = new Cancellation();
        List<Integer> seen = new ArrayList<>();
        assertThrows(CancelledException.class, () -> editor.run(EditRequest.inpaint(image, mask,
                settings.withClassId(2)),
                new EditListener() {
                    @Override
                    public void onStep(Step step) {
                        seen.add(step.step());
                        cancellation.cancel();
                    }
                }, cancellation));
        assertEquals(List.of(0), seen);
        assertTrue(before.samePixels(image));
    }

    @Test
    void variantsShareTheBatchAndDiffer() {
        ArgbImage image = FakeModels.picture(window, window);
        PixelMask mask = PixelMask.ofRect(window, window, new Rect(0, 0, window / 2, window / 2));
        EditResult result = editor.run(EditRequest.inpaint(image, mask, settings.withVariants(2).withClassId(3)),
                EditListener.NONE, Cancellation.none());
        assertEquals(2, result.images().size());
        assertFalse(result.record().outputs().get(0).equals(result.record().outputs().get(1)));
    }

    @Test
    void recordWrittenToDiskReplaysToTheSamePixels(@TempDir Path dir) throws Exception {
        ArgbImage image = FakeModels.picture(nativeWindow + 64, window);
        PixelMask mask = PixelMask.ofRect(image.width(), image.height(), new Rect(200, 10, 100, 40));
        EditResult first = editor.run(EditRequest.inpaint(image, mask, settings.withClassId(4)), EditListener.NONE,
                Cancellation.none());
        Path file = dir.resolve("edit.json");
        first.record().write(file);
        assertTrue(Files.readString(file).contains("\"operation\": \"INPAINT\""));
        EditResult again = editor.replay(EditRecord.read(file), image, mask, EditListener.NONE, Cancellation.none());
        assertEquals(first.record().outputs(), again.record().outputs());
        assertTrue(first.image().samePixels(again.image()));
    }

    @Test
    void outpaintKeepsTheOriginalAndExpandDoublesTheSize() {
        ArgbImage image = FakeModels.picture(100, 80);
        EditResult outpainted = editor.run(EditRequest.outpaint(image, new Margins(0, 0, 60, 20),
                settings.withClassId(5)),
                EditListener.NONE, Cancellation.none());
        assertEquals(160, outpainted.image().width());
        assertEquals(100, outpainted.image().height());
        assertTrue(outpainted.image().crop(new Rect(0, 0, 100, 80)).samePixels(image));

        ArgbImage small = FakeModels.picture(72, 40);
        EditResult expanded = editor.run(EditRequest.expand(small, settings.withClassId(5)), EditListener.NONE,
                Cancellation.none());
        assertEquals(144, expanded.image().width());
        assertEquals(80, expanded.image().height());
        assertTrue(expanded.record().measurements().get("psnr_downscaled_vs_input") > 25,
                expanded.record().measurements().toString());
    }

    /**
     * On the real engine: a re-roll of a variant keeps every token outside the brush, generates
     * every token under it from the others (no encoding), changes no pixel outside the brush and
     * its feather, keeps each token's confidence (a probability) beside it, and its record
     * replays bit for bit.
     */
    @Test
    void rerollKeepsEveryOtherTokenAndPixelAndReplaysBitForBit(@TempDir Path dir) throws Exception {
        ArgbImage image = FakeModels.picture(window, window);
        PixelMask mask = PixelMask.ofRect(window, window, new Rect(window / 4, window / 4, window / 2, window / 2));
        EditResult fill = editor.run(EditRequest.inpaint(image, mask, settings.withVariants(2).withClassId(3)),
                EditListener.NONE, Cancellation.none());
        FillTokens base = fill.tokens().get(1);
        WindowTokens before = base.windows().get(0);
        for (int c = 0; c < before.cells().length; c++) {
            float p = before.probabilities()[c];
            assertTrue(before.generated(c) ? p > 0 && p <= 1 && before.entropies()[c] >= 0 : Float.isNaN(p),
                    "cell " + c + ": " + p);
        }
        PixelMask brush = PixelMask.ofRect(window, window, new Rect(window / 4, window / 4, window / 4, window / 8));
        TokenSelection selection = base.under(brush, null);
        assertTrue(selection.count() > 0);
        List<int[]> produced = new ArrayList<>();
        EditResult reroll = editor.run(EditRequest.reroll(fill.images().get(1), base, selection, brush,
                settings.withSeed(70).withClassId(3)), new EditListener() {
                    @Override
                    public void onStep(Step step) {
                        produced.add(step.positions());
                    }
                }, Cancellation.none());
        int[] generated = produced.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(selection.of(0), generated, "exactly the tokens under the brush are generated");
        WindowTokens after = reroll.tokens().get(0).windows().get(0);
        int changed = 0;
        for (int c = 0; c < before.cells().length; c++) {
            if (Arrays.binarySearch(selection.of(0), c) < 0) {
                assertEquals(before.codes()[c], after.codes()[c], "token " + c + " outside the brush");
            } else if (before.codes()[c] != after.codes()[c]) {
                changed++;
            }
        }
        assertTrue(changed > 0, "the re-roll drew other tokens");
        EditMechanicsTest.assertOnlyBandChanged(fill.images().get(1), reroll.image(), brush,
                EditOptions.defaults().featherPixels());

        Path file = dir.resolve("reroll.json");
        reroll.record().write(file);
        EditResult again = editor.replay(EditRecord.read(file), fill.images().get(1), brush, EditListener.NONE,
                Cancellation.none());
        assertTrue(reroll.image().samePixels(again.image()), "the replay is bit for bit the re-roll");
        assertEquals(reroll.tokens(), again.tokens());
    }

    @Test
    void generateMakesANativeSizeImage() {
        EditResult result = editor.run(EditRequest.generate(settings.withClassId(0)), EditListener.NONE,
                Cancellation.none());
        assertEquals(nativeWindow, result.image().width());
        assertEquals(nativeWindow, result.image().height());
    }
}
