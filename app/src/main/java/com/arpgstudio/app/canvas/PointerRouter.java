package com.arpgstudio.app.canvas;

import com.arpgstudio.app.editing.EditorViewModel;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.Cursor;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * The canvas's pointer input: a press picks the tool of the gesture (pan with the middle button or
 * Space, a layer brush while one is active, an edge handle under the pointer, else the chosen mask
 * tool), which gets the drags and the release; the wheel zooms (Alt: brush size). Also draws what
 * belongs to the pointer: the handles, the gesture in progress, the brush outline.
 */
final class PointerRouter {

    private final EditorCanvas canvas;
    private final EditorViewModel model;
    private final ToolSettings tools;
    private final EdgeHandles handles;
    private final Map<Tool, PointerTool> maskTools = new EnumMap<>(Tool.class);
    private final PointerTool pan;
    private CanvasTool layerTool;
    private PointerTool layerStrokes;
    /** The tool of the gesture in progress (between press and release), or null. */
    private PointerTool active;
    private boolean spaceDown;
    private boolean altDown;
    private double mouseX = Double.NaN;
    private double mouseY = Double.NaN;

    PointerRouter(EditorCanvas canvas, EditorViewModel model, ToolSettings tools, EdgeHandles handles) {
        this.canvas = canvas;
        this.model = model;
        this.tools = tools;
        this.handles = handles;
        this.pan = new Pan(canvas.viewport(), canvas::viewChanged);
        for (Tool tool : Tool.values()) {
            maskTools.put(tool, tool.create(canvas::document, tools));
        }
        tools.toolProperty().addListener(o -> {
            updateCursor();
            canvas.invalidateOverlay();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::moved);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            mouseX = Double.NaN;
            canvas.invalidateOverlay();
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    }

    void setLayerTool(CanvasTool tool) {
        layerTool = tool;
        layerStrokes = new LayerStrokes(tool, tools);
        tool.activeProperty().addListener(o -> {
            updateCursor();
            canvas.invalidateOverlay();
        });
    }

    void setSpaceDown(boolean down) {
        spaceDown = down;
        updateCursor();
    }

    void setAltDown(boolean down) {
        altDown = down;
    }

    /** Draws the handles (while they can be dragged), the gesture in progress and the brush outline. */
    void paint(OverlayPainter painter) {
        if (!locked()) {
            handles.paint(painter);
        }
        if (active != null) {
            active.paintGesture(painter);
        }
        if (showsBrushOutline()) {
            painter.brushOutline(mouseX, mouseY, tools.brushSizeProperty().get() / 2 * canvas.viewport().scale());
        }
    }

    private boolean locked() {
        return model.generation().generatingProperty().get() || model.variants().choosingProperty().get();
    }

    private boolean layerToolActive() {
        return layerTool != null && layerTool.activeProperty().get();
    }

    /** The tool a primary-button drag would use now: a layer brush while one is active, else the chosen mask tool. */
    private PointerTool chosenTool() {
        return layerToolActive() ? layerStrokes : maskTools.get(tools.toolProperty().get());
    }

    private boolean showsBrushOutline() {
        return canvas.document() != null && !Double.isNaN(mouseX) && !spaceDown && hoveredHandle() == null
                && (active == null ? chosenTool() : active).cursor() == Cursor.NONE;
    }

    private OutpaintFrame.Edge hoveredHandle() {
        return Double.isNaN(mouseX) || canvas.document() == null || locked() ? null : handles.hit(mouseX, mouseY);
    }

    // ---- input ---------------------------------------------------------------------------------

    private Pointer pointer(MouseEvent e) {
        return new Pointer(e.getX(), e.getY(), canvas.viewport().toImageX(e.getX()), canvas.viewport().toImageY(e.getY()),
                altDown || e.isAltDown());
    }

    /** Picks the tool for the gesture this press starts: pan, a layer brush, a handle, or the mask tool. */
    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        if (canvas.document() == null || active != null) {
            return;
        }
        boolean primary = e.getButton() == MouseButton.PRIMARY;
        if (e.getButton() == MouseButton.MIDDLE || (primary && spaceDown)) {
            active = pan;
        } else if (!primary || canvas.compareImage() != null) {
            return;
        } else if (layerToolActive() && !model.generation().generatingProperty().get()) {
            active = layerStrokes;
        } else if (locked()) {
            return;
        } else if (handles.hit(e.getX(), e.getY()) != null) {
            active = handles;
        } else {
            active = maskTools.get(tools.toolProperty().get());
        }
        active.press(pointer(e));
        updateCursor();
        canvas.invalidateOverlay();
    }

    private void dragged(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        if (active != null) {
            active.drag(pointer(e));
        }
        canvas.invalidateOverlay();
    }

    private void released(MouseEvent e) {
        if (active != null) {
            PointerTool finished = active;
            active = null;
            finished.release(pointer(e));
        }
        updateCursor();
        canvas.invalidateOverlay();
    }

    private void moved(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        updateCursor();
        canvas.invalidateOverlay();
    }

    private void scrolled(ScrollEvent e) {
        if (canvas.document() == null) {
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
            canvas.viewport().zoomAt(canvas.viewport().scale() * Math.pow(Viewport.ZOOM_STEP, delta / 40.0), e.getX(), e.getY());
            canvas.viewChanged();
        }
        e.consume();
    }

    private void updateCursor() {
        OutpaintFrame.Edge hovered = hoveredHandle();
        if (active != null) {
            canvas.setCursor(active.cursor());
        } else if (spaceDown) {
            canvas.setCursor(Cursor.OPEN_HAND);
        } else if (hovered != null) {
            canvas.setCursor(EdgeHandles.cursor(hovered));
        } else {
            canvas.setCursor(chosenTool().cursor());
        }
    }
}
