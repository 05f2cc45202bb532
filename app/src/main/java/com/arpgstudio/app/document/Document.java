package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open image, its mask, the outpaint margins pending on it, the file it came from and the edit
 * records that produced it. Every change goes through here so the history and the canvas hear about
 * it. Used on the FX thread only.
 */
public final class Document {

    /** Told which pixels changed; a resize means "everything". */
    public interface Listener {
        default void imageChanged(Rect rect) {
        }

        default void maskChanged(Rect rect) {
        }

        default void resized() {
        }

        default void marginsChanged() {
        }

        /** After an undoable change was recorded, undone or redone (undo/redo availability changed). */
        default void historyChanged() {
        }
    }

    /** No outpaint pending. */
    public static final Margins NO_MARGINS = new Margins(0, 0, 0, 0);

    private ArgbImage image;
    private PixelMask mask;
    private Margins pendingMargins = NO_MARGINS;
    private Path file;

    private byte[] exif;
    private final EditRecords records = new EditRecords();
    private final History history;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long revision;
    private long imageRevision;
    /** Threads reading the current image (an edit's input, a file being written): edits copy it first. */
    private int imageReaders;

    /** {@code openedRecords}: the edit records the opened file holds, oldest first (null or empty: none). */
    public Document(ArgbImage image, Path file, List<String> openedRecords, long historyBudgetBytes) {
        this.image = image;
        this.mask = new PixelMask(image.width(), image.height());
        this.file = file;
        this.history = new History(historyBudgetBytes);
        if (openedRecords != null) {
            openedRecords.forEach(records::push);
        }
    }

    public ArgbImage image() {
        return image;
    }

    /**
     * The current image for reading on another thread without copying it here: it stays as it is
     * until {@link #releaseImage} (an edit meanwhile works on a copy: copy-on-write).
     */
    public ArgbImage acquireImage() {
        imageReaders++;
        return image;
    }

    /** The reader of {@code acquired} is done with it. */
    public void releaseImage(ArgbImage acquired) {
        if (acquired == image && imageReaders > 0) {
            imageReaders--;
        }
    }

    public PixelMask mask() {
        return mask;
    }

    /** The pixels the next fill adds on each side (the edge handles and the Outpaint pane set them). */
    public Margins pendingMargins() {
        return pendingMargins;
    }

    /**
     * Sets the pending outpaint margins as one undoable change, as a brush stroke sets the mask (nothing
     * is recorded when they stay the same). They change no pixel, so the document is not modified.
     */
    public void setPendingMargins(String label, Margins margins) {
        if (!margins.equals(pendingMargins)) {
            Change change = new Change.PendingMargins(label, pendingMargins, margins);
            change.redo(this);
            record(change);
        }
    }

    public int width() {
        return image.width();
    }

