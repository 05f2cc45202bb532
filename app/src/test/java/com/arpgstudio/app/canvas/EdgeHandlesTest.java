package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.editing.OutpaintAmounts;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Margins;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Cursor;
import org.junit.jupiter.api.Test;

class EdgeHandlesTest {

    @Test
    void draggingTheRightHandleSetsItsAmountSnappedAndLimited() {
        Document doc = new Document(ArgbImage.blank(200, 100), null, null, 1 << 20);
        Viewport view = new Viewport(); // scale 1, no offset: screen = image coordinates
        OutpaintAmounts amounts = new OutpaintAmounts();
        amounts.attach(doc);
        var left = amounts.leftProperty();
        var top = amounts.topProperty();
        var right = amounts.rightProperty();
        var bottom = amounts.bottomProperty();
        AtomicInteger released = new AtomicInteger();
        EdgeHandles handles = new EdgeHandles(() -> doc, view, amounts, released::incrementAndGet);

        assertEquals(OutpaintFrame.Edge.RIGHT, handles.hit(203, 55));
        assertNull(handles.hit(100, 50), "the middle of the image is no handle");
        handles.press(new Pointer(200, 50, 200, 50, false));
        assertEquals(Cursor.H_RESIZE, handles.cursor());
        handles.drag(new Pointer(261, 50, 261, 50, false));
        assertEquals(64, right.get(), "61 px snapped to " + OutpaintFrame.SNAP);
        handles.drag(new Pointer(900, 50, 900, 50, false));
        assertEquals(200, right.get(), "at most the image's width again");
        assertFalse(doc.history().canUndo(), "nothing recorded while the handle moves");
        handles.release(new Pointer(900, 50, 900, 50, false));
        assertEquals(1, released.get());
        assertEquals(new Margins(0, 0, 200, 0), doc.pendingMargins(), "the drag's end is the document's margins");
        assertEquals(1, doc.history().undoDepth(), "one step for the whole drag");
        assertEquals(0, left.get() + top.get() + bottom.get());
        assertEquals(400, handles.frame().width());
        assertTrue(handles.hit(400, 50) != null, "the handle moved with the frame");

        doc.undo();
        assertEquals(0, right.get(), "undo takes the dragged edge back");
        assertEquals(200, handles.frame().width());
    }
}
