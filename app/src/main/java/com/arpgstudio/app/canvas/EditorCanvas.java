package com.arpgstudio.app.canvas;

import com.arpgstudio.app.actions.ActionTargets;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelBuffer;
import javafx.scene.layout.Region;
import javafx.stage.Window;

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
public final class EditorCanvas extends Region implements ActionTargets.ViewCommands {

    private final EditorViewModel model;
    private final ToolSettings tools;
    private final Canvas canvas = new Canvas();
    private final Viewport viewport = new Viewport();
    private final CanvasColours colours = new CanvasColours(this, this::invalidateFrame);

    private Document document;
    private final FrameComposer composer = new FrameComposer();
    private ArgbImage compareImage;
    private final FrameImage frame = new FrameImage();
    private final FrameDamage damage = new FrameDamage();
    private boolean overlayDirty = true;
    private boolean fitPending;
    /** The view is as Fit made it (no zoom or pan since): a new size (the variant strip docking) fits again. */
    private boolean fitted;
    /** The output scale the frame was composed at. */
    private double frameScale = 1;

    private final EdgeHandles handles;
    private final PointerRouter pointer;
    private final List<CanvasOverlay> overlays = new ArrayList<>();

    private final Document.Listener documentListener = new Document.Listener() {
        @Override
        public void imageChanged(Rect rect) {
            damage.image(rect);
        }

        @Override
        public void maskChanged(Rect rect) {
            damage.mask(rect);
        }

        @Override
        public void resized() {
            fitPending = true;
            invalidateFrame();
        }
    };

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CanvasColours.cssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return getClassCssMetaData();
    }

    Document document() {
        return document;
    }

    /** The comparison image shown instead of the document, or null. */
    ArgbImage compareImage() {
        return compareImage;
    }

    /** The colours the canvas draws with now (from the theme). */
    CanvasPalette palette() {
        return colours.palette();
    }

    CanvasColours colours() {
        return colours;
    }

    public EditorCanvas(EditorViewModel model, ToolSettings tools) {
        this.model = model;
        this.tools = tools;
        handles = new EdgeHandles(() -> document, viewport, model.outpaint(), this::refitIfOutOfView);
        pointer = new PointerRouter(this, model, tools, handles);
        getStyleClass().add("editor-canvas");
        setId("editor-canvas");
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(100, 100);

        model.documentProperty().addListener((obs, old, doc) -> attach(doc));
        model.addPreviewListener((preview, changed) -> {
            damage.preview(changed);
            overlayDirty = true;
        });
        model.history().compareImageProperty().addListener((obs, old, image) -> {
            compareImage = image;
            invalidateFrame();
        });
        model.outpaint().addListener(o -> invalidateFrame());
        model.generation().generatingProperty().addListener(o -> invalidateOverlay());
        model.variants().choosingProperty().addListener(o -> invalidateOverlay());
        tools.brushSizeProperty().addListener(o -> invalidateOverlay());

        new AnimationTimer() {
            @Override
            public void handle(long now) {
                redrawIfNeeded();
            }
        }.start();
        attach(model.documentProperty().get());
    }

    // ---- public view commands ------------------------------------------------------------------

    @Override
    public void zoomIn() {
        zoomAroundCentre(viewport.scale() * Viewport.ZOOM_STEP);
    }

    @Override
    public void zoomOut() {
        zoomAroundCentre(viewport.scale() / Viewport.ZOOM_STEP);
    }

    @Override
    public void actualSize() {
        viewport.actualSize(getWidth(), getHeight());
        viewChanged();
    }

    @Override
    public void fit() {
        if (document == null || getWidth() <= 0 || getHeight() <= 0) {
            fitPending = true;
            return;
        }
        Rect content = handles.frame();
        viewport.fit(getWidth(), getHeight(), content.x(), content.y(), content.width(), content.height());
        fitPending = false;
        viewChanged();
        fitted = true;
    }

    /** A brush painting a layer of its own; while active it takes the strokes instead of the mask tools. */
    public void setLayerTool(CanvasTool tool) {
        pointer.setLayerTool(tool);
    }

    /** Draws {@code overlay} over the image from now on, redrawing when it changes. */
    public void addOverlay(CanvasOverlay overlay) {
        overlays.add(overlay);
        overlay.changes().addListener(o -> invalidateOverlay());
    }

    /** Space held: the left button pans. */
    public void setSpaceDown(boolean down) {
        pointer.setSpaceDown(down);
    }

    /** Alt held: selections flip between adding and subtracting. */
    public void setAltDown(boolean down) {
        pointer.setAltDown(down);
    }

    private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(1);

    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom.getReadOnlyProperty();
    }

    Viewport viewport() {
        return viewport;
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

    // ---- drawing -------------------------------------------------------------------------------

    private void invalidateFrame() {
        damage.all();
        overlayDirty = true;
    }

    void invalidateOverlay() {
        overlayDirty = true;
    }

    void viewChanged() {
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
    void redrawIfNeeded() {
        int w = (int) canvas.getWidth();
        int h = (int) canvas.getHeight();
        if (w <= 1 || h <= 1) {
            return;
        }
        if (fitPending && document != null) {
            fit();
        }
        double scale = outputScale();
        if (scale != frameScale) {
            frameScale = scale;
            invalidateFrame();
        }
        if (damage.pending() && document != null) {
            damage.hand(composer, currentScene((int) Math.ceil(w * scale), (int) Math.ceil(h * scale), scale));
        }
        if (frame.copy(composer.take())) {
            overlayDirty = true;
        }
        if (!overlayDirty) {
            return;
        }
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (document != null) {
            frame.draw(g, frameScale);
            drawOverlays(g);
        }
        overlayDirty = false;
    }

    private FrameComposer.Scene currentScene(int w, int h, double scale) {
        Viewport view = viewport.scaledBy(scale);
        if (compareImage != null) {
            return new FrameComposer.Scene(view, w, h, document.image(), null, null, null, compareImage, palette());
        }
        return new FrameComposer.Scene(view, w, h, document.image(), document.mask(), handles.frame(),
                model.previewProperty().get(), null, palette());
    }

    /**
     * Screen pixels per logical pixel where the canvas shows (the window's render scale: 1.5 on a
     * 150 % screen), 1 before it is shown. The frame is composed at this scale so the image stays
     * sharp on high-DPI screens.
     */
    private double outputScale() {
        Window window = getScene() == null ? null : getScene().getWindow();
        return window == null || !(window.getRenderScaleX() > 0) ? 1 : window.getRenderScaleX();
    }

    /** The composed frame's size in screen pixels (width, height), or null before the first frame. */
    int[] frameSize() {
        return frame.size();
    }

    private void drawOverlays(GraphicsContext g) {
        OverlayPainter painter = new OverlayPainter(g, viewport, palette());
        Rect image = document.image().bounds();
        painter.imageBorder(image);
        if (compareImage != null) {
            painter.caption(Messages.text("canvas.beforeLastEdit"));
            return;
        }
        overlays.forEach(overlay -> overlay.draw(g, viewport));
        Rect pending = handles.frame();
        boolean running = model.generation().generatingProperty().get();
        if (!pending.equals(image) && !running) {
            painter.pendingOutpaint(image, pending); // while it runs, the preview shows the area itself
        }
        Preview preview = model.previewProperty().get();
        if (preview != null) {
            painter.editWindow(preview.region());
        }
        pointer.paint(painter);
    }

    /** Where the handle of an edge is, in this node's coordinates. */
    double[] handleCentre(OutpaintFrame.Edge edge) {
        return handles.centre(edge, handles.frame());
    }

    private void refitIfOutOfView() {
        if (!viewport.showsAll(handles.frame(), getWidth(), getHeight())) {
            fit(); // the grown frame and its handle went out of view (under the side panel): show it all
        }
    }

    private void zoomAroundCentre(double scale) {
        viewport.zoomAt(scale, getWidth() / 2, getHeight() / 2);
        viewChanged();
    }
}
