package com.arpgstudio.app.canvas;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.i18n.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Cursor;

/** Draws a free outline that adds its inside to the mask, or subtracts it (subtract mode, or Alt). */
final class LassoSelection implements PointerTool {

    private final Supplier<Document> document;
    private final ToolSettings settings;
    private final List<double[]> points = new ArrayList<>();

    LassoSelection(Supplier<Document> document, ToolSettings settings) {
        this.document = document;
        this.settings = settings;
    }

    @Override
    public void press(Pointer at) {
        points.clear();
        points.add(new double[] {at.imageX(), at.imageY()});
    }

    @Override
    public void drag(Pointer at) {
        points.add(new double[] {at.imageX(), at.imageY()});
    }

    @Override
    public void release(Pointer at) {
        boolean subtract = settings.subtractProperty().get() ^ at.altDown();
        double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
        points.clear();
        document.get().editMask(Messages.text(subtract ? "edit.subtractLasso" : "edit.addLasso"),
                m -> MaskPaint.polygon(m, xs, ys, !subtract));
    }

    @Override
    public void paintGesture(OverlayPainter painter) {
        painter.selectionPath(points);
    }

    @Override
    public Cursor cursor() {
        return Cursor.CROSSHAIR;
    }
}
