package com.arpgstudio.app.document;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Undo and redo stacks bounded by a memory budget: when the kept changes exceed it, the oldest
 * are forgotten (the newest one is always kept, so the last edit can be undone).
 */
public final class History {

    private final long budgetBytes;
    private final Deque<Change> undo = new ArrayDeque<>();
    private final Deque<Change> redo = new ArrayDeque<>();
    private long bytes;

    public History(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("expected a positive history budget, found " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    public void push(Change change) {
        redo.forEach(c -> bytes -= c.byteSize());
        redo.clear();
        undo.push(change);
        bytes += change.byteSize();
        while (bytes > budgetBytes && undo.size() > 1) {
            bytes -= undo.removeLast().byteSize();
        }
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public Optional<String> undoLabel() {
        return Optional.ofNullable(undo.peek()).map(Change::label);
    }

    public Optional<String> redoLabel() {
        return Optional.ofNullable(redo.peek()).map(Change::label);
    }

    public void undo(Document document) {
        Change change = undo.pop();
        change.undo(document);
        redo.push(change);
    }

    public void redo(Document document) {
        Change change = redo.pop();
        change.redo(document);
        undo.push(change);
    }

    /** The most recent change that altered the image (Compare shows the state before it). */
    public Optional<Change> lastImageChange() {
        return undo.stream().filter(Change::touchesImage).findFirst();
    }

    public int undoDepth() {
        return undo.size();
    }

    public long byteSize() {
        return bytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public void clear() {
        undo.clear();
        redo.clear();
        bytes = 0;
    }
}
