package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class PyramidAndRendererTest {

    private static ArgbImage noise(int w, int h, int salt) {
        ArgbImage r = ArgbImage.blank(w, h);
        for (int i = 0; i < w * h; i++) {
            r.pixels()[i] = 0xff000000 | ((i + salt) * 2654435761L > 0 ? (int) ((i + salt) * 2654435761L) : i) & 0xffffff;
        }
        return r;
    }

    @Test
    void updatingARectangleMatchesRebuildingEveryLevel() {
        ArgbImage base = noise(600, 400, 0);
        Pyramid pyramid = new Pyramid(base);
        ArgbImage patch = noise(90, 70, 99);
        Rect rect = new Rect(123, 77, 90, 70);
        base.paste(patch, rect.x(), rect.y());
        pyramid.update(rect);
        Pyramid rebuilt = new Pyramid(base);
        assertEquals(rebuilt.levelCount(), pyramid.levelCount());
        for (int i = 0; i < rebuilt.levelCount(); i++) {
            assertArrayEquals(rebuilt.level(i).pixels(), pyramid.level(i).pixels(), "level " + i);
        }
        assertEquals(0, pyramid.levelFor(1.0));
        assertEquals(2, pyramid.levelFor(0.2));
    }

    @Test
    void rendersImageMaskCheckerboardAndPreview() {
        ArgbImage image = ArgbImage.blank(100, 100);
        java.util.Arrays.fill(image.pixels(), 0xff102030);
        PixelMask mask = new PixelMask(100, 100);
        MaskPaint.rectangle(mask, new Rect(0, 0, 50, 100), true);
        Viewport view = new Viewport();
        view.panBy(10, 10);
        int[] screen = new int[200 * 130];
        ViewRenderer renderer = new ViewRenderer();
        renderer.setPalette(FrameComposerTest.PALETTE);
        renderer.render(screen, 200, 130, view, new Pyramid(image), mask, new Rect(0, 0, 150, 100), null);
        assertEquals(0xff102030, screen[60 * 200 + 90], "unmasked image pixel");
        assertNotEquals(0xff102030, screen[60 * 200 + 30], "masked pixel is tinted");
        int pending = screen[60 * 200 + 140];
        int outside = screen[120 * 200 + 190];
        assertNotEquals(pending, outside, "pending outpaint area differs from the outside");

        ArgbImage preview = ArgbImage.blank(10, 10);
        java.util.Arrays.fill(preview.pixels(), 0xffabcdef);
        renderer.render(screen, 200, 130, view, new Pyramid(image), null, null,
                new Preview(new Rect(0, 0, 20, 20), preview, true));
        assertEquals(0xffabcdef, screen[15 * 200 + 15]);
        assertEquals(0xff102030, screen[50 * 200 + 50]);
    }
}
