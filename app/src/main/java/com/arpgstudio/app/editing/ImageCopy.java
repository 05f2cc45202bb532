package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.Rect;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * Copy (Ctrl+C): the image, or the bounding box of the mask (the selection) when there is one, to
 * the clipboard as an image that other applications paste.
 */
public final class ImageCopy {

    private ImageCopy() {}

    /** What Copy takes: the mask's bounding box, or the whole image when nothing is selected. */
    public static Rect region(Document doc) {
        Rect selected = doc.mask().bounds();
        return selected.isEmpty() ? doc.image().bounds() : selected;
    }

    /** Puts {@link #region} of the document's image on {@code clipboard}; returns a sentence saying what was copied. */
    public static String copy(Document doc, Clipboard clipboard) {
        Rect region = region(doc);
        ClipboardContent content = new ClipboardContent();
        content.putImage(FxImages.toImage(doc.image(), region));
        clipboard.setContent(content);
        return Messages.text(region.equals(doc.image().bounds()) ? "copy.image" : "copy.selection", region.width(),
                region.height());
    }
}
