package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.Margins;
import javafx.beans.InvalidationListener;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.value.ChangeListener;

/**
 * How many pixels the next fill adds on each side of the image (the edge handles and the Outpaint
 * pane set them). They are the open document's pending margins: every change is a step of its
 * history, so Undo takes back a dragged edge as it takes back a brush stroke (a handle's drag is one
 * step, recorded at its release), and a result applied with them pending uses them up.
 */
public final class OutpaintAmounts {

    private Document document;
    /** The properties are being set from the document: nothing to record. */
    private boolean showing;
    /** A handle is being dragged: the change is recorded once, at its release. */
    private boolean dragging;
    private final Document.Listener follow = new Document.Listener() {
        @Override
        public void marginsChanged() {
            show(document.pendingMargins());
        }
    };

    public OutpaintAmounts() {
        ChangeListener<Number> edited = (o, was, now) -> {
            if (!showing && !dragging) {
                record();
            }
        };
        left.addListener(edited);
        top.addListener(edited);
        right.addListener(edited);
        bottom.addListener(edited);
    }

    /** Follows {@code doc}'s pending margins from now on (null: no document, nothing pending). */
    public void attach(Document doc) {
        if (document != null) {
            document.removeListener(follow);
        }
        document = doc;
        if (doc != null) {
            doc.addListener(follow);
        }
        show(doc == null ? Document.NO_MARGINS : doc.pendingMargins());
    }

    /** Some side is to grow: Generate outpaints rather than fills the mask. */
    public boolean pending() {
        return !margins().isEmpty();
    }

    public Margins margins() {
        return new Margins(left.get(), top.get(), right.get(), bottom.get());
    }

    /** All four back to 0, as one step of the history. */
    public void reset() {
        show(Document.NO_MARGINS);
        record();
    }

    /** A handle's drag starts: the amounts follow the pointer without recording each move. */
    public void beginDrag() {
        dragging = true;
    }

    /** The drag ends: what it changed is one step of the history. */
    public void endDrag() {
        dragging = false;
        record();
    }

    private void record() {
        if (document != null) {
            document.setPendingMargins(Messages.text("edit.outpaintMargins"), margins());
        }
    }

    private void show(Margins margins) {
        showing = true;
        try {
            left.set(margins.left());
            top.set(margins.top());
            right.set(margins.right());
            bottom.set(margins.bottom());
        } finally {
            showing = false;
        }
    }

    /** Told when any of the four amounts changes. */
    public void addListener(InvalidationListener listener) {
        left.addListener(listener);
        top.addListener(listener);
        right.addListener(listener);
        bottom.addListener(listener);
    }

    private final IntegerProperty left = new SimpleIntegerProperty();

    public IntegerProperty leftProperty() {
        return left;
    }

    private final IntegerProperty top = new SimpleIntegerProperty();

    public IntegerProperty topProperty() {
        return top;
    }

    private final IntegerProperty right = new SimpleIntegerProperty();

    public IntegerProperty rightProperty() {
        return right;
    }

    private final IntegerProperty bottom = new SimpleIntegerProperty();

    public IntegerProperty bottomProperty() {
        return bottom;
    }
}
