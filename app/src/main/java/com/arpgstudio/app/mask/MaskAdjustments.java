package com.arpgstudio.app.mask;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * What the Mask menu and pane change besides painting: growing and shrinking the document's mask
 * by a distance ({@link PixelMask#grown}, {@link PixelMask#shrunk}), each one undoable step, and
 * the feather width the next fill is pasted with ({@link EditOptions}'s default and limits).
 */
public final class MaskAdjustments {

    public static final int MIN_DISTANCE = 1;
    public static final int MAX_DISTANCE = PixelMask.MAX_GROW_PIXELS;
    public static final int DEFAULT_DISTANCE = 8;

    private final ReadOnlyObjectProperty<Document> document;
    private final Consumer<String> status;

    /**
     * @param document the open document (null when none)
     * @param status   where a sentence saying what was done goes (the status bar)
     */
    public MaskAdjustments(ReadOnlyObjectProperty<Document> document, Consumer<String> status) {
        this.document = document;
        this.status = status;
        distance.addListener((obs, old, value) -> distance.set(clamp(value.intValue(), MIN_DISTANCE, MAX_DISTANCE)));
        feather.addListener((obs, old, value) -> feather.set(clamp(value.intValue(), EditOptions.MIN_FEATHER_PIXELS,
                EditOptions.MAX_FEATHER_PIXELS)));
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private final IntegerProperty distance = new SimpleIntegerProperty(DEFAULT_DISTANCE);

    /** Pixels Grow and Shrink move the mask's edge by. */
    public IntegerProperty distanceProperty() {
        return distance;
    }

    private final ObjectProperty<Integer> distanceValue = distance.asObject();

    /** {@link #distanceProperty()} as an object property (for a spinner). */
    public ObjectProperty<Integer> distanceValueProperty() {
        return distanceValue;
    }

    private final IntegerProperty feather = new SimpleIntegerProperty(EditOptions.DEFAULT_FEATHER_PIXELS);

    /** Pixels around the mask over which the next fill fades into the image. */
    public IntegerProperty featherProperty() {
        return feather;
    }

    private final ObjectProperty<Integer> featherValue = feather.asObject();

    /** {@link #featherProperty()} as an object property (for a spinner). */
    public ObjectProperty<Integer> featherValueProperty() {
        return featherValue;
    }

    /** The edit options a fill uses: the feather set here. */
    public EditOptions editOptions() {
        return EditOptions.defaults().withFeatherPixels(feather.get());
    }

    /** Grows the mask by {@link #distanceProperty()} pixels (one undo step). */
    public void grow() {
        adjust("mask.grown", "mask.grow.undo", MaskPaint::grow);
    }

    /** Shrinks the mask by {@link #distanceProperty()} pixels (one undo step). */
    public void shrink() {
        adjust("mask.shrunk", "mask.shrink.undo", MaskPaint::shrink);
    }

    private void adjust(String doneKey, String undoKey, BiFunction<PixelMask, Integer, Rect> operation) {
        Document doc = document.get();
        if (doc == null) {
            return;
        }
        int pixels = distance.get();
        doc.editMask(Messages.text(undoKey, pixels), mask -> operation.apply(mask, pixels));
        status.accept(Messages.text(doneKey, pixels));
    }
}
