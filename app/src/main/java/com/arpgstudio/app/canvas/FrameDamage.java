package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.Rect;

/**
 * What the frame shows that changed since the last scene went to the composer: the image, mask
 * and preview areas touched, or the whole frame (view, size, outpaint frame, comparison).
 */
final class FrameDamage {

    private boolean pending = true;
    private boolean wholeFrame = true;
    private FrameComposer.Changes changes = FrameComposer.Changes.NONE;

    void image(Rect area) {
        changes = new FrameComposer.Changes(changes.image().union(area), changes.mask(), changes.preview());
        pending = true;
    }

    void mask(Rect area) {
        changes = new FrameComposer.Changes(changes.image(), changes.mask().union(area), changes.preview());
        pending = true;
    }

    void preview(Rect area) {
        changes = new FrameComposer.Changes(changes.image(), changes.mask(), changes.preview().union(area));
        pending = true;
    }

    void all() {
        pending = true;
        wholeFrame = true;
    }

    /** Something changed since the last {@link #clear}. */
    boolean pending() {
        return pending;
    }

    /** The whole frame must be composed again, not only the changed areas. */
    boolean wholeFrame() {
        return wholeFrame;
    }

    /** The image, mask and preview areas changed. */
    FrameComposer.Changes changes() {
        return changes;
    }

    /** Hands the damage to {@code composer} with {@code scene}, and starts afresh. */
    void hand(FrameComposer composer, FrameComposer.Scene scene) {
        composer.submit(scene, changes, wholeFrame);
        clear();
    }

    /** Nothing changed since now. */
    void clear() {
        pending = wholeFrame = false;
        changes = FrameComposer.Changes.NONE;
    }
}
