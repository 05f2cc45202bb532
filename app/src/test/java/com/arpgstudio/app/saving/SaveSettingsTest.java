package com.arpgstudio.app.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.inference.edit.ImageFormat;
import org.junit.jupiter.api.Test;

class SaveSettingsTest {

    @Test
    void jpegQualityStartsAtTheEnginesDefaultAndStaysWithinItsLimits() {
        SaveSettings settings = new SaveSettings();
        assertEquals(92, settings.jpegQualityProperty().get());
        assertEquals(ImageFormat.DEFAULT_JPEG_QUALITY, settings.jpegQuality(), 1e-6);
        settings.jpegQualityValueProperty().set(0);
        assertEquals(SaveSettings.MIN_JPEG_QUALITY, settings.jpegQualityProperty().get());
        settings.jpegQualityProperty().set(140);
        assertEquals(1f, settings.jpegQuality(), 1e-6);
    }
}
