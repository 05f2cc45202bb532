package com.arpgstudio.app.canvas;

import static com.arpgstudio.app.canvas.MaskBrushTest.at;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import org.junit.jupiter.api.Test;

class LassoSelectionTest {

    @Test
    void theOutlineAddsItsInsideOrSubtractsIt() {
        Document doc = new Document(ArgbImage.blank(100, 60), null, null, 1 << 20);
        ToolSettings settings = new ToolSettings();
        LassoSelection lasso = new LassoSelection(() -> doc, settings);
        lasso.press(at(10, 10));
        lasso.drag(at(90, 10));
        lasso.drag(at(90, 50));
        lasso.release(at(90, 50));
        assertTrue(doc.mask().get(80, 15), "inside the triangle");
        assertFalse(doc.mask().get(15, 45), "outside it");

        settings.subtractProperty().set(true);
        lasso.press(at(60, 5));
        lasso.drag(at(95, 5));
        lasso.drag(at(95, 30));
        lasso.drag(at(60, 30));
        lasso.release(at(60, 30));
        assertFalse(doc.mask().get(80, 15), "subtracted");
        assertTrue(doc.mask().get(85, 45));
    }
}
