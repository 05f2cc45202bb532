package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and saving files are exercised through EditorViewModelTest; here what needs no engine thread. */
class DocumentFilesTest {

    @TempDir
    Path dir;

    @Test
    void anExportOrMaskWithoutPngExtensionGetsOne() {
        assertEquals(Path.of("out", "a.jpg.png"), DocumentFiles.withPngExtension(Path.of("out", "a.jpg")));
        assertEquals(Path.of("a.PNG"), DocumentFiles.withPngExtension(Path.of("a.PNG")));
    }

    @Test
    void anEditRecordThatIsNoJsonObjectIsNamedAsDamaged() {
        assertNull(DocumentFiles.recordDamage("{\"seed\": 1}"));
        assertNull(DocumentFiles.recordDamage(null));
        assertNotNull(DocumentFiles.recordDamage("[1, 2]"));
        assertNotNull(DocumentFiles.recordDamage("{not json"));
    }

    @Test
    void pastedPixelsAreUnmodifiedUntilTheImageIsEdited() throws IOException {
        AtomicReference<Document> shown = new AtomicReference<>();
        SimpleStringProperty message = new SimpleStringProperty("");
        DocumentFiles files = new DocumentFiles(null, message, SettingsStore.open(dir.resolve("prefs.json")),
                change -> { }, 1 << 20, shown::get, shown::set, () -> { });
        files.openImage(ArgbImage.blank(8, 8), "a paste");
        Document doc = shown.get();
        assertFalse(files.isModified(doc));
        assertTrue(message.get().contains("a paste"), message.get());
        doc.applyImageEdit("fill", onePixelWhite(), null);
        assertTrue(files.isModified(doc));
        assertFalse(files.save(doc, () -> { }), "no file: Save asks where (Save As)");
    }

    private static ArgbImage onePixelWhite() {
        ArgbImage result = ArgbImage.blank(8, 8);
        result.pixels()[0] = 0xffffffff;
        return result;
    }
}
