package com.arpgstudio.app.reroll;

import com.arpgstudio.app.canvas.CanvasTool;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;

/** The re-roll and pin brushes on the canvas: strokes go to the strokes of the brush in use. */
public final class LayerBrush implements CanvasTool {

    private final RerollControls controls;
    private final BooleanBinding active;
    private BrushStrokes painting;

    public LayerBrush(RerollControls controls) {
        this.controls = controls;
        this.active = Bindings.isNotNull(controls.brushProperty());
    }

    @Override
    public ObservableBooleanValue activeProperty() {
        return active;
    }

    @Override
    public void press(double x, double y, double radius) {
        painting = controls.activeStrokes();
        if (painting != null) {
            painting.begin(x, y, radius);
        }
    }

    @Override
    public void drag(double x, double y) {
        if (painting != null) {
            painting.extend(x, y);
        }
    }

    @Override
    public void release() {
        if (painting != null) {
            painting.end();
            painting = null;
        }
    }
}
