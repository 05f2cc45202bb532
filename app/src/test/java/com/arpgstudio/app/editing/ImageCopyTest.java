package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageCopyTest {

    @Test
    void copyTakesTheWholeImageOrTheMasksBoundingBox() {
        Document doc = new Document(ArgbImage.blank(90, 70), null, List.of(), 1 << 20);
        assertEquals(new Rect(0, 0, 90, 70), ImageCopy.region(doc));
        doc.editMask("two", m -> {
            MaskPaint.rectangle(m, new Rect(10, 5, 4, 4), true);
            return MaskPaint.rectangle(m, new Rect(50, 40, 2, 3), true);
        });
        assertEquals(new Rect(10, 5, 42, 38), ImageCopy.region(doc));
    }
}
