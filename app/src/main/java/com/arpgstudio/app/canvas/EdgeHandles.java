package com.arpgstudio.app.canvas;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.editing.OutpaintAmounts;
import com.arpgstudio.inference.edit.Rect;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.scene.Cursor;

/**
 * The outpaint handles on the four edges of the (grown) image: dragging one sets that edge's amount,
 * snapped as a typed one ({@link OutpaintFrame#amountFor}); a drag is one step of the history.
 */
final class EdgeHandles implements PointerTool {

    /** Half the side of the square around a handle's centre that grabs it, in screen pixels. */
    static final double GRAB = 14;

    private final Supplier<Document> document;
    private final Viewport viewport;
    private final OutpaintAmounts amounts;
    private final IntegerProperty left;
    private final IntegerProperty top;
    private final IntegerProperty right;
    private final IntegerProperty bottom;
    private final Runnable afterDrag;
    private OutpaintFrame.Edge grabbed;

    /** {@code afterDrag} runs at the release (the canvas re-fits a frame that grew out of view). */
    EdgeHandles(Supplier<Document> document, Viewport viewport, OutpaintAmounts amounts, Runnable afterDrag) {
        this.document = document;
        this.viewport = viewport;
        this.amounts = amounts;
        this.left = amounts.leftProperty();
        this.top = amounts.topProperty();
        this.right = amounts.rightProperty();
        this.bottom = amounts.bottomProperty();
        this.afterDrag = afterDrag;
    }

    /** The frame the outpaint will produce, in image coordinates. */
    Rect frame() {
        Document doc = document.get();
        return OutpaintFrame.frame(doc.width(), doc.height(), left.get(), top.get(), right.get(), bottom.get());
    }

    /** The handle at a point of the canvas node, or null. */
    OutpaintFrame.Edge hit(double x, double y) {
        Rect frame = frame();
        for (OutpaintFrame.Edge edge : OutpaintFrame.Edge.values()) {
            double[] c = centre(edge, frame);
            if (Math.abs(c[0] - x) <= GRAB && Math.abs(c[1] - y) <= GRAB) {
                return edge;
            }
        }
        return null;
    }

    /** Where the handle of {@code edge} of {@code frame} is on the canvas node. */
    double[] centre(OutpaintFrame.Edge edge, Rect frame) {
        double cx = viewport.toScreenX(frame.x() + frame.width() / 2.0);
        double cy = viewport.toScreenY(frame.y() + frame.height() / 2.0);
        return switch (edge) {
            case LEFT -> new double[] {viewport.toScreenX(frame.x()), cy};
            case RIGHT -> new double[] {viewport.toScreenX(frame.right()), cy};
            case TOP -> new double[] {cx, viewport.toScreenY(frame.y())};
            case BOTTOM -> new double[] {cx, viewport.toScreenY(frame.bottom())};
        };
    }

    @Override
    public void press(Pointer at) {
        grabbed = hit(at.screenX(), at.screenY());
        if (grabbed != null) {
            amounts.beginDrag();
        }
    }

    @Override
    public void drag(Pointer at) {
        if (grabbed == null) {
            return;
        }
        int w = document.get().width();
        int h = document.get().height();
        switch (grabbed) {
            case LEFT -> left.set(OutpaintFrame.amountFor(grabbed, at.imageX(), w, h, right.get()));
            case RIGHT -> right.set(OutpaintFrame.amountFor(grabbed, at.imageX(), w, h, left.get()));
            case TOP -> top.set(OutpaintFrame.amountFor(grabbed, at.imageY(), w, h, bottom.get()));
            case BOTTOM -> bottom.set(OutpaintFrame.amountFor(grabbed, at.imageY(), w, h, top.get()));
        }
    }

    @Override
    public void release(Pointer at) {
        if (grabbed != null) {
            amounts.endDrag();
        }
        grabbed = null;
        afterDrag.run();
    }

    /** Draws the four handles (while the frame can be changed: no edit running, no variants shown). */
    void paint(OverlayPainter painter) {
        Rect frame = frame();
        for (OutpaintFrame.Edge edge : OutpaintFrame.Edge.values()) {
            double[] c = centre(edge, frame);
            painter.handle(c[0], c[1], edge == OutpaintFrame.Edge.LEFT || edge == OutpaintFrame.Edge.RIGHT);
        }
    }

    @Override
    public Cursor cursor() {
        return cursor(grabbed);
    }

    static Cursor cursor(OutpaintFrame.Edge edge) {
        return edge == OutpaintFrame.Edge.LEFT || edge == OutpaintFrame.Edge.RIGHT ? Cursor.H_RESIZE : Cursor.V_RESIZE;
    }
}
