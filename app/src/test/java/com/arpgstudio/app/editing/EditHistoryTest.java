package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.inference.edit.ArgbImage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

class EditHistoryTest {

    private final AtomicReference<Document> document = new AtomicReference<>();
    private final SimpleStringProperty message = new SimpleStringProperty("");
    private final AtomicBoolean generating = new AtomicBoolean();
    private final Variants variants = new Variants(document::get, message, (p, r) -> { },
            new RerollControls(), 1 << 20);
    private final EditHistory history = new EditHistory(document::get, message, variants,
            doc -> doc.history().canUndo(), generating::get);

    @Test
    void theTitleNamesTheDocumentAndMarksItModified() {
        history.refresh();
        assertEquals(Messages.text("app.title"), history.titleProperty().get());
        assertFalse(history.canUndoProperty().get());
        Document doc = new Document(ArgbImage.blank(8, 8), null, null, 1 << 20);
        document.set(doc);
        history.refresh();
        assertEquals(Messages.text("title.document", Messages.text("title.untitled")), history.titleProperty().get());
        doc.applyImageEdit("fill", onePixelWhite(), "{\"seed\": 3}");
        history.refresh();
        assertTrue(history.modifiedProperty().get());
        assertTrue(history.canUndoProperty().get());
        assertEquals("{\"seed\": 3}", history.editRecordProperty().get());
        assertEquals(Messages.text("title.modified", Messages.text("title.untitled")), history.titleProperty().get());
    }

    @Test
    void undoWaitsForTheRunningEditThenUndoesTheDocumentsChange() {
        Document doc = new Document(ArgbImage.blank(8, 8), null, null, 1 << 20);
        document.set(doc);
        doc.applyImageEdit("fill", onePixelWhite(), null);
        generating.set(true);
        history.undo();
        assertTrue(doc.history().canUndo(), "not while an edit runs");
        generating.set(false);
        history.undo();
        assertFalse(doc.history().canUndo());
        assertEquals(Messages.text("status.undone"), message.get());
        history.redo();
        assertTrue(doc.history().canUndo());
    }

    @Test
    void compareWithNothingBeforeSaysSo() {
        document.set(new Document(ArgbImage.blank(8, 8), null, null, 1 << 20));
        history.compareProperty().set(true);
        assertNull(history.compareImageProperty().get());
        assertEquals(Messages.text("status.nothingToCompare"), message.get());
    }

    private static ArgbImage onePixelWhite() {
        ArgbImage result = ArgbImage.blank(8, 8);
        result.pixels()[0] = 0xffffffff;
        return result;
    }
}
