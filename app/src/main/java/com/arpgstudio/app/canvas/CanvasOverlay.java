package com.arpgstudio.app.canvas;

import javafx.beans.Observable;
import javafx.scene.canvas.GraphicsContext;

/**
 * Something drawn over the image and its preview, under the canvas's own marks (the confidence
 * heat map, the strokes of a layer brush).
 */
public interface CanvasOverlay {

    /** Draws in screen coordinates; {@code viewport} maps image coordinates to them. */
    void draw(GraphicsContext g, Viewport viewport);

    /** Fires when what it draws changed. */
    Observable changes();
}
