package com.arpgstudio.app.reroll;

import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.PixelMask;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * What a brush of its own layer painted (the re-roll brush, the pin brush), as strokes in document
 * coordinates: drawn as paths over the canvas at any zoom, and turned into a mask of a result's
 * pixels only when a re-roll needs one. Used on the FX thread only.
 */
public final class BrushStrokes {

    /** One stroke: a disc of {@code radius} dragged through {@code points} ({x, y} pairs, document pixels). */
    public record Stroke(double radius, List<double[]> points) {
        public Stroke {
            points = List.copyOf(points);
        }
    }

    private final List<Stroke> strokes = new ArrayList<>();
    private List<double[]> current;
    private double currentRadius;

    /** Starts a stroke at ({@code x}, {@code y}). */
    public void begin(double x, double y, double radius) {
        current = new ArrayList<>();
        currentRadius = radius;
        current.add(new double[] {x, y});
        revision.set(revision.get() + 1);
    }

    /** Drags the current stroke on to ({@code x}, {@code y}). */
    public void extend(double x, double y) {
        if (current != null) {
            current.add(new double[] {x, y});
            revision.set(revision.get() + 1);
        }
    }

    /** Ends the current stroke. */
    public void end() {
        if (current != null) {
            strokes.add(new Stroke(currentRadius, current));
            current = null;
            revision.set(revision.get() + 1);
        }
    }

    public void clear() {
        strokes.clear();
        current = null;
        revision.set(revision.get() + 1);
    }

    public boolean isEmpty() {
        return strokes.isEmpty() && current == null;
    }

    /** Every stroke, the one in progress last. */
    public List<Stroke> strokes() {
        List<Stroke> all = new ArrayList<>(strokes);
        if (current != null) {
            all.add(new Stroke(currentRadius, current));
        }
        return all;
    }

    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper();

    /** Grows with every change: the canvas redraws on it. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /**
     * The painted pixels of an image of {@code width x height} whose pixel (0, 0) lies at
     * ({@code originX}, {@code originY}) in document coordinates.
     */
    public PixelMask toMask(int width, int height, int originX, int originY) {
        PixelMask mask = new PixelMask(width, height);
        for (Stroke stroke : strokes()) {
            List<double[]> points = stroke.points();
            double[] first = points.get(0);
            MaskPaint.disc(mask, first[0] - originX, first[1] - originY, stroke.radius(), true);
            for (int i = 1; i < points.size(); i++) {
                double[] a = points.get(i - 1);
                double[] b = points.get(i);
                MaskPaint.segment(mask, a[0] - originX, a[1] - originY, b[0] - originX, b[1] - originY, stroke.radius(),
                        true);
            }
        }
        return mask;
    }
}
