package com.arpgstudio.app.canvas;

import com.arpgstudio.inference.edit.Rect;

/**
 * Where the image sits on screen: {@code screen = offset + image * scale}. Pure arithmetic, so
 * zoom and pan are unit-tested without a window.
 */
public final class Viewport {

    public static final double MIN_SCALE = 1.0 / 64;
    public static final double MAX_SCALE = 32;
    /** One +/- key press or wheel notch multiplies the scale by this. */
    public static final double ZOOM_STEP = 1.25;

    private double scale = 1;
    private double offsetX;
    private double offsetY;

    /** An independent copy (for work on another thread while this one moves). */
    public Viewport copy() {
        Viewport copy = new Viewport();
        copy.scale = scale;
        copy.offsetX = offsetX;
        copy.offsetY = offsetY;
        return copy;
    }

    /** This view on a frame of {@code factor} times as many pixels a side (a high-DPI screen's). */
    public Viewport scaledBy(double factor) {
        Viewport scaled = new Viewport();
        scaled.scale = scale * factor;
        scaled.offsetX = offsetX * factor;
        scaled.offsetY = offsetY * factor;
        return scaled;
    }

    public double scale() {
        return scale;
    }

    public double offsetX() {
        return offsetX;
    }

    public double offsetY() {
        return offsetY;
    }

    public double toImageX(double screenX) {
        return (screenX - offsetX) / scale;
    }

    public double toImageY(double screenY) {
        return (screenY - offsetY) / scale;
    }

    public double toScreenX(double imageX) {
        return offsetX + imageX * scale;
    }

    public double toScreenY(double imageY) {
        return offsetY + imageY * scale;
    }

    /** Whether all of {@code r} (image coordinates) lies within a view of this size. */
    public boolean showsAll(Rect r, double viewWidth, double viewHeight) {
        return toScreenX(r.x()) >= 0 && toScreenY(r.y()) >= 0
                && toScreenX(r.right()) <= viewWidth && toScreenY(r.bottom()) <= viewHeight;
    }

    /** Sets the scale keeping the image point under (screenX, screenY) where it is. */
    public void zoomAt(double newScale, double screenX, double screenY) {
        double clamped = Math.max(MIN_SCALE, Math.min(MAX_SCALE, newScale));
        double imageX = toImageX(screenX);
        double imageY = toImageY(screenY);
        scale = clamped;
        offsetX = screenX - imageX * scale;
        offsetY = screenY - imageY * scale;
    }

    public void panBy(double dx, double dy) {
        offsetX += dx;
        offsetY += dy;
    }

    /**
     * Fits the content rectangle (image coordinates; may reach beyond the image when an outpaint is
     * pending) into the view with a margin, centred.
     */
    public void fit(double viewWidth, double viewHeight, double x, double y, double width, double height) {
        double margin = 24;
        double s = Math.min((viewWidth - 2 * margin) / width, (viewHeight - 2 * margin) / height);
        scale = Math.max(MIN_SCALE, Math.min(8, s));
        offsetX = (viewWidth - width * scale) / 2 - x * scale;
        offsetY = (viewHeight - height * scale) / 2 - y * scale;
    }

    /** 100%: one image pixel per screen pixel, keeping the view's centre. */
    public void actualSize(double viewWidth, double viewHeight) {
        zoomAt(1, viewWidth / 2, viewHeight / 2);
    }
}
