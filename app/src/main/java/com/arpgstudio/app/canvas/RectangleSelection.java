package com.arpgstudio.app.canvas;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.Rect;
import java.util.function.Supplier;
import javafx.scene.Cursor;

/** Drags a rectangle that adds to the mask, or subtracts (subtract mode, or Alt held at the release). */
final class RectangleSelection implements PointerTool {

    private final Supplier<Document> document;
    private final ToolSettings settings;
    private Pointer anchor;
    private Pointer last;

    RectangleSelection(Supplier<Document> document, ToolSettings settings) {
        this.document = document;
        this.settings = settings;
    }

    @Override
    public void press(Pointer at) {
        anchor = last = at;
    }

    @Override
    public void drag(Pointer at) {
        last = at;
    }

    @Override
    public void release(Pointer at) {
        Rect r = selected();
        boolean subtract = settings.subtractProperty().get() ^ at.altDown();
        anchor = last = null;
        if (!r.isEmpty()) {
            document.get().editMask(Messages.text(subtract ? "edit.subtractRectangle" : "edit.addRectangle"),
                    m -> MaskPaint.rectangle(m, r, !subtract));
        }
    }

    @Override
    public void paintGesture(OverlayPainter painter) {
        if (anchor != null) {
            painter.selectionOutline(selected());
        }
    }

    @Override
    public Cursor cursor() {
        return Cursor.CROSSHAIR;
    }

    private Rect selected() {
        return Rect.ofCorners((int) Math.round(anchor.imageX()), (int) Math.round(anchor.imageY()),
                (int) Math.round(last.imageX()), (int) Math.round(last.imageY()));
    }
}
