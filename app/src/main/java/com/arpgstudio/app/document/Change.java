package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.util.List;

/**
 * One undoable step of the document. Pixel changes keep only the rectangle they touched (before
 * and after), so a brush stroke on a 6000x4000 photo costs its bounding box, not the photo.
 */
public sealed interface Change {

    /** What the Edit menu shows, e.g. "Brush stroke" or "Inpaint". */
    String label();

    /** Heap bytes this change keeps alive; the history's memory budget counts these. */
    long byteSize();

    /** Whether undoing it changes the image (not only the mask); Compare looks for these. */
    boolean touchesImage();

    void undo(Document document);

    void redo(Document document);

    record MaskPatch(String label, Rect rect, PixelMask before, PixelMask after) implements Change {
        @Override
        public long byteSize() {
            return before.byteSize() + after.byteSize();
        }

        @Override
        public boolean touchesImage() {
            return false;
        }

        @Override
        public void undo(Document document) {
            document.writeMask(rect, before);
        }

        @Override
        public void redo(Document document) {
            document.writeMask(rect, after);
        }
    }

    record ImagePatch(String label, Rect rect, ArgbImage before, ArgbImage after) implements Change {
        @Override
        public long byteSize() {
            return 4L * (before.pixels().length + (long) after.pixels().length);
        }

        @Override
        public boolean touchesImage() {
            return true;
        }

        @Override
        public void undo(Document document) {
            document.writeImage(rect, before);
        }

        @Override
        public void redo(Document document) {
            document.writeImage(rect, after);
        }
    }

    /** The outpaint margins pending on the image (an edge handle dragged, a side typed, Reset). */
    record PendingMargins(String label, Margins before, Margins after) implements Change {
        @Override
        public long byteSize() {
            return 64;
        }

        @Override
        public boolean touchesImage() {
            return false;
        }

        @Override
        public void undo(Document document) {
            document.writeMargins(before);
        }

        @Override
        public void redo(Document document) {
            document.writeMargins(after);
        }
    }

    /** A change of canvas size (outpaint, expand): both states are kept whole. */
    record Replace(String label, ArgbImage beforeImage, PixelMask beforeMask, ArgbImage afterImage, PixelMask afterMask)
            implements Change {
        @Override
        public long byteSize() {
            return 4L * (beforeImage.pixels().length + (long) afterImage.pixels().length) + beforeMask.byteSize()
                    + afterMask.byteSize();
        }

        @Override
        public boolean touchesImage() {
            return true;
        }

        @Override
        public void undo(Document document) {
            document.replace(beforeImage.copy(), beforeMask.copy());
        }

        @Override
        public void redo(Document document) {
            document.replace(afterImage.copy(), afterMask.copy());
        }
    }

    /** Several changes undone and redone together, with the edit record they produced. */
    record Compound(String label, List<Change> parts, String editRecordJson) implements Change {
        @Override
        public long byteSize() {
            // the record counts too: a fill's keeps its tokens, which re-rolls of the result start from
            return parts.stream().mapToLong(Change::byteSize).sum()
                    + (editRecordJson == null ? 0 : 2L * editRecordJson.length());
        }

        @Override
        public boolean touchesImage() {
            return parts.stream().anyMatch(Change::touchesImage);
        }

        @Override
        public void undo(Document document) {
            // The record first, so listeners told of the pixels see the matching record.
            document.records().pop(editRecordJson);
            for (int i = parts.size() - 1; i >= 0; i--) {
                parts.get(i).undo(document);
            }
        }

        @Override
        public void redo(Document document) {
            document.records().push(editRecordJson);
            parts.forEach(part -> part.redo(document));
        }
    }
}
