package com.arpgstudio.app.reroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.PixelMask;
import org.junit.jupiter.api.Test;

class BrushStrokesTest {

    @Test
    void strokesBecomeAMaskOfAResultWhereverItLies() {
        BrushStrokes strokes = new BrushStrokes();
        assertTrue(strokes.isEmpty());
        int before = strokes.revisionProperty().get();
        strokes.begin(10, 10, 2);
        strokes.extend(20, 10);
        assertEquals(1, strokes.strokes().size(), "the stroke in progress counts");
        strokes.end();
        strokes.begin(5, 30, 1);
        strokes.end();
        assertTrue(strokes.revisionProperty().get() > before);
        PixelMask mask = strokes.toMask(40, 40, 0, 0);
        // the first stroke: pixel centres within 2 of the segment (10, 10) - (20, 10)
        assertTrue(mask.get(8, 9) && mask.get(21, 10) && mask.get(15, 8) && mask.get(15, 11));
        assertFalse(mask.get(7, 10) || mask.get(22, 10) || mask.get(15, 7) || mask.get(15, 12));
        assertTrue(mask.get(5, 30) || mask.get(4, 29));
        // a result whose pixel (0, 0) lies at (-10, 0) in the document sees the stroke 10 px to the right
        PixelMask shifted = strokes.toMask(40, 40, -10, 0);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 30; x++) {
                assertEquals(mask.get(x, y), shifted.get(x + 10, y), "pixel " + x + "," + y);
            }
        }
        strokes.clear();
        assertTrue(strokes.isEmpty());
        assertTrue(strokes.toMask(40, 40, 0, 0).isEmpty());
    }
}
