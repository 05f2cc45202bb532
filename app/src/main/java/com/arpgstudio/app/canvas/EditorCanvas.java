package com.arpgstudio.app.canvas;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.app.editing.EditEngine;
import com.arpgstudio.app.editing.EditorViewModel;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The image canvas: renders the document through a {@link Viewport} (a screen-sized frame, so a
 * 6000x4000 photo costs no more than a small one), paints and selects the mask, drags the outpaint
 * edge handles, and shows generation previews and the comparison image. Redraws at most once per
 * pulse, and re-composes the frame only when pixels or the view changed (cursor moves redraw only
 * the vector overlays). The frame's pixels are composed off the FX thread by a {@link FrameComposer}
 * (only the rectangles that changed: a preview step, a brush stroke); this thread copies the changed
 * rectangle into a {@link PixelBuffer} in the composer's own pixel format and draws the overlays.
 * A running edit paints into one preview raster; each step redraws only the rectangle it reports,
 * and the mask stays visible wherever the edit has not painted yet.
 */
public final class EditorCanvas extends Region {

    private static final double HANDLE_SIZE = 14;
    private static final StyleablePropertyFactory<EditorCanvas> STYLES =
            new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private static final CanvasPalette N = CanvasPalette.NEUTRAL;

    private enum Drag { NONE, PAN, PAINT, RECTANGLE, LASSO, HANDLE, LAYER }

    private final EditorViewModel model;
    private final ToolSettings tools;
    private final Canvas canvas = new Canvas();
    private final Viewport viewport = new Viewport();
    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(1);
    // The colours come from the theme (CSS, see base.css .editor-canvas); these defaults show before it applies.
    private final StyleableObjectProperty<Color> outside = colour("-canvas-outside", c -> c.outside, N.outside());
    private final StyleableObjectProperty<Color> outsideAlternate =
            colour("-canvas-outside-alternate", c -> c.outsideAlternate, N.outsideAlternate());
    private final StyleableObjectProperty<Color> pending = colour("-canvas-pending", c -> c.pending, N.pending());
    private final StyleableObjectProperty<Color> pendingAlternate =
            colour("-canvas-pending-alternate", c -> c.pendingAlternate, N.pendingAlternate());
    private final StyleableObjectProperty<Color> maskTint = colour("-canvas-mask", c -> c.maskTint, N.mask());
    private final StyleableObjectProperty<Color> accent = colour("-canvas-accent", c -> c.accent, N.accent());
    private final StyleableObjectProperty<Color> ink = colour("-canvas-ink", c -> c.ink, N.ink());
    private final StyleableObjectProperty<Color> inkShadow = colour("-canvas-ink-shadow", c -> c.inkShadow, N.inkShadow());
    private CanvasPalette palette = N;

    private Document document;
    private final FrameComposer composer = new FrameComposer();
    private Raster compareImage;
    private WritableImage frame;
    private PixelBuffer<IntBuffer> frameBuffer;
    private int[] framePixels;
    /** Something the frame shows changed since the last scene handed to the composer. */
    private boolean sceneDirty = true;
    /** The change needs the whole frame redrawn (view, size, outpaint frame, comparison). */
    private boolean redrawAll = true;
    private Rect imageChanged = Rect.EMPTY;
    private Rect maskChanged = Rect.EMPTY;
    private Rect previewChanged = Rect.EMPTY;
    private boolean overlayDirty = true;
    private boolean fitPending;
    /** The view is as Fit made it (no zoom or pan since): a new size (the variant strip docking) fits again. */
    private boolean fitted;

    private Drag drag = Drag.NONE;
    private boolean spaceDown;
    private boolean altDown;
    private double mouseX = Double.NaN;
    private double mouseY = Double.NaN;
    private double lastScreenX;
    private double lastScreenY;
    private double lastImageX;
    private double lastImageY;
    private double anchorImageX;
    private double anchorImageY;
    private final List<double[]> lassoPoints = new ArrayList<>();
    private Document.MaskEdit maskEdit;
    private OutpaintFrame.Edge draggedEdge;
    private CanvasTool layerTool;
    private final List<CanvasOverlay> overlays = new ArrayList<>();

