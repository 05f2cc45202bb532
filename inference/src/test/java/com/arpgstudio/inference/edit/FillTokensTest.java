package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Selections and the probability map of a fill's tokens, on a hand-made 4 x 4 window of 8 px cells. */
class FillTokensTest {

    /** A 32 x 32 window at (8, 0) of a 48 x 32 canvas, target its right half; cells 0..15, row by row. */
    private static final Window WINDOW = new Window(new Rect(8, 0, 32, 32), new Rect(24, 0, 16, 32), 4, 4, 2.0);

    /** Cells 2, 3, 6, 7, 10, 11 generated, with probabilities 0.1 .. 0.6; cell 15 excluded; the rest known. */
    private static FillTokens tokens(Rect locked) {
        byte[] cells = new byte[16];
        int[] codes = new int[16];
        float[] probabilities = new float[16];
        float[] entropies = new float[16];
        Arrays.fill(probabilities, Float.NaN);
        Arrays.fill(entropies, Float.NaN);
        int[] generated = {2, 3, 6, 7, 10, 11};
        for (int i = 0; i < generated.length; i++) {
            cells[generated[i]] = TokenCells.UNKNOWN;
            probabilities[generated[i]] = 0.1f * (i + 1);
            entropies[generated[i]] = 2;
        }
        cells[15] = TokenCells.EXCLUDED;
        Arrays.setAll(codes, i -> i * 3);
        return new FillTokens(List.of(new WindowTokens(WINDOW, cells, codes, probabilities, entropies)), locked);
    }

    @Test
    void theBrushSelectsGeneratedCellsInTheTargetLessPinsAndLocked() {
        FillTokens fill = tokens(null);
        PixelMask all = PixelMask.ofRect(48, 32, new Rect(0, 0, 48, 32));
        assertArrayEquals(new int[] {2, 3, 6, 7, 10, 11}, fill.under(all, null).of(0));
        // a stroke left of the target touches no generated cell the window is responsible for
        assertEquals(0, fill.under(PixelMask.ofRect(48, 32, new Rect(8, 0, 16, 32)), null).count());
        PixelMask pins = PixelMask.ofRect(48, 32, new Rect(26, 9, 1, 1));        // in cell 6 (x 24..32, y 8..16)
        assertArrayEquals(new int[] {2, 3, 7, 10, 11}, fill.under(all, pins).of(0));
        FillTokens locked = tokens(new Rect(24, 0, 24, 12));                       // rows 0 and half of row 1
        assertArrayEquals(new int[] {6, 7, 10, 11}, locked.under(all, null).of(0));
    }

    @Test
    void belowSelectsTheDoubtfulGeneratedCells() {
        FillTokens fill = tokens(null);
        assertArrayEquals(new int[] {2, 3}, fill.below(0.25, null).of(0));
        assertArrayEquals(new int[] {2, 3, 6, 7, 10, 11}, fill.below(1.01, null).of(0));
        assertEquals(0, fill.below(0.05, null).count());
    }

    @Test
    void theProbabilityMapCoversEachGeneratedCellAndNothingElse() {
        float[] map = tokens(null).probabilityMap(48, 32);
        assertEquals(0.1f, map[0 * 48 + 24]);                                      // cell 2: x 24..32, y 0..8
        assertEquals(0.2f, map[7 * 48 + 39]);                                      // cell 3
        assertEquals(0.6f, map[23 * 48 + 32]);                                     // cell 11: x 32..40, y 16..24
        assertTrue(Float.isNaN(map[0]) && Float.isNaN(map[30 * 48 + 36]) && Float.isNaN(map[5 * 48 + 12]));
        long covered = 0;
        for (float p : map) {
            covered += Float.isNaN(p) ? 0 : 1;
        }
        assertEquals(6 * 64, covered);
    }

    @Test
    void selectionPixelsAndSizeChecks() {
        FillTokens fill = tokens(null);
        PixelMask pixels = fill.below(0.25, null).pixels(fill, 48, 32);
        assertEquals(new Rect(24, 0, 16, 8), pixels.bounds());
        assertEquals(128, pixels.count());
        assertTrue(fill.bytes() > 16 * 13);
        assertThrows(IllegalArgumentException.class, () -> new FillTokens(List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new TokenSelection(List.of(new int[] {3, 3})));
    }
}
