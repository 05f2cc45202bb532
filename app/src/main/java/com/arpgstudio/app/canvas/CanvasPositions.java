package com.arpgstudio.app.canvas;

import javafx.geometry.Point2D;

/**
 * Where the canvas shows things, for what drives it from outside with the pointer as a user would:
 * the scripted screenshot tour and the window tests. The editor itself never asks; read on the FX
 * thread.
 */
public final class CanvasPositions {

    private final EditorCanvas canvas;

    public CanvasPositions(EditorCanvas canvas) {
        this.canvas = canvas;
    }

    /** The image point ({@code imageX}, {@code imageY}) in the canvas node's coordinates. */
    public Point2D inNode(double imageX, double imageY) {
        return new Point2D(canvas.viewport().toScreenX(imageX), canvas.viewport().toScreenY(imageY));
    }

    /** The image point ({@code imageX}, {@code imageY}) on the screen. */
    public Point2D onScreen(double imageX, double imageY) {
        return canvas.localToScreen(inNode(imageX, imageY));
    }

    /** The centre of an edge's outpaint handle, in the canvas node's coordinates. */
    public Point2D handle(OutpaintFrame.Edge edge) {
        double[] centre = canvas.handleCentre(edge);
        return new Point2D(centre[0], centre[1]);
    }

    /** Screen pixels per image pixel. */
    public double scale() {
        return canvas.viewport().scale();
    }

    /** Where the image's left edge is, in the canvas node's coordinates. */
    public double offsetX() {
        return canvas.viewport().offsetX();
    }
}
