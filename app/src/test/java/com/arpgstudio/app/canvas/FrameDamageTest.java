package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class FrameDamageTest {

    @Test
    void startsAsTheWholeFrameAndClearsToNothing() {
        FrameDamage damage = new FrameDamage();
        assertTrue(damage.pending());
        assertTrue(damage.wholeFrame(), "the first frame is composed whole");
        damage.clear();
        assertFalse(damage.pending());
        assertFalse(damage.wholeFrame());
        assertEquals(FrameComposer.Changes.NONE, damage.changes());
    }

    @Test
    void collectsEachKindOfChangeAsTheUnionOfItsAreas() {
        FrameDamage damage = new FrameDamage();
        damage.clear();
        damage.image(new Rect(0, 0, 10, 10));
        damage.image(new Rect(20, 20, 5, 5));
        damage.mask(new Rect(3, 4, 2, 2));
        damage.preview(new Rect(7, 7, 1, 1));
        assertTrue(damage.pending());
        assertFalse(damage.wholeFrame(), "areas alone do not redraw the whole frame");
        assertEquals(new FrameComposer.Changes(new Rect(0, 0, 25, 25), new Rect(3, 4, 2, 2), new Rect(7, 7, 1, 1)),
                damage.changes());
        damage.all();
        assertTrue(damage.wholeFrame());
    }
}
