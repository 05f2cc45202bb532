package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Margins;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutpaintAmountsTest {

    private static Document document() {
        return new Document(ArgbImage.blank(64, 48), null, null, 1 << 20);
    }

    @Test
    void anySideMakesItPendingAndResetClearsAllFourInOneStep() {
        Document doc = document();
        OutpaintAmounts amounts = new OutpaintAmounts();
        amounts.attach(doc);
        assertFalse(amounts.pending());
        amounts.bottomProperty().set(8);
        assertTrue(amounts.pending());
        amounts.leftProperty().set(16);
        amounts.topProperty().set(4);
        amounts.rightProperty().set(2);
        assertEquals(new Margins(16, 4, 2, 8), doc.pendingMargins());
        assertEquals(4, doc.history().undoDepth(), "a side typed is a step");
        amounts.reset();
        assertFalse(amounts.pending());
        assertEquals(Document.NO_MARGINS, doc.pendingMargins());
        assertEquals(5, doc.history().undoDepth(), "Reset is one step");
        doc.undo();
        assertEquals(new Margins(16, 4, 2, 8), amounts.margins(), "undoing Reset brings all four back");
    }

    @Test
    void undoAndRedoMoveTheAmountsWithoutRecordingAgain() {
        Document doc = document();
        OutpaintAmounts amounts = new OutpaintAmounts();
        amounts.attach(doc);
        amounts.rightProperty().set(64);
        doc.undo();
        assertEquals(0, amounts.rightProperty().get());
        assertTrue(doc.history().canRedo(), "showing the undone margins recorded nothing new");
        doc.redo();
        assertEquals(64, amounts.rightProperty().get());
        assertFalse(doc.history().canRedo());
        assertEquals(0, doc.imageRevision(), "margins change no pixel: the image is not modified");
    }

    @Test
    void aDragIsOneStepRecordedAtItsEnd() {
        Document doc = document();
        OutpaintAmounts amounts = new OutpaintAmounts();
        amounts.attach(doc);
        amounts.beginDrag();
        amounts.leftProperty().set(8);
        amounts.leftProperty().set(24);
        amounts.leftProperty().set(32);
        assertFalse(doc.history().canUndo());
        amounts.endDrag();
        assertEquals(1, doc.history().undoDepth());
        assertEquals(new Margins(32, 0, 0, 0), doc.pendingMargins());
    }

    @Test
    void eachDocumentKeepsItsOwnMargins() {
        Document first = document();
        Document second = document();
        OutpaintAmounts amounts = new OutpaintAmounts();
        amounts.attach(first);
        amounts.topProperty().set(16);
        amounts.attach(second);
        assertFalse(amounts.pending(), "another document has none pending");
        assertFalse(second.history().canUndo(), "showing them recorded nothing");
        amounts.attach(first);
        assertEquals(16, amounts.topProperty().get());
    }

    @Test
    void theListenerHearsEverySide() {
        OutpaintAmounts amounts = new OutpaintAmounts();
        AtomicInteger heard = new AtomicInteger();
        amounts.addListener(o -> heard.incrementAndGet());
        amounts.leftProperty().set(1);
        amounts.leftProperty().get();
        amounts.topProperty().set(1);
        amounts.topProperty().get();
        amounts.rightProperty().set(1);
        amounts.rightProperty().get();
        amounts.bottomProperty().set(1);
        amounts.bottomProperty().get();
        assertEquals(4, heard.get());
    }
}
