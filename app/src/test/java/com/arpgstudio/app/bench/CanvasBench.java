package com.arpgstudio.app.bench;

import com.arpgstudio.app.canvas.Pyramid;
import com.arpgstudio.app.canvas.ViewRenderer;
import com.arpgstudio.app.canvas.Viewport;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;

/**
 * How the canvas copes with a large photo (default 6000x4000): building the view pyramid, composing
 * one 1280x800 frame at fit and at 100%, one brush stroke with its undo record, and updating the
 * pyramid under the stroke. Run: {@code java -cp ... com.arpgstudio.app.bench.CanvasBench [W H]}.
 */
public final class CanvasBench {

    private CanvasBench() {}

    public static void main(String[] args) {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 6000;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        ArgbImage image = ArgbImage.blank(w, h);
        for (int i = 0; i < image.pixels().length; i++) {
            image.pixels()[i] = 0xff000000 | (i * 2654435761L > 0 ? i * 31 : i * 17) & 0xffffff;
        }
        long t0 = System.nanoTime();
        Pyramid pyramid = new Pyramid(image);
        report("pyramid build", t0, 1);

        Document doc = new Document(image, null, null, 512L << 20);
        int viewW = 1280;
        int viewH = 800;
        int[] frame = new int[viewW * viewH];
        ViewRenderer renderer = new ViewRenderer();
        Viewport view = new Viewport();
        view.fit(viewW, viewH, 0, 0, w, h);
        for (int warm = 0; warm < 5; warm++) {
            renderer.render(frame, viewW, viewH, view, pyramid, doc.mask(), new Rect(0, 0, w, h), null);
        }
        int frames = 20;
        t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            renderer.render(frame, viewW, viewH, view, pyramid, doc.mask(), new Rect(0, 0, w, h), null);
        }
        report("frame at fit", t0, frames);
        view.actualSize(viewW, viewH);
        t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            renderer.render(frame, viewW, viewH, view, pyramid, doc.mask(), new Rect(0, 0, w, h), null);
        }
        report("frame at 100%", t0, frames);

        int strokes = 5;
        t0 = System.nanoTime();
        for (int s = 0; s < strokes; s++) {
            Document.MaskEdit edit = doc.beginMaskEdit("stroke");
            for (int i = 0; i < 50; i++) {
                double x = w * 0.3 + i * 20;
                double y = h * 0.5 + s * 60;
                edit.apply(m -> MaskPaint.segment(m, x, y, x + 20, y + 5, 60, true));
            }
            edit.commit();
        }
        report("brush stroke (50 segments) + undo record", t0, strokes);
        System.out.printf("history holds %d changes in %.1f MB%n", doc.history().undoDepth(),
                doc.history().byteSize() / 1e6);
        t0 = System.nanoTime();
        pyramid.update(new Rect(w / 3, h / 2, 1200, 400));
        report("pyramid update of a 1200x400 fill", t0, 1);
    }

    private static void report(String what, long startNanos, int count) {
        System.out.printf("%-45s %8.2f ms%n", what, (System.nanoTime() - startNanos) / 1e6 / count);
    }
}