    public int height() {
        return image.height();
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public void setFile(Path file) {
        this.file = file;
    }

    /** The opened photo's EXIF block (orientation and thumbnail left out), kept when saving; null when none. */
    public byte[] exif() {
        return exif;
    }

    public void setExif(byte[] block) {
        this.exif = block;
    }

    /** Grows with every change of pixels or mask (undo and redo included): what autosave follows. */
    public long revision() {
        return revision;
    }

    /**
     * Grows with every change of the image's pixels or size (undo and redo included), not of the
     * mask: tells "unsaved since the last save", since a saved file holds the image and not the mask.
     */
    public long imageRevision() {
        return imageRevision;
    }

    public History history() {
        return history;
    }

    /** Bytes this document holds: the image, the mask and the undo history. */
    public long memoryBytes() {
        return 4L * image.pixels().length + (long) mask.width() * mask.height() + history.byteSize();
    }

    /** The record of the latest edit (or the one read from the opened file), if any. */
    public Optional<String> lastEditRecord() {
        return records.last();
    }

    /** The records of the edits that made the current image (and the opened file's), oldest first. */
    public List<String> editRecords() {
        return records.all();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Starts a live mask edit (a brush stroke, a selection); {@link MaskEdit#commit()} records it. */
    public MaskEdit beginMaskEdit(String label) {
        return new MaskEdit(label, mask.copy());
    }

    /** Applies a one-shot mask operation as one undoable change. */
    public void editMask(String label, java.util.function.Function<PixelMask, Rect> operation) {
        MaskEdit edit = beginMaskEdit(label);
        edit.apply(operation);
        edit.commit();
    }

    /**
     * Replaces the image with an edit's result as one undoable change: a same-size result is stored
     * as the rectangle that differs, a resized one whole. The mask is cleared with it, and the pending
     * margins are used up (undoing the edit brings both back).
     */
    public void applyImageEdit(String label, ArgbImage result, String editRecordJson) {
        List<Change> parts = new ArrayList<>();
        if (!pendingMargins.isEmpty()) {
            parts.add(new Change.PendingMargins(label, pendingMargins, NO_MARGINS));
        }
        if (result.width() == image.width() && result.height() == image.height()) {
            Rect changed = image.differenceBounds(result);
            if (!changed.isEmpty()) {
                parts.add(new Change.ImagePatch(label, changed, image.crop(changed), result.crop(changed)));
            }
            Rect maskChanged = mask.bounds(); // the edit clears the mask
            if (!maskChanged.isEmpty()) {
                parts.add(new Change.MaskPatch(label, maskChanged, mask.crop(maskChanged),
                        new PixelMask(maskChanged.width(), maskChanged.height())));
            }
        } else {
            parts.add(new Change.Replace(label, image.copy(), mask.copy(), result.copy(),
                    new PixelMask(result.width(), result.height())));
        }
        Change change = new Change.Compound(label, List.copyOf(parts), editRecordJson);
        change.redo(this);
        record(change);
    }

    /** Loads a mask (same size as the image) as one undoable change. */
    public void replaceMask(String label, PixelMask loaded) {
        if (loaded.width() != width() || loaded.height() != height()) {
            throw new IllegalArgumentException("expected a " + width() + "x" + height() + " mask, found "
                    + loaded.width() + "x" + loaded.height());
        }
        editMask(label, current -> {
            return MaskPaint.replace(current, loaded);
        });
    }

    public boolean undo() {
        if (!history.canUndo()) {
            return false;
        }
        history.undo(this);
        listeners.forEach(Listener::historyChanged);
        return true;
    }

    public boolean redo() {
        if (!history.canRedo()) {
            return false;
        }
        history.redo(this);
        listeners.forEach(Listener::historyChanged);
        return true;
    }

    /** The image as it was before the latest image edit still in the history, if there is one. */
    public Optional<ArgbImage> imageBeforeLastEdit() {
        return history.lastImageChange().map(change -> {
            ArgbImage before = image.copy();
            ArgbImage[] holder = {before};
            revertInto(change, holder);
            return holder[0];
        });
    }

    private void revertInto(Change change, ArgbImage[] target) {
        if (change instanceof Change.ImagePatch patch) {
            target[0].paste(patch.before(), patch.rect().x(), patch.rect().y());
        } else if (change instanceof Change.Replace replace) {
            target[0] = replace.beforeImage();
        } else if (change instanceof Change.Compound compound) {
            for (int i = compound.parts().size() - 1; i >= 0; i--) {
                revertInto(compound.parts().get(i), target);
            }
        }
    }

    private void record(Change change) {
        history.push(change);
        listeners.forEach(Listener::historyChanged);
    }

    // Called by changes while undoing and redoing.

    void writeMask(Rect rect, PixelMask values) {
        mask.paste(values, rect.x(), rect.y());
        revision++;
        listeners.forEach(l -> l.maskChanged(rect));
    }

    void writeImage(Rect rect, ArgbImage pixels) {
        if (imageReaders > 0) {
            image = image.copy();
            imageReaders = 0;
        }
        image.paste(pixels, rect.x(), rect.y());
        revision++;
        imageRevision++;
        listeners.forEach(l -> l.imageChanged(rect));
    }

    void replace(ArgbImage newImage, PixelMask newMask) {
        image = newImage;
        imageReaders = 0;
        mask = newMask;
        revision++;
        imageRevision++;
        listeners.forEach(Listener::resized);
    }

    void writeMargins(Margins margins) {
        pendingMargins = margins;
        listeners.forEach(Listener::marginsChanged);
    }

    /** The edit records, which changes push and pop as they are redone and undone. */
    EditRecords records() {
        return records;
    }

    /** A mask change in progress: operations paint live, commit stores the touched rectangle once. */
    public final class MaskEdit {
        private final String label;
        private final PixelMask before;
        private Rect touched = Rect.EMPTY;

        private MaskEdit(String label, PixelMask before) {
            this.label = label;
            this.before = before;
        }

        public void apply(java.util.function.Function<PixelMask, Rect> operation) {
            Rect rect = operation.apply(mask);
            if (!rect.isEmpty()) {
                revision++;
                touched = touched.union(rect);
                listeners.forEach(l -> l.maskChanged(rect));
            }
        }

        /** Records the edit; returns false (and records nothing) when no pixel changed. */
        public boolean commit() {
            Rect changed = touched.isEmpty() ? Rect.EMPTY : changedWithin(touched);
            if (changed.isEmpty()) {
                return false;
            }
            record(new Change.MaskPatch(label, changed, before.crop(changed), mask.crop(changed)));
            return true;
        }

        private Rect changedWithin(Rect area) {
            Rect local = before.crop(area).differenceBounds(mask.crop(area));
            return local.isEmpty() ? Rect.EMPTY
                    : new Rect(area.x() + local.x(), area.y() + local.y(), local.width(), local.height());
        }
    }
}
