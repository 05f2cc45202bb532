package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/**
 * The frame built from the composer's tiles (changed rectangles only, composed on its worker thread)
 * equals a whole frame rendered from scratch, through previews, mask and image edits, zoom, and
 * scenes handed over faster than they are taken.
 */
class FrameComposerTest {

    private static final int W = 300;
    private static final int H = 200;

    private final FrameComposer composer = new FrameComposer();
    private final int[] frame = new int[W * H];
    private final List<Rect> copied = new ArrayList<>();
    private final ArgbImage document = noise(400, 300, 1);
    private final PixelMask mask = new PixelMask(400, 300);
    private final Viewport view = new Viewport();
    /** Opaque and half-opaque colours, as a theme gives them (the renderer tests use them too). */
    static final CanvasPalette PALETTE = new CanvasPalette(Color.gray(0.2), Color.gray(0.25), Color.gray(0.75),
            Color.gray(0.9), Color.color(1, 0.25, 0.45, 0.45), Color.gray(0.5), Color.WHITE, Color.gray(0, 0.7));

    private static ArgbImage noise(int w, int h, int salt) {
        ArgbImage r = ArgbImage.blank(w, h);
        for (int i = 0; i < w * h; i++) {
            r.pixels()[i] = 0xff000000 | (int) ((i + salt) * 2654435761L) & 0xffffff;
        }
        return r;
    }

    private FrameComposer.Scene scene(Preview preview) {
        return new FrameComposer.Scene(view.copy(), W, H, document, mask, document.bounds(), preview, null,
                PALETTE);
    }

    /** Takes tiles until the frame equals a fresh render of the scene (or fails after 5 s). */
    private void assertFrameShows(FrameComposer.Scene scene) throws InterruptedException {
        int[] expected = new int[W * H];
        Preview overlay = scene.preview();
        ViewRenderer renderer = new ViewRenderer();
        renderer.setPalette(PALETTE);
        renderer.render(expected, W, H, scene.view(), new Pyramid(document), mask, scene.pending(), overlay);
        long deadline = System.currentTimeMillis() + 5000;
        while (!java.util.Arrays.equals(expected, frame) && System.currentTimeMillis() < deadline) {
            FrameComposer.Tile tile = composer.take();
            if (tile == null) {
                Thread.sleep(5);
                continue;
            }
            assertEquals(W, tile.width());
            assertEquals(H, tile.height());
            Rect a = tile.area();
            for (int row = 0; row < a.height(); row++) {
                System.arraycopy(tile.pixels(), row * a.width(), frame, (a.y() + row) * W + a.x(), a.width());
            }
            copied.add(a);
        }
        assertArrayEquals(expected, frame);
    }

    @Test
    void tilesOfChangedRectanglesAddUpToTheWholeFrame() throws InterruptedException {
        view.zoomAt(1.37, 13.3, 7.9);
        view.panBy(20.25, 15.5);
        MaskPaint.rectangle(mask, new Rect(10, 10, 40, 30), true);
        composer.submit(scene(null), FrameComposer.Changes.NONE, true);
        assertFrameShows(scene(null));
        assertEquals(new Rect(0, 0, W, H), copied.get(copied.size() - 1), "the first tile is the whole frame");

        // A half-resolution preview appears over part of the image, then one block of it changes.
        Rect placement = new Rect(20, 10, 100, 80);
        ArgbImage first = noise(50, 40, 7);
        Preview p1 = new Preview(placement, first, true);
        composer.submit(scene(p1), FrameComposer.Changes.NONE, false);
        assertFrameShows(scene(p1));
        Rect previewOnScreen = ViewRenderer.screenArea(placement, view, W, H);
        assertEquals(previewOnScreen, copied.get(copied.size() - 1), "only the preview's footprint is composed");

        ArgbImage second = first.copy();
        for (int y = 30; y < 34; y++) {
            for (int x = 5; x < 9; x++) {
                second.set(x, y, 0xff00ff00);
            }
        }
        Preview p2 = new Preview(placement, second, true);
        composer.submit(scene(p2), FrameComposer.Changes.NONE, false);
        assertFrameShows(scene(p2));
        Rect step = copied.get(copied.size() - 1);
        assertTrue(step.area() * 20 < previewOnScreen.area(), "a changed block redraws a small tile: " + step);

        // Mask and image edits redraw their rectangles (the image's through the pyramid).
        MaskPaint.rectangle(mask, new Rect(120, 90, 30, 20), true);
        composer.submit(scene(p2), new FrameComposer.Changes(Rect.EMPTY, new Rect(120, 90, 30, 20), Rect.EMPTY), false);
        assertFrameShows(scene(p2));
        view.zoomAt(0.4, 0, 0);
        composer.submit(scene(p2), FrameComposer.Changes.NONE, true);
        assertFrameShows(scene(p2));
        for (int y = 60; y < 100; y++) {
            for (int x = 100; x < 150; x++) {
                document.set(x, y, 0xff123456);
            }
        }
        composer.submit(scene(p2), new FrameComposer.Changes(new Rect(100, 60, 50, 40), Rect.EMPTY, Rect.EMPTY), false);
        assertFrameShows(scene(p2));

        // Scenes handed over in a burst: the frame ends on the last one, the preview gone.
        Preview p3 = new Preview(placement, noise(50, 40, 9), true);
        composer.submit(scene(p3), FrameComposer.Changes.NONE, false);
        composer.submit(scene(p1), FrameComposer.Changes.NONE, false);
        composer.submit(scene(null), FrameComposer.Changes.NONE, false);
        assertFrameShows(scene(null));
    }
}
