package com.arpgstudio.app.canvas;

import javafx.scene.Cursor;

/** Moves the view with the pointer (middle button, or Space held with the left one). */
final class Pan implements PointerTool {

    private final Viewport viewport;
    private final Runnable viewChanged;
    private double lastX;
    private double lastY;

    Pan(Viewport viewport, Runnable viewChanged) {
        this.viewport = viewport;
        this.viewChanged = viewChanged;
    }

    @Override
    public void press(Pointer at) {
        lastX = at.screenX();
        lastY = at.screenY();
    }

    @Override
    public void drag(Pointer at) {
        viewport.panBy(at.screenX() - lastX, at.screenY() - lastY);
        lastX = at.screenX();
        lastY = at.screenY();
        viewChanged.run();
    }

    @Override
    public void release(Pointer at) { }

    @Override
    public Cursor cursor() {
        return Cursor.CLOSED_HAND;
    }
}
