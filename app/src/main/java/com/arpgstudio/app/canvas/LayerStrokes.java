package com.arpgstudio.app.canvas;

import javafx.scene.Cursor;

/** Hands the strokes to a {@link CanvasTool} that paints a layer of its own (the re-roll and pin brushes). */
final class LayerStrokes implements PointerTool {

    private final CanvasTool brush;
    private final ToolSettings settings;

    LayerStrokes(CanvasTool brush, ToolSettings settings) {
        this.brush = brush;
        this.settings = settings;
    }

    @Override
    public void press(Pointer at) {
        brush.press(at.imageX(), at.imageY(), settings.brushSizeProperty().get() / 2);
    }

    @Override
    public void drag(Pointer at) {
        brush.drag(at.imageX(), at.imageY());
    }

    @Override
    public void release(Pointer at) {
        brush.release();
    }

    @Override
    public Cursor cursor() {
        return Cursor.NONE;
    }
}
