package com.arpgstudio.app.canvas;

import javafx.beans.value.ObservableBooleanValue;

/**
 * A brush that paints something other than the document's mask (the re-roll and pin brushes):
 * while it is active the canvas hands it the strokes of the primary button, in image coordinates,
 * also while results are shown for choosing (when the mask tools are locked).
 */
public interface CanvasTool {

    ObservableBooleanValue activeProperty();

    /** A stroke starts at ({@code x}, {@code y}) with a disc of {@code radius} image pixels. */
    void press(double x, double y, double radius);

    /** The stroke goes on to ({@code x}, {@code y}). */
    void drag(double x, double y);

    void release();
}
