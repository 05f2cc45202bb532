package com.arpgstudio.app.canvas;

import javafx.scene.Cursor;

/**
 * What a drag on the canvas does: the mask brush and eraser, the rectangle and lasso selections,
 * the outpaint edge handles, panning, a layer brush. The canvas routes one gesture (press, drags,
 * release) to one tool and lets it draw the gesture in progress over the image.
 */
public interface PointerTool {

    void press(Pointer at);

    void drag(Pointer at);

    void release(Pointer at);

    /** Draws the gesture in progress (a selection's outline); nothing by default. */
    default void paintGesture(OverlayPainter painter) { }

    /** The pointer's shape while this tool is chosen; {@link Cursor#NONE} for a tool drawn as a brush outline. */
    Cursor cursor();
}
