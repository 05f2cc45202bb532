package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

/** Choosing and applying are exercised through EditorViewModelTest; here the thumbnail area and the empty state. */
class VariantsTest {

    private final Document doc = new Document(ArgbImage.blank(200, 100), null, null, 1 << 20);

    @Test
    void aSmallFillIsShownWithAQuarterOfItsSizeAroundItClippedToTheImage() {
        PixelMask mask = new PixelMask(200, 100);
        MaskPaint.rectangle(mask, new Rect(10, 10, 80, 40), true);
        assertEquals(new Rect(0, 0, 110, 70), Variants.editedArea(new EditJob.Inpaint(doc.image(), mask, 0), doc));
    }

    @Test
    void anOutpaintShowsItsNewBordersAndAnExpansionTheWholeDoubledImage() {
        // the 20 new rows at the bottom of a 200 x 120 result, with 50 px (a quarter of 200) above them
        assertEquals(new Rect(0, 50, 200, 70),
                Variants.editedArea(new EditJob.Outpaint(doc.image(), 0, 0, 0, 20, 0), doc));
        assertEquals(new Rect(0, 0, 400, 200), Variants.editedArea(new EditJob.Expand(doc.image()), doc));
    }

    @Test
    void withNothingToChooseDiscardSaysNothingAndChoosingIsIgnored() {
        SimpleStringProperty message = new SimpleStringProperty("");
        Variants variants = new Variants(() -> doc, message, (p, r) -> { }, new RerollControls(), 1 << 20);
        variants.choose(0);
        variants.discard();
        assertEquals("", message.get());
        assertEquals(-1, variants.selectedProperty().get());
        assertFalse(variants.choosingProperty().get());
    }
}
