package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.Cursor;
import org.junit.jupiter.api.Test;

class EdgeHandlesTest {

    @Test
    void draggingTheRightHandleSetsItsAmountSnappedAndLimited() {
        Document doc = new Document(ArgbImage.blank(200, 100), null, null, 1 << 20);
        Viewport view = new Viewport(); // scale 1, no offset: screen = image coordinates
        var left = new SimpleIntegerProperty();
        var top = new SimpleIntegerProperty();
        var right = new SimpleIntegerProperty();
        var bottom = new SimpleIntegerProperty();
        AtomicInteger released = new AtomicInteger();
        EdgeHandles handles = new EdgeHandles(() -> doc, view, left, top, right, bottom, released::incrementAndGet);

        assertEquals(OutpaintFrame.Edge.RIGHT, handles.hit(203, 55));
        assertNull(handles.hit(100, 50), "the middle of the image is no handle");
        handles.press(new Pointer(200, 50, 200, 50, false));
        assertEquals(Cursor.H_RESIZE, handles.cursor());
        handles.drag(new Pointer(261, 50, 261, 50, false));
        assertEquals(64, right.get(), "61 px snapped to " + OutpaintFrame.SNAP);
        handles.drag(new Pointer(900, 50, 900, 50, false));
        assertEquals(200, right.get(), "at most the image's width again");
        handles.release(new Pointer(900, 50, 900, 50, false));
        assertEquals(1, released.get());
        assertEquals(0, left.get() + top.get() + bottom.get());
        assertEquals(400, handles.frame().width());
        assertTrue(handles.hit(400, 50) != null, "the handle moved with the frame");
    }
}
