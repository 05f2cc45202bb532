package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import org.junit.jupiter.api.Test;

class MaskBrushTest {

    static Pointer at(double x, double y) {
        return new Pointer(x, y, x, y, false);
    }

    @Test
    void aStrokePaintsAlongTheDragAsOneUndoStepAndTheEraserTakesItBack() {
        Document doc = new Document(ArgbImage.blank(100, 60), null, null, 1 << 20);
        ToolSettings settings = new ToolSettings();
        settings.brushSizeProperty().set(10);
        MaskBrush brush = new MaskBrush(() -> doc, settings, true);
        brush.press(at(10, 30));
        brush.drag(at(50, 30));
        brush.drag(at(90, 30));
        brush.release(at(90, 30));
        assertTrue(doc.mask().get(50, 30) && doc.mask().get(70, 32), "painted between the drag's points");
        assertFalse(doc.mask().get(50, 45), "no wider than the brush");
        assertEquals(1, doc.history().undoDepth());

        MaskBrush eraser = new MaskBrush(() -> doc, settings, false);
        eraser.press(at(50, 30));
        eraser.release(at(50, 30));
        assertFalse(doc.mask().get(50, 30));
        assertTrue(doc.mask().get(20, 30));
        assertEquals(2, doc.history().undoDepth());
    }

    /** A soft brush (hardness below 1) paints full coverage near the stroke and less towards its edge. */
    @Test
    void aSoftBrushFadesTowardsItsEdge() {
        Document doc = new Document(ArgbImage.blank(100, 60), null, null, 1 << 20);
        ToolSettings settings = new ToolSettings();
        settings.brushSizeProperty().set(20);
        settings.hardnessProperty().set(0.2);
        MaskBrush brush = new MaskBrush(() -> doc, settings, true);
        brush.press(at(20, 30.5));
        brush.drag(at(80, 30.5));
        brush.release(at(80, 30.5));
        byte[] values = doc.mask().coverageValues();
        assertEquals(255, values[30 * 100 + 50] & 0xff, "the stroke's line is fully covered");
        int near = values[25 * 100 + 50] & 0xff;                         // 5.5 px from the line
        int far = values[22 * 100 + 50] & 0xff;                          // 8.5 px from the line
        assertTrue(near > far && far > 0 && near < 255, "coverage falls towards the edge: " + near + ", " + far);
        assertEquals(0, values[19 * 100 + 50], "nothing beyond the radius");
    }
}
