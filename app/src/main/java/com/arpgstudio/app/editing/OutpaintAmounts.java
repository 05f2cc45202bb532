package com.arpgstudio.app.editing;

import javafx.beans.InvalidationListener;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * How many pixels the next fill adds on each side of the image (the edge handles and the Outpaint
 * pane set them); a fill applied with them pending uses them up.
 */
public final class OutpaintAmounts {

    /** Some side is to grow: Generate outpaints rather than fills the mask. */
    public boolean pending() {
        return left.get() + top.get() + right.get() + bottom.get() > 0;
    }

    public void reset() {
        left.set(0);
        top.set(0);
        right.set(0);
        bottom.set(0);
    }

    /** Told when any of the four amounts changes. */
    public void addListener(InvalidationListener listener) {
        left.addListener(listener);
        top.addListener(listener);
        right.addListener(listener);
        bottom.addListener(listener);
    }

    private final IntegerProperty left = new SimpleIntegerProperty();

    public IntegerProperty leftProperty() {
        return left;
    }

    private final IntegerProperty top = new SimpleIntegerProperty();

    public IntegerProperty topProperty() {
        return top;
    }

    private final IntegerProperty right = new SimpleIntegerProperty();

    public IntegerProperty rightProperty() {
        return right;
    }

    private final IntegerProperty bottom = new SimpleIntegerProperty();

    public IntegerProperty bottomProperty() {
        return bottom;
    }
}
