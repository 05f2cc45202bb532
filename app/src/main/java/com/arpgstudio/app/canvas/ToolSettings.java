package com.arpgstudio.app.canvas;

import com.arpgstudio.app.actions.ActionTargets;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/** The current mask tool, brush size (image pixels), brush hardness and whether selections subtract. */
public final class ToolSettings implements ActionTargets.ToolCommands {

    public static final double MIN_BRUSH = 1;
    public static final double MAX_BRUSH = 1000;
    private static final double BRUSH_STEP = 1.2;
    public static final double MIN_HARDNESS = 0;
    public static final double MAX_HARDNESS = 1;
    public static final double DEFAULT_HARDNESS = 1;

    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(Tool.BRUSH);
    private final DoubleProperty brushSize = new SimpleDoubleProperty(48);

    public ObjectProperty<Tool> toolProperty() {
        return tool;
    }

    public DoubleProperty brushSizeProperty() {
        return brushSize;
    }

    private final DoubleProperty hardness = new SimpleDoubleProperty(DEFAULT_HARDNESS);

    /**
     * The share of the brush's radius painted at full coverage ({@link #MIN_HARDNESS}..{@link
     * #MAX_HARDNESS}); outside it the coverage falls to none at the edge (see
     * {@link com.arpgstudio.app.document.MaskPaint#disc}).
     */
    public DoubleProperty hardnessProperty() {
        return hardness;
    }

    private final BooleanProperty subtract = new SimpleBooleanProperty();

    /** Selections (rectangle, lasso) remove from the mask instead of adding; Alt flips it while held. */
    @Override
    public BooleanProperty subtractProperty() {
        return subtract;
    }

    @Override
    public void growBrush() {
        brushSize.set(Math.min(MAX_BRUSH, Math.max(brushSize.get() + 1, Math.round(brushSize.get() * BRUSH_STEP))));
    }

    @Override
    public void shrinkBrush() {
        brushSize.set(Math.max(MIN_BRUSH, Math.min(brushSize.get() - 1, Math.round(brushSize.get() / BRUSH_STEP))));
    }
}
