package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.time.Instant;

/**
 * The image and mask an autosave writes, kept without copying the whole document at every save:
 * two reusable copies, one refreshed on the FX thread with only the rectangles it has missed (the
 * document's change events say which) while the writer thread writes the other. An edit costs the
 * FX thread a copy of what it changed, not of the photo (a 12-megapixel clone took 30-70 ms).
 * The first save of a document, and one after a resize, copies it whole.
 */
public final class SnapshotCopies implements Document.Listener {

    /** One copy and what it misses of the document. */
    private static final class Copy {
        ArgbImage image;
        PixelMask mask;
        Rect staleImage = Rect.EMPTY;
        Rect staleMask = Rect.EMPTY;
        boolean wholeStale = true;
    }

    private Copy back = new Copy();
    private Copy front = new Copy();
    private Autosave.Snapshot ready;

    /** FX thread: document pixels changed inside {@code rect}. */
    @Override
    public synchronized void imageChanged(Rect rect) {
        back.staleImage = back.staleImage.union(rect);
        front.staleImage = front.staleImage.union(rect);
    }

    /** FX thread: mask values changed inside {@code rect}. */
    @Override
    public synchronized void maskChanged(Rect rect) {
        back.staleMask = back.staleMask.union(rect);
        front.staleMask = front.staleMask.union(rect);
    }

    /** FX thread: the document was resized. */
    @Override
    public void resized() {
        wholeChanged();
    }

    /** FX thread: another document, or this one resized. */
    public synchronized void wholeChanged() {
        back.wholeStale = true;
        front.wholeStale = true;
    }

    /**
     * FX thread: another document: forgets the copies and any snapshot not yet written (of the
     * closed document, whose memory is given back; the next refresh copies the new one whole).
     */
    public synchronized void release() {
        back = new Copy();
        front = new Copy(); // the writer keeps what it took until it is done with it
        ready = null;
    }

    /** FX thread: brings one copy up to date with {@code document} and offers it to {@link #take()}. */
    public synchronized void refresh(Document document) {
        Copy copy = back;
        ArgbImage image = document.image();
        PixelMask mask = document.mask();
        if (copy.wholeStale || copy.image == null || copy.image.width() != image.width()
                || copy.image.height() != image.height()) {
            copy.image = image.copy();
            copy.mask = mask.copy();
        } else {
            Rect pixels = copy.staleImage.clip(image.width(), image.height());
            if (!pixels.isEmpty()) {
                copy.image.paste(image.crop(pixels), pixels.x(), pixels.y());
            }
            Rect values = copy.staleMask.clip(mask.width(), mask.height());
            if (!values.isEmpty()) {
                copy.mask.paste(mask.crop(values), values.x(), values.y());
            }
        }
        copy.wholeStale = false;
        copy.staleImage = Rect.EMPTY;
        copy.staleMask = Rect.EMPTY;
        ready = new Autosave.Snapshot(copy.image, copy.mask, document.file().orElse(null), document.editRecords(),
                document.revision(), Instant.now());
    }

    /**
     * Writer thread: the newest refreshed snapshot, or null when none came since the last call. Its
     * image and mask stay untouched until the next call (the FX thread refreshes the other copy).
     */
    public synchronized Autosave.Snapshot take() {
        if (ready == null) {
            return null;
        }
        Copy taken = back;
        back = front;
        front = taken;
        Autosave.Snapshot snapshot = ready;
        ready = null;
        return snapshot;
    }
}
