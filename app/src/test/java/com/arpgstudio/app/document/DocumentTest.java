package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class DocumentTest {

    private static ArgbImage gradient(int w, int h) {
        ArgbImage r = ArgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.set(x, y, 0xff000000 | (x * 255 / w) << 16 | (y * 255 / h) << 8);
            }
        }
        return r;
    }

    @Test
    void strokeIsOneUndoableStepStoredAsItsBoundingBox() {
        Document doc = new Document(gradient(400, 300), null, null, 1 << 20);
        Document.MaskEdit stroke = doc.beginMaskEdit("Brush stroke");
        stroke.apply(m -> MaskPaint.segment(m, 50, 50, 100, 60, 5, true));
        stroke.apply(m -> MaskPaint.segment(m, 100, 60, 150, 80, 5, true));
        assertTrue(stroke.commit());
        assertEquals(1, doc.history().undoDepth());
        assertTrue(doc.history().byteSize() < 2L * 120 * 45, "stored " + doc.history().byteSize() + " bytes");
        long painted = doc.mask().count();
        assertTrue(painted > 0);
        doc.undo();
        assertTrue(doc.mask().isEmpty());
        doc.redo();
        assertEquals(painted, doc.mask().count());
    }

    @Test
    void emptyEditsAreNotRecorded() {
        Document doc = new Document(gradient(40, 30), null, null, 1 << 20);
        assertFalse(doc.beginMaskEdit("nothing").commit());
        doc.editMask("Clear", MaskPaint::clear);
        assertFalse(doc.history().canUndo());
    }

    @Test
    void imageEditClearsTheMaskAndUndoesAsOneStep() {
        ArgbImage original = gradient(64, 48);
        Document doc = new Document(original.copy(), null, null, 1 << 20);
        doc.editMask("rect", m -> MaskPaint.rectangle(m, new Rect(10, 10, 8, 8), true));
        ArgbImage result = original.copy();
        for (int y = 10; y < 18; y++) {
            for (int x = 10; x < 18; x++) {
                result.set(x, y, 0xffff0000);
            }
        }
        doc.applyImageEdit("Generative fill", result, "{\"seed\":1}");
        assertArrayEquals(result.pixels(), doc.image().pixels());
        assertTrue(doc.mask().isEmpty());
        assertEquals("{\"seed\":1}", doc.lastEditRecord().orElseThrow());
        assertArrayEquals(original.pixels(), doc.imageBeforeLastEdit().orElseThrow().pixels());

        doc.undo();
        assertArrayEquals(original.pixels(), doc.image().pixels());
        assertEquals(64, doc.mask().count());
        assertTrue(doc.lastEditRecord().isEmpty());
        doc.redo();
        assertArrayEquals(result.pixels(), doc.image().pixels());
        assertEquals("{\"seed\":1}", doc.lastEditRecord().orElseThrow());
    }

    @Test
    void resizingEditsSwapTheWholeImage() {
        ArgbImage original = gradient(32, 16);
        Document doc = new Document(original.copy(), null, null, 1 << 20);
        int[] resized = {0};
        doc.addListener(new Document.Listener() {
            @Override
            public void imageChanged(Rect rect) {}

            @Override
            public void maskChanged(Rect rect) {}

            @Override
            public void resized() {
                resized[0]++;
            }
        });
        doc.applyImageEdit("Outpaint", gradient(48, 16), null);
        assertEquals(48, doc.width());
        assertEquals(48, doc.mask().width());
        assertEquals(32, doc.imageBeforeLastEdit().orElseThrow().width());
        doc.undo();
        assertEquals(32, doc.width());
        assertArrayEquals(original.pixels(), doc.image().pixels());
        assertEquals(2, resized[0]);
    }

    @Test
    void anOutpaintUsesUpThePendingMarginsAndItsUndoBringsThemBack() {
        Document doc = new Document(gradient(32, 16), null, null, 1 << 20);
        int[] heard = {0};
        doc.addListener(new Document.Listener() {
            @Override
            public void marginsChanged() {
                heard[0]++;
            }
        });
        doc.setPendingMargins("Outpaint margins", new Margins(0, 0, 16, 0));
        doc.setPendingMargins("Outpaint margins", new Margins(0, 0, 16, 0));
        assertEquals(1, doc.history().undoDepth(), "the same margins again record nothing");
        doc.applyImageEdit("Outpaint", gradient(48, 16), null);
        assertEquals(Document.NO_MARGINS, doc.pendingMargins());
        assertEquals(2, doc.history().undoDepth(), "the outpaint and its margins' end are one step");
        doc.undo();
        assertEquals(32, doc.width());
        assertEquals(new Margins(0, 0, 16, 0), doc.pendingMargins());
        doc.undo();
        assertEquals(Document.NO_MARGINS, doc.pendingMargins());
        assertEquals(4, heard[0]);
        assertFalse(doc.history().canUndo());
    }

    @Test
    void historyForgetsTheOldestChangesBeyondItsBudget() {
        // room for three bands: each keeps the 100 x 10 mask pixels before and after it, a bit each
        Document doc = new Document(gradient(100, 100), null, null, 3 * 2 * (100 * 10 / 8));
        for (int i = 0; i < 6; i++) {
            int row = i * 10;
            doc.editMask("band " + i, m -> MaskPaint.rectangle(m, new Rect(0, row, 100, 10), true));
        }
        assertEquals(3, doc.history().undoDepth());
        assertTrue(doc.history().byteSize() <= doc.history().budgetBytes());
        while (doc.undo()) {
            // undo everything still kept
        }
        assertEquals(30 * 100, doc.mask().count(), "the three oldest bands can no longer be undone");
    }

    @Test
    void newChangeDropsTheRedoStack() {
        Document doc = new Document(gradient(10, 10), null, null, 1 << 20);
        doc.editMask("a", m -> MaskPaint.rectangle(m, new Rect(0, 0, 2, 2), true));
        doc.undo();
        assertTrue(doc.history().canRedo());
        doc.editMask("b", m -> MaskPaint.rectangle(m, new Rect(5, 5, 2, 2), true));
        assertFalse(doc.history().canRedo());
    }

    @Test
    void anAcquiredImageStaysAsItWasWhileTheDocumentIsEdited() {
        ArgbImage start = ArgbImage.blank(30, 20);
        java.util.Arrays.fill(start.pixels(), 0xff102030);
        Document doc = new Document(start, null, null, 1 << 20);
        ArgbImage acquired = doc.acquireImage();
        ArgbImage result = start.copy();
        result.set(3, 4, 0xffffffff);
        doc.applyImageEdit("fill", result, null);
        assertEquals(0xff102030, acquired.get(3, 4), "the reader's image is untouched");
        assertEquals(0xffffffff, doc.image().get(3, 4));
        assertTrue(doc.image() != acquired, "the edit went to a copy");
        doc.releaseImage(acquired); // of an image no longer the document's: nothing to do

        ArgbImage current = doc.acquireImage();
        doc.releaseImage(current);
        doc.undo();
        assertTrue(doc.image() == current, "released: edits write in place again");
        assertEquals(0xff102030, doc.image().get(3, 4));
    }
}
