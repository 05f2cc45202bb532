package com.arpgstudio.app.canvas;

import static com.arpgstudio.app.canvas.MaskBrushTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import org.junit.jupiter.api.Test;

class RectangleSelectionTest {

    @Test
    void aDragAddsItsRectangleAndAltAtTheReleaseSubtracts() {
        Document doc = new Document(ArgbImage.blank(100, 60), null, null, 1 << 20);
        ToolSettings settings = new ToolSettings();
        RectangleSelection select = new RectangleSelection(() -> doc, settings);
        select.press(at(40, 30));
        select.drag(at(20, 10));
        select.release(at(20, 10));
        assertEquals(20 * 20, doc.mask().count(), "from either corner");

        select.press(at(20, 10));
        select.drag(at(30, 30));
        select.release(new Pointer(30, 30, 30, 30, true));
        assertEquals(10 * 20, doc.mask().count());

        settings.subtractProperty().set(true);
        select.press(at(50, 10));
        select.drag(at(60, 20));
        select.release(new Pointer(60, 20, 60, 20, true));
        assertEquals(10 * 20 + 10 * 10, doc.mask().count(), "Alt adds in subtract mode");
        select.press(at(5, 5));
        select.release(at(5, 5));
        assertEquals(3, doc.history().undoDepth(), "an empty rectangle is no edit");
    }
}
