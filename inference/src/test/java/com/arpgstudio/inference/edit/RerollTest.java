package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Re-rolls on stand-in models (see {@link FakeModels}): which tokens, which pixels, records. */
class RerollTest {

    private final EditModels models = FakeModels.of(16);
    private final FakeModels.Filler filler = (FakeModels.Filler) models.generator();
    private final Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY);
    private final SamplingSettings settings = SamplingSettings.DEFAULTS.withSeed(42).withClassId(3);
    private final int feather = EditOptions.defaults().featherPixels();

    @Test
    void regeneratesExactlyTheGeneratedTokensUnderTheBrushAndKeepsEveryOther() {
        ArgbImage image = FakeModels.picture(256, 256);
        EditResult fill = editor.run(EditRequest.inpaint(image, PixelMask.ofRect(256, 256, new Rect(64, 64, 128, 128)),
                settings.withVariants(2)), EditListener.NONE, Cancellation.none());
        FillTokens base = fill.tokens().get(1);                       // the second variant
        Rect stroke = new Rect(70, 90, 50, 20);
        PixelMask brush = PixelMask.ofRect(256, 256, stroke);
        PixelMask pins = PixelMask.ofRect(256, 256, new Rect(100, 100, 2, 2));
        TokenSelection selection = base.under(brush, pins);
        // cells (16 px) holding a stroke pixel, less the pinned cell (96..112, 96..112)
        int[] expected = IntStream.range(0, 256).filter(c -> {
            Rect cell = new Rect((c % 16) * 16, (c / 16) * 16, 16, 16);
            return !cell.intersect(stroke).isEmpty() && c != 6 * 16 + 6;
        }).toArray();
        assertArrayEquals(expected, selection.of(0));

        EditResult reroll = editor.run(EditRequest.reroll(fill.images().get(1), base, selection, brush,
                settings.withSeed(99)), EditListener.NONE, Cancellation.none());
        int[] filled = filler.fillCalls.get(filler.fillCalls.size() - 1).clone();
        Arrays.sort(filled);
        assertArrayEquals(expected, filled, "exactly the selected tokens are generated");
        assertEquals(256 - expected.length, filler.knownCalls.get(filler.knownCalls.size() - 1).length,
                "every other token of the window is known context");

        WindowTokens before = base.windows().get(0);
        WindowTokens after = reroll.tokens().get(0).windows().get(0);
        for (int c = 0; c < 256; c++) {
            boolean selected = Arrays.binarySearch(expected, c) >= 0;
            if (selected) {
                assertNotEquals(before.codes()[c], after.codes()[c], "cell " + c + " regenerated with another seed");
                assertEquals(after.codes()[c] / 256f, after.probabilities()[c], "its new confidence");
            } else {
                assertEquals(before.codes()[c], after.codes()[c], "cell " + c + " kept");
                assertEquals(before.probabilities()[c], after.probabilities()[c], 0f);
            }
            assertEquals(before.cells()[c], after.cells()[c], "what the fill did with each cell is unchanged");
        }
        EditMechanicsTest.assertOnlyBandChanged(fill.images().get(1), reroll.image(), brush, feather);
        assertFalse(fill.images().get(1).samePixels(reroll.image()));
    }

    @Test
    void unsureTokensAreTheGeneratedOnesBelowTheThresholdAndPinsStay() {
        ArgbImage image = FakeModels.picture(256, 256);
        EditResult fill = editor.run(EditRequest.inpaint(image, PixelMask.ofRect(256, 256, new Rect(32, 32, 160, 96)),
                settings), EditListener.NONE, Cancellation.none());
        FillTokens base = fill.tokens().get(0);
        WindowTokens window = base.windows().get(0);
        float[] probabilities = window.probabilities();
        int[] expected = IntStream.range(0, 256).filter(c -> window.generated(c) && probabilities[c] < 0.3f).toArray();
        assertTrue(expected.length > 3 && expected.length < window.generatedCount(), "some tokens are doubtful");
        assertArrayEquals(expected, base.below(0.3, null).of(0));
        PixelMask pins = TokenSelection.cellPixels(window.window(), new int[] {expected[0]}, 256, 256);
        TokenSelection selection = base.below(0.3, pins);
        assertArrayEquals(Arrays.copyOfRange(expected, 1, expected.length), selection.of(0), "a pinned token stays");

        PixelMask paint = selection.pixels(base, 256, 256);
        EditResult reroll = editor.run(EditRequest.reroll(fill.image(), base, selection, paint,
                settings.withSeed(5)), EditListener.NONE, Cancellation.none());
        EditMechanicsTest.assertOnlyBandChanged(fill.image(), reroll.image(), paint, feather);
        int[] codes = reroll.tokens().get(0).windows().get(0).codes();
        assertEquals(window.codes()[expected[0]], codes[expected[0]]);
    }

    @Test
    void outpaintRerollsSpanWindowsAndNeverTouchTheOriginal() {
        ArgbImage image = FakeModels.picture(200, 120);
        Margins margins = new Margins(0, 0, 300, 0);
        EditResult fill = editor.run(EditRequest.outpaint(image, margins, settings), EditListener.NONE,
                Cancellation.none());
        FillTokens base = fill.tokens().get(0);
        assertEquals(new Rect(0, 0, 200, 120), base.locked());
        assertTrue(base.windows().size() > 1, "the new area takes several windows");
        ArgbImage canvas = fill.image();
        PixelMask everything = PixelMask.ofRect(canvas.width(), canvas.height(), canvas.bounds());
        TokenSelection selection = base.under(everything, null);
        for (int k = 0; k < base.windows().size(); k++) {
            assertTrue(selection.of(k).length > 0, "window " + k + " has tokens under the brush");
        }
        int calls = filler.fillCalls.size();
        EditResult reroll = editor.run(EditRequest.reroll(canvas, base, selection, everything, settings.withSeed(1)),
                EditListener.NONE, Cancellation.none());
        assertEquals(calls + base.windows().size(), filler.fillCalls.size(), "one generation per window");
        assertTrue(reroll.image().crop(new Rect(0, 0, 200, 120)).samePixels(image), "the original stays identical");
        assertFalse(reroll.image().samePixels(canvas));
    }

    @Test
    void everyVariantOfARerollHasItsOwnSeedAndARerollCanBeRerolled() {
        ArgbImage image = FakeModels.picture(256, 256);
        PixelMask brush = PixelMask.ofRect(256, 256, new Rect(100, 100, 40, 40));
        EditResult fill = editor.run(EditRequest.inpaint(image, PixelMask.ofRect(256, 256, new Rect(64, 64, 128, 128)),
                settings), EditListener.NONE, Cancellation.none());
        FillTokens base = fill.tokens().get(0);
        EditResult three = editor.run(EditRequest.reroll(fill.image(), base, base.under(brush, null), brush,
                settings.withSeed(7).withVariants(3)), EditListener.NONE, Cancellation.none());
        assertEquals(3, three.images().size());
        assertEquals(List.of(7L, 8L, 9L), three.record().seeds());
        assertNotEquals(three.record().outputs().get(0), three.record().outputs().get(1));
        FillTokens second = three.tokens().get(2);
        PixelMask smaller = PixelMask.ofRect(256, 256, new Rect(100, 100, 10, 10));
        EditResult again = editor.run(EditRequest.reroll(three.images().get(2), second, second.under(smaller, null),
                smaller, settings.withSeed(11)), EditListener.NONE, Cancellation.none());
        EditMechanicsTest.assertOnlyBandChanged(three.images().get(2), again.image(), smaller, feather);
    }

    @Test
    void aRerollRecordRoundTripsThroughJsonAndReplaysExactly() {
        ArgbImage image = FakeModels.picture(256, 256);
        EditResult fill = editor.run(EditRequest.inpaint(image, PixelMask.ofRect(256, 256, new Rect(64, 64, 128, 128)),
                settings), EditListener.NONE, Cancellation.none());
        PixelMask brush = PixelMask.ofRect(256, 256, new Rect(64, 64, 30, 128));
        FillTokens base = fill.tokens().get(0);
        TokenSelection selection = base.under(brush, null);
        EditResult reroll = editor.run(EditRequest.reroll(fill.image(), base, selection, brush,
                settings.withSeed(3).withVariants(2)), EditListener.NONE, Cancellation.none());
        EditRecord parsed = EditRecord.fromJson(reroll.record().toJson());
        assertEquals(reroll.record(), parsed);
        assertEquals(Operation.REROLL, parsed.operation());
        assertEquals(selection, parsed.reroll().selection(), "the record names the re-rolled tokens");
        assertEquals(base, parsed.reroll().fill());
        EditResult again = editor.replay(parsed, fill.image(), brush, EditListener.NONE, Cancellation.none());
        assertEquals(reroll.record().outputs(), again.record().outputs());
        assertEquals(reroll.tokens(), again.tokens());
        EditException otherImage = assertThrows(EditException.class, () -> editor.replay(parsed, image, brush,
                EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.RECORD_MISMATCH, otherImage.reason());
    }

    @Test
    void aBrushOverNoGeneratedTokenOrAForeignSelectionIsRefused() {
        ArgbImage image = FakeModels.picture(256, 256);
        EditResult fill = editor.run(EditRequest.inpaint(image, PixelMask.ofRect(256, 256, new Rect(64, 64, 64, 64)),
                settings), EditListener.NONE, Cancellation.none());
        FillTokens base = fill.tokens().get(0);
        PixelMask far = PixelMask.ofRect(256, 256, new Rect(220, 220, 20, 20));
        EditException empty = assertThrows(EditException.class, () -> editor.run(EditRequest.reroll(fill.image(), base,
                base.under(far, null), far, settings), EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.EMPTY_MASK, empty.reason());
        TokenSelection known = new TokenSelection(List.of(new int[] {0}));     // a context token, not generated
        EditException foreign = assertThrows(EditException.class, () -> editor.run(EditRequest.reroll(fill.image(),
                base, known, far, settings), EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.RECORD_MISMATCH, foreign.reason());
        PixelMask small = new PixelMask(100, 100);
        EditException size = assertThrows(EditException.class, () -> editor.run(EditRequest.reroll(fill.image(), base,
                base.under(far, null), small, settings), EditListener.NONE, Cancellation.none()));
        assertEquals(EditException.Reason.MASK_SIZE_MISMATCH, size.reason());
    }

    @Test
    void expansionKeepsNoTokensAndGenerationKeepsOneWindow() {
        assertTrue(editor.run(EditRequest.expand(FakeModels.picture(64, 64), settings), EditListener.NONE,
                Cancellation.none()).tokens().isEmpty());
        EditResult generated = editor.run(EditRequest.generate(settings), EditListener.NONE, Cancellation.none());
        assertEquals(256, generated.tokens().get(0).generatedCount());
        PixelMask corner = PixelMask.ofRect(256, 256, new Rect(0, 0, 32, 32));
        EditResult reroll = editor.run(EditRequest.reroll(generated.image(), generated.tokens().get(0),
                generated.tokens().get(0).under(corner, null), corner, settings.withSeed(2)), EditListener.NONE,
                Cancellation.none());
        EditMechanicsTest.assertOnlyBandChanged(generated.image(), reroll.image(), corner, feather);
    }
}
