package com.arpgstudio.app.canvas;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.i18n.Messages;
import java.util.function.Supplier;
import javafx.scene.Cursor;

/**
 * The brush ({@code paints}) or the eraser: a disc of the brush size and hardness along the drag,
 * one undo step per stroke.
 */
final class MaskBrush implements PointerTool {

    private final Supplier<Document> document;
    private final ToolSettings settings;
    private final boolean paints;
    private Document.MaskEdit stroke;
    private double lastX;
    private double lastY;

    MaskBrush(Supplier<Document> document, ToolSettings settings, boolean paints) {
        this.document = document;
        this.settings = settings;
        this.paints = paints;
    }

    @Override
    public void press(Pointer at) {
        stroke = document.get().beginMaskEdit(Messages.text(paints ? "edit.brushStroke" : "edit.erase"));
        double radius = radius();
        double hardness = settings.hardnessProperty().get();
        stroke.apply(mask -> MaskPaint.disc(mask, at.imageX(), at.imageY(), radius, paints, hardness));
        lastX = at.imageX();
        lastY = at.imageY();
    }

    @Override
    public void drag(Pointer at) {
        double radius = radius();
        double x0 = lastX;
        double y0 = lastY;
        double hardness = settings.hardnessProperty().get();
        stroke.apply(mask -> MaskPaint.segment(mask, x0, y0, at.imageX(), at.imageY(), radius, paints, hardness));
        lastX = at.imageX();
        lastY = at.imageY();
    }

    @Override
    public void release(Pointer at) {
        stroke.commit();
        stroke = null;
    }

    @Override
    public Cursor cursor() {
        return Cursor.NONE;
    }

    private double radius() {
        return settings.brushSizeProperty().get() / 2;
    }
}
