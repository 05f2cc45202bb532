package com.arpgstudio.app.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.ImageFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SaveChooserTest {

    @Test
    void theTypedExtensionDecidesElseTheTypeChosenAddsItsOwn() {
        Path dir = Path.of("/photos");
        assertEquals(dir.resolve("cat.tif"), SaveChooser.target(dir.resolve("cat.tif"), ImageFormat.PNG));
        assertEquals(dir.resolve("cat.JPEG"), SaveChooser.target(dir.resolve("cat.JPEG"), ImageFormat.PNG));
        assertEquals(dir.resolve("cat.jpg"), SaveChooser.target(dir.resolve("cat"), ImageFormat.JPEG));
        assertEquals(dir.resolve("cat.webp.png"), SaveChooser.target(dir.resolve("cat.webp"), ImageFormat.PNG),
                "WebP is not written: the chosen type's extension is added");
        assertEquals(4, SaveChooser.FORMATS.size());
        SaveChooser.FORMATS.forEach(format -> assertTrue(format.writable(), format.toString()));
    }
}
