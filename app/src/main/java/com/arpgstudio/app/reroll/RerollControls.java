package com.arpgstudio.app.reroll;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the user sets for re-rolls: which layer brush paints (the re-roll brush marks the part to
 * generate again, the pin brush the tokens to keep), their strokes, the confidence below which
 * "Re-roll unsure" takes a token, and whether the confidence heat map shows.
 */
public final class RerollControls {

    /** The brushes that paint a layer of their own instead of the document's mask. */
    public enum Brush {
        /** Marks what a re-roll generates again. */
        REROLL,
        /** Marks tokens no re-roll changes. */
        PIN
    }

    /**
     * The lowest and highest threshold the slider offers, and where it starts: a weak model gives
     * most of its tokens well under 1% (it spreads its belief over thousands of codes), so the
     * range spans four orders of magnitude.
     */
    public static final double MIN_THRESHOLD = 0.0001;
    public static final double MAX_THRESHOLD = 0.99;
    public static final double DEFAULT_THRESHOLD = 0.1;

    private final BrushStrokes rerollStrokes = new BrushStrokes();
    private final BrushStrokes pinStrokes = new BrushStrokes();

    public RerollControls() {
        threshold.addListener((obs, old, value) -> {
            double clamped = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, value.doubleValue()));
            if (clamped != value.doubleValue()) {
                threshold.set(clamped);
            }
        });
    }

    private final ObjectProperty<Brush> brush = new SimpleObjectProperty<>();

    /** The layer brush in use, or null when the mask tools are. */
    public ObjectProperty<Brush> brushProperty() {
        return brush;
    }

    public BrushStrokes rerollStrokes() {
        return rerollStrokes;
    }

    public BrushStrokes pinStrokes() {
        return pinStrokes;
    }

    /** The strokes the current layer brush paints, or null when none is in use. */
    public BrushStrokes activeStrokes() {
        return brush.get() == null ? null : brush.get() == Brush.REROLL ? rerollStrokes : pinStrokes;
    }

    private final DoubleProperty threshold = new SimpleDoubleProperty(DEFAULT_THRESHOLD);

    /** Tokens less probable than this are "unsure", in [{@link #MIN_THRESHOLD}, {@link #MAX_THRESHOLD}]. */
    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    private final BooleanProperty showConfidence = new SimpleBooleanProperty();

    public BooleanProperty showConfidenceProperty() {
        return showConfidence;
    }

    /** A new fill: its strokes and pins are the old fill's no more. */
    public void reset() {
        rerollStrokes.clear();
        pinStrokes.clear();
    }
}
