package com.arpgstudio.app.saving;

import com.arpgstudio.inference.edit.ImageFormat;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;

/** How Save writes files: the JPEG quality in percent (the engine's default, {@link ImageFormat#DEFAULT_JPEG_QUALITY}). */
public final class SaveSettings {

    public static final int MIN_JPEG_QUALITY = 1;
    public static final int MAX_JPEG_QUALITY = 100;
    public static final int DEFAULT_JPEG_QUALITY = Math.round(ImageFormat.DEFAULT_JPEG_QUALITY * 100);

    private final IntegerProperty jpegQuality = new SimpleIntegerProperty(DEFAULT_JPEG_QUALITY);

    public SaveSettings() {
        jpegQuality.addListener((obs, old, value) -> jpegQuality.set(
                Math.max(MIN_JPEG_QUALITY, Math.min(MAX_JPEG_QUALITY, value.intValue()))));
    }

    /** JPEG quality in percent ({@link #MIN_JPEG_QUALITY}..{@link #MAX_JPEG_QUALITY}). */
    public IntegerProperty jpegQualityProperty() {
        return jpegQuality;
    }

    private final ObjectProperty<Integer> jpegQualityValue = jpegQuality.asObject();

    /** {@link #jpegQualityProperty()} as an object property (for a spinner). */
    public ObjectProperty<Integer> jpegQualityValueProperty() {
        return jpegQualityValue;
    }

    /** The quality as the encoder takes it (0..1]. */
    public float jpegQuality() {
        return jpegQuality.get() / 100f;
    }
}