    private final Document.Listener documentListener = new Document.Listener() {
        @Override
        public void imageChanged(Rect rect) {
            imageChanged = imageChanged.union(rect);
            sceneDirty = true;
        }

        @Override
        public void maskChanged(Rect rect) {
            maskChanged = maskChanged.union(rect);
            sceneDirty = true;
        }

        @Override
        public void resized() {
            fitPending = true;
            invalidateFrame();
        }
    };

    private StyleableObjectProperty<Color> colour(String cssName,
                                                  java.util.function.Function<EditorCanvas, StyleableProperty<Color>> property,
                                                  Color initial) {
        StyleableObjectProperty<Color> colour = (StyleableObjectProperty<Color>)
                STYLES.createStyleableColorProperty(this, cssName, cssName, property, initial);
        colour.addListener(o -> {
            palette = new CanvasPalette(outside.get(), outsideAlternate.get(), pending.get(), pendingAlternate.get(),
                    maskTint.get(), accent.get(), ink.get(), inkShadow.get());
            invalidateFrame();
        });
        return colour;
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return STYLES.getCssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return getClassCssMetaData();
    }

    /** The colours the canvas draws with now (from the theme). */
    public CanvasPalette palette() {
        return palette;
    }

    public EditorCanvas(EditorViewModel model, ToolSettings tools) {
        this.model = model;
        this.tools = tools;
        getStyleClass().add("editor-canvas");
        setId("editor-canvas");
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(100, 100);

        model.documentProperty().addListener((obs, old, doc) -> attach(doc));
        model.addPreviewListener((preview, changed) -> {
            previewChanged = previewChanged.union(changed);
            sceneDirty = true;
            overlayDirty = true;
        });
        model.compareImageProperty().addListener((obs, old, image) -> {
            compareImage = image;
            invalidateFrame();
        });
        model.outpaintLeftProperty().addListener(o -> invalidateFrame());
        model.outpaintTopProperty().addListener(o -> invalidateFrame());
        model.outpaintRightProperty().addListener(o -> invalidateFrame());
        model.outpaintBottomProperty().addListener(o -> invalidateFrame());
        model.generatingProperty().addListener(o -> invalidateOverlay());
        model.choosingProperty().addListener(o -> invalidateOverlay());
        tools.toolProperty().addListener(o -> {
            updateCursor();
            invalidateOverlay();
        });
        tools.brushSizeProperty().addListener(o -> invalidateOverlay());

        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            mouseX = Double.NaN;
            invalidateOverlay();
        });
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);

        new AnimationTimer() {
            @Override
            public void handle(long now) {
                redrawIfNeeded();
            }
        }.start();
        attach(model.documentProperty().get());
    }

    // ---- public view commands ------------------------------------------------------------------

    public void zoomIn() {
        zoomAroundCentre(viewport.scale() * Viewport.ZOOM_STEP);
    }

    public void zoomOut() {
        zoomAroundCentre(viewport.scale() / Viewport.ZOOM_STEP);
    }

    public void actualSize() {
        viewport.actualSize(getWidth(), getHeight());
        viewChanged();
    }

    public void fit() {
        if (document == null || getWidth() <= 0 || getHeight() <= 0) {
            fitPending = true;
            return;
        }
        Rect content = pendingFrame();
        viewport.fit(getWidth(), getHeight(), content.x(), content.y(), content.width(), content.height());
        fitPending = false;
        viewChanged();
        fitted = true;
    }

    /** A brush painting a layer of its own; while active it takes the strokes instead of the mask tools. */
    public void setLayerTool(CanvasTool tool) {
        layerTool = tool;
        tool.activeProperty().addListener(o -> {
            updateCursor();
            invalidateOverlay();
        });
    }

    /** Draws {@code overlay} over the image from now on, redrawing when it changes. */
    public void addOverlay(CanvasOverlay overlay) {
        overlays.add(overlay);
        overlay.changes().addListener(o -> invalidateOverlay());
    }

    /** Space held: the left button pans. */
    public void setSpaceDown(boolean down) {
        spaceDown = down;
        updateCursor();
    }

    /** Alt held: selections flip between adding and subtracting. */
    public void setAltDown(boolean down) {
        altDown = down;
    }

    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    public Viewport viewport() {
        return viewport;
    }

    /** Screen position (in this node) of an image coordinate; for tests and scripted demos. */
    public double screenX(double imageX) {
        return viewport.toScreenX(imageX);
    }

    public double screenY(double imageY) {
        return viewport.toScreenY(imageY);
    }

    // ---- document ------------------------------------------------------------------------------

    private void attach(Document doc) {
        if (document != null) {
            document.removeListener(documentListener);
        }
        document = doc;
        if (doc != null) {
            doc.addListener(documentListener);
            fit();
        }
        invalidateFrame();
    }

    private Rect pendingFrame() {
        return OutpaintFrame.frame(document.width(), document.height(), model.outpaintLeftProperty().get(),
                model.outpaintTopProperty().get(), model.outpaintRightProperty().get(),
                model.outpaintBottomProperty().get());
    }

    // ---- drawing -------------------------------------------------------------------------------

    private void invalidateFrame() {
        sceneDirty = true;
        redrawAll = true;
        overlayDirty = true;
    }

    private void invalidateOverlay() {
        overlayDirty = true;
    }

    private void viewChanged() {
        fitted = false;
        zoom.set(viewport.scale());
        invalidateFrame();
    }

    @Override
    protected void layoutChildren() {
        int w = (int) Math.max(1, Math.floor(getWidth()));
        int h = (int) Math.max(1, Math.floor(getHeight()));
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            if (fitPending || fitted) {
                fit();
            }
            invalidateFrame();
        }
    }

    /**
     * Once per pulse (the animation timer): hands a changed scene to the composer, copies in the
     * tile it composed, and redraws the canvas if anything changed.
     */
    public void redrawIfNeeded() {
        int w = (int) canvas.getWidth();
        int h = (int) canvas.getHeight();
        if (w <= 1 || h <= 1) {
            return;
        }
        if (fitPending && document != null) {
            fit();
        }
        if (sceneDirty && document != null) {
            composer.submit(currentScene(w, h), new FrameComposer.Changes(imageChanged, maskChanged, previewChanged),
                    redrawAll);
            sceneDirty = redrawAll = false;
            imageChanged = maskChanged = previewChanged = Rect.EMPTY;
        }
        if (copyTile(composer.take())) {
            overlayDirty = true;
        }
        if (!overlayDirty) {
            return;
        }
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (document != null) {
            if (frame != null) {
                g.drawImage(frame, 0, 0);
            }
            drawOverlays(g);
        }
        overlayDirty = false;
    }

    private FrameComposer.Scene currentScene(int w, int h) {
        if (compareImage != null) {
            return new FrameComposer.Scene(viewport.copy(), w, h, document.image(), null, null, null, compareImage,
                    palette);
        }
        return new FrameComposer.Scene(viewport.copy(), w, h, document.image(), document.mask(), pendingFrame(),
                model.previewProperty().get(), null, palette);
    }

    /** Copies a composed tile into the frame (a new frame when the size changed); false without one. */
    private boolean copyTile(FrameComposer.Tile tile) {
        if (tile == null) {
            return false;
        }
        int w = tile.width();
        if (frame == null || frame.getWidth() != w || frame.getHeight() != tile.height()) {
            if (!tile.coversFrame()) {
                return false; // part of a frame of another size: a whole new frame follows
            }
            framePixels = tile.pixels();
            frameBuffer = new PixelBuffer<>(w, tile.height(), IntBuffer.wrap(framePixels),
                    PixelFormat.getIntArgbPreInstance());
            frame = new WritableImage(frameBuffer);
            return true;
        }
        Rect area = tile.area();
        frameBuffer.updateBuffer(buffer -> {
            for (int row = 0; row < area.height(); row++) {
                System.arraycopy(tile.pixels(), row * area.width(), framePixels, (area.y() + row) * w + area.x(),
                        area.width());
            }
            return new Rectangle2D(area.x(), area.y(), area.width(), area.height());
        });
        return true;
    }

    private void drawOverlays(GraphicsContext g) {
        Rect image = document.image().bounds();
        g.setLineDashes();
        g.setLineWidth(1);
        g.setStroke(palette.ink().deriveColor(0, 1, 1, 0.35));
        strokeImageRect(g, image);

        if (compareImage != null) {
            label(g, "Before the last edit", 12, 12, TextAlignment.LEFT, VPos.TOP);
            return;
        }
        overlays.forEach(overlay -> overlay.draw(g, viewport));
        Rect pending = pendingFrame();
        boolean running = model.generatingProperty().get();
        if (!pending.equals(image) && !running) {
            drawPendingOutpaint(g, image, pending); // while it runs, the preview shows the area itself
        }
        EditEngine.Preview preview = model.previewProperty().get();
        if (preview != null) {
            g.setStroke(palette.accent());
            g.setLineWidth(2);
            g.setLineDashes(6, 4);
            strokeImageRect(g, preview.placement());
            g.setLineDashes();
        }
        if (!running && !model.choosingProperty().get()) {
            drawHandles(g, pending);
        }
        switch (drag) {
            case RECTANGLE -> {
                g.setLineWidth(1.5);
                g.setStroke(palette.ink());
                g.setLineDashes(5, 4);
                Rect r = Rect.ofCorners((int) Math.round(anchorImageX), (int) Math.round(anchorImageY),
                        (int) Math.round(lastImageX), (int) Math.round(lastImageY));
                strokeImageRect(g, r);
                g.setLineDashes();
            }
            case LASSO -> {
                g.setLineWidth(1.5);
                g.setStroke(palette.ink());
                g.setLineDashes(5, 4);
                g.beginPath();
                for (int i = 0; i < lassoPoints.size(); i++) {
                    double[] p = lassoPoints.get(i);
                    double sx = viewport.toScreenX(p[0]);
                    double sy = viewport.toScreenY(p[1]);
                    if (i == 0) {
                        g.moveTo(sx, sy);
                    } else {
                        g.lineTo(sx, sy);
                    }
                }
                g.stroke();
                g.setLineDashes();
            }
            default -> { }
        }
        if (showsBrushCursor()) {
            double radius = tools.brushSizeProperty().get() / 2 * viewport.scale();
            g.setLineWidth(1.5);
            g.setStroke(palette.inkShadow());
            g.strokeOval(mouseX - radius, mouseY - radius, 2 * radius, 2 * radius);
            g.setLineWidth(1);
            g.setStroke(palette.ink());
            g.strokeOval(mouseX - radius + 1, mouseY - radius + 1, 2 * radius - 2, 2 * radius - 2);
            g.strokeLine(mouseX - 3, mouseY, mouseX + 3, mouseY);
            g.strokeLine(mouseX, mouseY - 3, mouseX, mouseY + 3);
        }
    }

    private void drawPendingOutpaint(GraphicsContext g, Rect image, Rect pending) {
        g.setStroke(palette.accent());
        g.setLineWidth(2);
        g.setLineDashes(8, 5);
        strokeImageRect(g, pending);
        g.setLineDashes();
        int left = model.outpaintLeftProperty().get();
        int top = model.outpaintTopProperty().get();
        int right = model.outpaintRightProperty().get();
        int bottom = model.outpaintBottomProperty().get();
        double midY = viewport.toScreenY(image.height() / 2.0);
        double midX = viewport.toScreenX(image.width() / 2.0);
        if (left > 0) {
            label(g, "+" + left + " px", viewport.toScreenX(-left / 2.0), midY, TextAlignment.CENTER, VPos.CENTER);
        }
        if (right > 0) {
            label(g, "+" + right + " px", viewport.toScreenX(image.width() + right / 2.0), midY,
                    TextAlignment.CENTER, VPos.CENTER);
        }
        if (top > 0) {
            label(g, "+" + top + " px", midX, viewport.toScreenY(-top / 2.0), TextAlignment.CENTER, VPos.CENTER);
        }
        if (bottom > 0) {
            label(g, "+" + bottom + " px", midX, viewport.toScreenY(image.height() + bottom / 2.0),
                    TextAlignment.CENTER, VPos.CENTER);
        }
        label(g, String.format(Locale.ROOT, "%d × %d px", pending.width(), pending.height()),
                viewport.toScreenX(pending.x() + pending.width() / 2.0), viewport.toScreenY(pending.y()) - 8,
                TextAlignment.CENTER, VPos.BOTTOM);
    }

    private void drawHandles(GraphicsContext g, Rect pending) {
        for (OutpaintFrame.Edge edge : OutpaintFrame.Edge.values()) {
            double[] c = handleCentre(edge, pending);
            double s = HANDLE_SIZE;
            boolean vertical = edge == OutpaintFrame.Edge.LEFT || edge == OutpaintFrame.Edge.RIGHT;
            double w = vertical ? s * 0.6 : s * 1.8;
            double h = vertical ? s * 1.8 : s * 0.6;
            g.setFill(palette.ink());
            g.fillRoundRect(c[0] - w / 2, c[1] - h / 2, w, h, 4, 4);
            g.setStroke(palette.accent());
            g.setLineWidth(1.5);
            g.strokeRoundRect(c[0] - w / 2, c[1] - h / 2, w, h, 4, 4);
        }
    }

    private double[] handleCentre(OutpaintFrame.Edge edge, Rect pending) {
        double cx = viewport.toScreenX(pending.x() + pending.width() / 2.0);
        double cy = viewport.toScreenY(pending.y() + pending.height() / 2.0);
        return switch (edge) {
            case LEFT -> new double[] {viewport.toScreenX(pending.x()), cy};
            case RIGHT -> new double[] {viewport.toScreenX(pending.right()), cy};
            case TOP -> new double[] {cx, viewport.toScreenY(pending.y())};
            case BOTTOM -> new double[] {cx, viewport.toScreenY(pending.bottom())};
        };
    }

    /** Where the handle of an edge is, in this node's coordinates (for tests and scripted demos). */
    public double[] handlePosition(OutpaintFrame.Edge edge) {
        return handleCentre(edge, pendingFrame());
    }

    private void label(GraphicsContext g, String text, double x, double y, TextAlignment align, VPos baseline) {
        g.setFont(Font.font("System", FontWeight.BOLD, 12));
        g.setTextAlign(align);
        g.setTextBaseline(baseline);
        g.setLineWidth(3);
        g.setStroke(palette.inkShadow());
        g.strokeText(text, x, y);
        g.setFill(palette.ink());
        g.fillText(text, x, y);
    }

    private void strokeImageRect(GraphicsContext g, Rect r) {
        double x0 = Math.round(viewport.toScreenX(r.x())) + 0.5;
        double y0 = Math.round(viewport.toScreenY(r.y())) + 0.5;
        double x1 = Math.round(viewport.toScreenX(r.right())) - 0.5;
        double y1 = Math.round(viewport.toScreenY(r.bottom())) - 0.5;
        g.setLineCap(StrokeLineCap.SQUARE);
        g.strokeRect(x0, y0, x1 - x0, y1 - y0);
    }

    private boolean layerToolActive() {
        return layerTool != null && layerTool.activeProperty().get();
    }

    private boolean showsBrushCursor() {
        Tool tool = tools.toolProperty().get();
        return document != null && !Double.isNaN(mouseX)
                && (tool == Tool.BRUSH || tool == Tool.ERASER || layerToolActive())
                && drag != Drag.PAN && drag != Drag.HANDLE && !spaceDown && hitHandle(mouseX, mouseY) == null;
    }

    // ---- input ---------------------------------------------------------------------------------

    private void pressed(MouseEvent e) {
        requestFocus();
        if (document == null) {
            return;
        }
        lastScreenX = e.getX();
        lastScreenY = e.getY();
        lastImageX = viewport.toImageX(e.getX());
        lastImageY = viewport.toImageY(e.getY());
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && spaceDown)) {
            drag = Drag.PAN;
            setCursor(Cursor.CLOSED_HAND);
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY || compareImage != null) {
            return;
        }
        if (layerToolActive() && !model.generatingProperty().get()) {
            drag = Drag.LAYER;
            layerTool.press(lastImageX, lastImageY, tools.brushSizeProperty().get() / 2);
            invalidateOverlay();
            return;
        }
        boolean locked = model.generatingProperty().get() || model.choosingProperty().get();
        OutpaintFrame.Edge edge = hitHandle(e.getX(), e.getY());
        if (edge != null && !locked) {
            drag = Drag.HANDLE;
            draggedEdge = edge;
            return;
        }
        if (locked) {
            return;
        }
        switch (tools.toolProperty().get()) {
            case BRUSH, ERASER -> {
                drag = Drag.PAINT;
                maskEdit = document.beginMaskEdit(tools.toolProperty().get() == Tool.BRUSH ? "Brush stroke" : "Erase");
                boolean on = tools.toolProperty().get() == Tool.BRUSH;
                double radius = tools.brushSizeProperty().get() / 2;
                double x = lastImageX;
                double y = lastImageY;
                maskEdit.apply(mask -> mask.paintDisc(x, y, radius, on));
            }
            case RECTANGLE -> {
                drag = Drag.RECTANGLE;
                anchorImageX = lastImageX;
                anchorImageY = lastImageY;
            }
            case LASSO -> {
                drag = Drag.LASSO;
                lassoPoints.clear();
                lassoPoints.add(new double[] {lastImageX, lastImageY});
            }
        }
        invalidateOverlay();
    }

    private void dragged(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        double ix = viewport.toImageX(e.getX());
        double iy = viewport.toImageY(e.getY());
        switch (drag) {
            case PAN -> {
                viewport.panBy(e.getX() - lastScreenX, e.getY() - lastScreenY);
                viewChanged();
            }
            case PAINT -> {
                boolean on = tools.toolProperty().get() == Tool.BRUSH;
                double radius = tools.brushSizeProperty().get() / 2;
                double x0 = lastImageX;
                double y0 = lastImageY;
                maskEdit.apply(mask -> mask.paintSegment(x0, y0, ix, iy, radius, on));
            }
            case LASSO -> lassoPoints.add(new double[] {ix, iy});
            case HANDLE -> dragHandle(ix, iy);
            case LAYER -> layerTool.drag(ix, iy);
            default -> { }
        }
        lastScreenX = e.getX();
        lastScreenY = e.getY();
        lastImageX = ix;
        lastImageY = iy;
        invalidateOverlay();
    }

    private void dragHandle(double ix, double iy) {
        int w = document.width();
        int h = document.height();
        switch (draggedEdge) {
            case LEFT -> model.outpaintLeftProperty().set(
                    OutpaintFrame.amountFor(draggedEdge, ix, w, h, model.outpaintRightProperty().get()));
            case RIGHT -> model.outpaintRightProperty().set(
                    OutpaintFrame.amountFor(draggedEdge, ix, w, h, model.outpaintLeftProperty().get()));
            case TOP -> model.outpaintTopProperty().set(
                    OutpaintFrame.amountFor(draggedEdge, iy, w, h, model.outpaintBottomProperty().get()));
            case BOTTOM -> model.outpaintBottomProperty().set(
                    OutpaintFrame.amountFor(draggedEdge, iy, w, h, model.outpaintTopProperty().get()));
        }
    }

    private void released(MouseEvent e) {
        boolean subtract = tools.subtractProperty().get() ^ (altDown || e.isAltDown());
        switch (drag) {
            case PAINT -> {
                maskEdit.commit();
                maskEdit = null;
            }
            case RECTANGLE -> {
                Rect r = Rect.ofCorners((int) Math.round(anchorImageX), (int) Math.round(anchorImageY),
                        (int) Math.round(lastImageX), (int) Math.round(lastImageY));
                if (!r.isEmpty()) {
                    document.editMask(subtract ? "Subtract rectangle" : "Add rectangle", m -> m.fillRect(r, !subtract));
                }
            }
            case LASSO -> {
                double[] xs = lassoPoints.stream().mapToDouble(p -> p[0]).toArray();
                double[] ys = lassoPoints.stream().mapToDouble(p -> p[1]).toArray();
                document.editMask(subtract ? "Subtract lasso" : "Add lasso", m -> m.fillPolygon(xs, ys, !subtract));
                lassoPoints.clear();
            }
            case LAYER -> layerTool.release();
            default -> { }
        }
        if (drag == Drag.HANDLE && !fullyVisible(pendingFrame())) {
            fit(); // the grown frame and its handle went out of view (under the side panel): show it all
        }
        drag = Drag.NONE;
        draggedEdge = null;
        updateCursor();
        invalidateOverlay();
    }

    private void moved(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        updateCursor();
        invalidateOverlay();
    }

    private void scrolled(ScrollEvent e) {
        if (document == null) {
            return;
        }
        double delta = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
        if (delta == 0) {
            return;
        }
        if (e.isAltDown()) {
            if (delta > 0) {
                tools.growBrush();
            } else {
                tools.shrinkBrush();
            }
        } else {
            viewport.zoomAt(viewport.scale() * Math.pow(Viewport.ZOOM_STEP, delta / 40.0), e.getX(), e.getY());
            viewChanged();
        }
        e.consume();
    }

    private OutpaintFrame.Edge hitHandle(double x, double y) {
        if (document == null || model.generatingProperty().get() || model.choosingProperty().get()) {
            return null;
        }
        Rect pending = pendingFrame();
        for (OutpaintFrame.Edge edge : OutpaintFrame.Edge.values()) {
            double[] c = handleCentre(edge, pending);
            if (Math.abs(c[0] - x) <= HANDLE_SIZE && Math.abs(c[1] - y) <= HANDLE_SIZE) {
                return edge;
            }
        }
        return null;
    }

    private void updateCursor() {
        if (drag == Drag.PAN) {
            setCursor(Cursor.CLOSED_HAND);
            return;
        }
        if (spaceDown) {
            setCursor(Cursor.OPEN_HAND);
            return;
        }
        OutpaintFrame.Edge edge = Double.isNaN(mouseX) ? null : hitHandle(mouseX, mouseY);
        if (edge != null || drag == Drag.HANDLE) {
            OutpaintFrame.Edge e = edge != null ? edge : draggedEdge;
            setCursor(e == OutpaintFrame.Edge.LEFT || e == OutpaintFrame.Edge.RIGHT ? Cursor.H_RESIZE : Cursor.V_RESIZE);
            return;
        }
        Tool tool = tools.toolProperty().get();
        setCursor(tool == Tool.BRUSH || tool == Tool.ERASER || layerToolActive() ? Cursor.NONE : Cursor.CROSSHAIR);
    }

    private boolean fullyVisible(Rect frame) {
        return viewport.toScreenX(frame.x()) >= 0 && viewport.toScreenY(frame.y()) >= 0
                && viewport.toScreenX(frame.right()) <= getWidth() && viewport.toScreenY(frame.bottom()) <= getHeight();
    }

    private void zoomAroundCentre(double scale) {
        viewport.zoomAt(scale, getWidth() / 2, getHeight() / 2);
        viewChanged();
    }

    /** The raster currently displayed (the comparison image while comparing); for tests. */
    public Raster displayedImage() {
        return compareImage != null ? compareImage : document == null ? null : document.image();
    }
}
