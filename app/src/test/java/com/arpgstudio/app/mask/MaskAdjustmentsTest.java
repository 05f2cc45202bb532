package com.arpgstudio.app.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

class MaskAdjustmentsTest {

    @Test
    void growAndShrinkAreUndoStepsOfTheDistanceSetAndSaySo() {
        Document doc = new Document(ArgbImage.blank(80, 60), null, List.of(), 1 << 20);
        doc.editMask("rect", m -> MaskPaint.rectangle(m, new Rect(30, 20, 10, 10), true));
        List<String> said = new ArrayList<>();
        MaskAdjustments adjustments = new MaskAdjustments(new SimpleObjectProperty<>(doc), said::add);
        adjustments.distanceProperty().set(4);
        adjustments.grow();
        PixelMask square = PixelMask.ofRect(80, 60, new Rect(30, 20, 10, 10));
        assertEquals(square.grown(4).count(), doc.mask().count());
        assertEquals(List.of("Mask grown by 4 px"), said);
        assertTrue(doc.undo());
        assertEquals(100, doc.mask().count(), "one undo step");
        adjustments.shrink();
        assertEquals(square.shrunk(4).count(), doc.mask().count());
    }

    @Test
    void distanceAndFeatherStayWithinTheirLimits() {
        MaskAdjustments adjustments = new MaskAdjustments(new SimpleObjectProperty<>(), text -> { });
        assertEquals(EditOptions.DEFAULT_FEATHER_PIXELS, adjustments.featherProperty().get());
        adjustments.featherProperty().set(EditOptions.MAX_FEATHER_PIXELS + 10);
        assertEquals(EditOptions.MAX_FEATHER_PIXELS, adjustments.featherProperty().get());
        adjustments.featherValueProperty().set(-3);
        assertEquals(EditOptions.MIN_FEATHER_PIXELS, adjustments.featherProperty().get());
        adjustments.featherProperty().set(20);
        assertEquals(20, adjustments.editOptions().featherPixels());
        adjustments.distanceProperty().set(0);
        assertEquals(MaskAdjustments.MIN_DISTANCE, adjustments.distanceProperty().get());
        adjustments.distanceProperty().set(PixelMask.MAX_GROW_PIXELS + 1);
        assertEquals(MaskAdjustments.MAX_DISTANCE, adjustments.distanceProperty().get());
        adjustments.grow(); // no document: nothing to do, nothing thrown
    }
}
