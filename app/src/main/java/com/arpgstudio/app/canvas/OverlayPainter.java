package com.arpgstudio.app.canvas;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.Rect;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * Draws the canvas's vector marks over the composed frame, in screen coordinates through the
 * {@link Viewport}, in the theme's {@link CanvasPalette}: frames, selection outlines, the pending
 * outpaint area and its sizes, edge handles, the brush outline, labels.
 */
public final class OverlayPainter {

    private static final double HANDLE_SIDE = 14;

    private final GraphicsContext g;
    private final Viewport viewport;
    private final CanvasPalette palette;

    OverlayPainter(GraphicsContext g, Viewport viewport, CanvasPalette palette) {
        this.g = g;
        this.viewport = viewport;
        this.palette = palette;
    }

    /** A faint line around the image. */
    void imageBorder(Rect image) {
        g.setLineDashes();
        g.setLineWidth(1);
        g.setStroke(palette.ink().deriveColor(0, 1, 1, 0.35));
        strokeImageRect(image);
    }

    /** The window a running edit paints into. */
    void editWindow(Rect window) {
        g.setStroke(palette.accent());
        g.setLineWidth(2);
        g.setLineDashes(6, 4);
        strokeImageRect(window);
        g.setLineDashes();
    }

    /** A rectangle selection being dragged. */
    void selectionOutline(Rect r) {
        selectionStroke();
        strokeImageRect(r);
        g.setLineDashes();
    }

    /** A lasso being drawn: its points in image coordinates. */
    void selectionPath(List<double[]> points) {
        selectionStroke();
        g.beginPath();
        for (int i = 0; i < points.size(); i++) {
            double sx = viewport.toScreenX(points.get(i)[0]);
            double sy = viewport.toScreenY(points.get(i)[1]);
            if (i == 0) {
                g.moveTo(sx, sy);
            } else {
                g.lineTo(sx, sy);
            }
        }
        g.stroke();
        g.setLineDashes();
    }

    private void selectionStroke() {
        g.setLineWidth(1.5);
        g.setStroke(palette.ink());
        g.setLineDashes(5, 4);
    }

    /** The outpaint frame around {@code image} with the amount added on each edge and the size it makes. */
    void pendingOutpaint(Rect image, Rect frame) {
        g.setStroke(palette.accent());
        g.setLineWidth(2);
        g.setLineDashes(8, 5);
        strokeImageRect(frame);
        g.setLineDashes();
        int left = -frame.x();
        int top = -frame.y();
        int right = frame.right() - image.width();
        int bottom = frame.bottom() - image.height();
        double midY = viewport.toScreenY(image.height() / 2.0);
        double midX = viewport.toScreenX(image.width() / 2.0);
        if (left > 0) {
            centredLabel(Messages.text("canvas.added", left), viewport.toScreenX(-left / 2.0), midY);
        }
        if (right > 0) {
            centredLabel(Messages.text("canvas.added", right), viewport.toScreenX(image.width() + right / 2.0), midY);
        }
        if (top > 0) {
            centredLabel(Messages.text("canvas.added", top), midX, viewport.toScreenY(-top / 2.0));
        }
        if (bottom > 0) {
            centredLabel(Messages.text("canvas.added", bottom), midX, viewport.toScreenY(image.height() + bottom / 2.0));
        }
        label(Messages.text("canvas.size", frame.width(), frame.height()),
                viewport.toScreenX(frame.x() + frame.width() / 2.0), viewport.toScreenY(frame.y()) - 8,
                TextAlignment.CENTER, VPos.BOTTOM);
    }

    /** An edge handle centred at ({@code x}, {@code y}); {@code vertical}: on the left or right edge. */
    void handle(double x, double y, boolean vertical) {
        double w = vertical ? HANDLE_SIDE * 0.6 : HANDLE_SIDE * 1.8;
        double h = vertical ? HANDLE_SIDE * 1.8 : HANDLE_SIDE * 0.6;
        g.setFill(palette.ink());
        g.fillRoundRect(x - w / 2, y - h / 2, w, h, 4, 4);
        g.setStroke(palette.accent());
        g.setLineWidth(1.5);
        g.strokeRoundRect(x - w / 2, y - h / 2, w, h, 4, 4);
    }

    /** The brush's outline at the pointer, {@code radius} screen pixels, with a small cross in the middle. */
    void brushOutline(double x, double y, double radius) {
        g.setLineWidth(1.5);
        g.setStroke(palette.inkShadow());
        g.strokeOval(x - radius, y - radius, 2 * radius, 2 * radius);
        g.setLineWidth(1);
        g.setStroke(palette.ink());
        g.strokeOval(x - radius + 1, y - radius + 1, 2 * radius - 2, 2 * radius - 2);
        g.strokeLine(x - 3, y, x + 3, y);
        g.strokeLine(x, y - 3, x, y + 3);
    }

    /** A caption at the top left of the canvas (what the view shows instead of the image). */
    void caption(String text) {
        label(text, 12, 12, TextAlignment.LEFT, VPos.TOP);
    }

    private void centredLabel(String text, double x, double y) {
        label(text, x, y, TextAlignment.CENTER, VPos.CENTER);
    }

    private void label(String text, double x, double y, TextAlignment align, VPos baseline) {
        g.setFont(Font.font("System", FontWeight.BOLD, 12));
        g.setTextAlign(align);
        g.setTextBaseline(baseline);
        g.setLineWidth(3);
        g.setStroke(palette.inkShadow());
        g.strokeText(text, x, y);
        g.setFill(palette.ink());
        g.fillText(text, x, y);
    }

    private void strokeImageRect(Rect r) {
        double x0 = Math.round(viewport.toScreenX(r.x())) + 0.5;
        double y0 = Math.round(viewport.toScreenY(r.y())) + 0.5;
        double x1 = Math.round(viewport.toScreenX(r.right())) - 0.5;
        double y1 = Math.round(viewport.toScreenY(r.bottom())) - 0.5;
        g.setLineCap(StrokeLineCap.SQUARE);
        g.strokeRect(x0, y0, x1 - x0, y1 - y0);
    }
}
