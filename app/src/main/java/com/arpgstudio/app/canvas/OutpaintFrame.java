package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.Rect;

/**
 * The frame an outpaint will produce: the image grown by left/top/right/bottom pixels. Dragging an
 * edge handle or typing sets one amount, rounded to {@link #SNAP} pixels (round numbers: the windows
 * need no particular multiple) and limited so the result is at most
 * 4x the image's area (twice each side), what the outpaint operation accepts.
 */
public final class OutpaintFrame {

    public static final int SNAP = 8;

    public enum Edge { LEFT, TOP, RIGHT, BOTTOM }

    private OutpaintFrame() {}

    /** An amount rounded to the nearest multiple of {@link #SNAP}, as dragging and typing give it. */
    public static int snap(double amount) {
        return (int) Math.round(amount / SNAP) * SNAP;
    }

    public static Rect frame(int width, int height, int left, int top, int right, int bottom) {
        return new Rect(-left, -top, width + left + right, height + top + bottom);
    }

    /**
     * The amount for {@code edge} when its handle is dragged to image coordinate {@code position}
     * (x for left/right, y for top/bottom), given the amount already on the opposite edge.
     */
    public static int amountFor(Edge edge, double position, int width, int height, int opposite) {
        double raw = switch (edge) {
            case LEFT -> -position;
            case TOP -> -position;
            case RIGHT -> position - width;
            case BOTTOM -> position - height;
        };
        int limit = (edge == Edge.LEFT || edge == Edge.RIGHT ? width : height) - opposite;
        int snapped = snap(raw);
        return Math.max(0, Math.min(Math.max(0, limit), snapped));
    }
}
