package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanvasPreviewTest {

    private final CanvasPreview preview = new CanvasPreview();
    private final List<Rect> told = new ArrayList<>();

    CanvasPreviewTest() {
        preview.addListener((shown, changed) -> told.add(changed));
    }

    @Test
    void aNewPreviewRedrawsBothPlacementsTheOldAndTheNew() {
        Preview first = new Preview(new Rect(0, 0, 10, 10), ArgbImage.blank(10, 10), true);
        Preview second = new Preview(new Rect(20, 0, 10, 10), ArgbImage.blank(10, 10), true);
        preview.show(first, Rect.EMPTY);
        preview.show(second, Rect.EMPTY);
        assertEquals(List.of(new Rect(0, 0, 10, 10), new Rect(0, 0, 30, 10)), told);
        assertSame(second, preview.previewProperty().get());
    }

    @Test
    void aPreviewThatChangedInPlaceRedrawsOnlyWhereItChanged() {
        Preview running = new Preview(new Rect(0, 0, 10, 10), ArgbImage.blank(10, 10), true);
        preview.show(running, Rect.EMPTY);
        told.clear();
        preview.show(running, new Rect(2, 2, 3, 3));
        preview.show(running, Rect.EMPTY);
        assertEquals(List.of(new Rect(2, 2, 3, 3)), told, "an empty change is no news");
    }

    @Test
    void clearingRedrawsWhereThePreviewWasAndClearingNothingIsSilent() {
        preview.show(null, Rect.EMPTY);
        assertEquals(List.of(), told);
        preview.show(new Preview(new Rect(1, 1, 4, 4), ArgbImage.blank(4, 4), true), Rect.EMPTY);
        preview.show(null, Rect.EMPTY);
        assertEquals(new Rect(1, 1, 4, 4), told.get(1));
        assertNull(preview.previewProperty().get());
    }
}
