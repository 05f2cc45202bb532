package com.arpgstudio.app.document;

import com.arpgstudio.inference.edit.ArgbImage;
import java.nio.file.Path;

/**
 * The process the crash test kills: edits a document forever, autosaving after every edit and
 * printing "SAVED k" once edit k is on disk. Its states are reproducible by {@link #afterEdits}.
 */
public final class AutosaveCrashChild {

    private AutosaveCrashChild() {}

    public static void main(String[] args) throws Exception {
        Autosave autosave = new Autosave(Path.of(args[0]));
        Document document = initial();
        try (Autosaver saver = new Autosaver(autosave, e -> System.out.println("FAILED " + e.getMessage()))) {
            for (int k = 1; ; k++) {
                edit(document, k);
                saver.save(Autosave.Snapshot.of(document));
                saver.flush();
                System.out.println("SAVED " + k);
                System.out.flush();
            }
        }
    }

    static Document initial() {
        ArgbImage image = ArgbImage.blank(96, 64);
        for (int i = 0; i < image.pixels().length; i++) {
            image.pixels()[i] = 0xff000000 | (i * 40503) & 0xffffff;
        }
        return new Document(image, Path.of("/photos/holiday.png"), java.util.List.of("{\"opened\":true}"), 64L << 20);
    }

    static Document afterEdits(int edits) {
        Document document = initial();
        for (int k = 1; k <= edits; k++) {
            edit(document, k);
        }
        return document;
    }

    /** Edit k: an "inpaint" result over a moving square (with its record), then a brush stroke. */
    static void edit(Document document, int k) {
        ArgbImage result = document.image().copy();
        int x0 = (k * 13) % 80;
        int y0 = (k * 7) % 48;
        for (int y = y0; y < y0 + 16; y++) {
            for (int x = x0; x < x0 + 16; x++) {
                result.set(x, y, 0xff000000 | k * 0x010305 & 0xffffff);
            }
        }
        document.applyImageEdit("Inpaint", result, "{\"edit\":" + k + "}");
        document.editMask("Brush", mask -> MaskPaint.disc(mask, (k * 11) % 96, (k * 5) % 64, 6, true));
    }
}
