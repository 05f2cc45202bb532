package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

/** The run lifecycle itself is exercised through EditorViewModelTest; here what it computes alone. */
class GenerationTest {

    private final Document doc = new Document(ArgbImage.blank(100, 60), null, null, 1 << 20);

    @Test
    void anOutpaintLiesAroundTheImageAndAnInpaintOnIt() {
        assertEquals(new Rect(-10, -4, 130, 64),
                Generation.placementOf(new EditJob.Outpaint(doc.image(), 10, 4, 20, 0, 0), doc));
        assertEquals(new Rect(0, 0, 100, 60), Generation.placementOf(new EditJob.Expand(doc.image()), doc));
    }

    @Test
    void secondsHaveADecimalOnlyBelowTen() {
        assertEquals("9.5 s", Generation.formatSeconds(9.49));
        assertEquals("12 s", Generation.formatSeconds(12.4));
    }
}
