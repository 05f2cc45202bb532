package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LiveLayerTest {

    private static int[] solid(int side, int colour) {
        int[] pixels = new int[side * side];
        Arrays.fill(pixels, colour);
        return pixels;
    }

    @Test
    void paintsOnlyWhatTheEditChangesAndKeepsEarlierWindows() {
        // An outpaint canvas 0..400 x 0..100 whose left 100 columns are the kept image (document x 0..99).
        LiveLayer layer = new LiveLayer(new Rect(0, 0, 400, 100), 1, -0, 0, (x, y) -> x >= 100);
        Rect first = layer.paint(new Rect(0, 0, 200, 100), solid(8, 0xff112233), 8, 8, new Rect(0, 0, 200, 100));
        assertEquals(new Rect(100, 0, 100, 100), first, "only the new area of the window is painted");
        Rect second = layer.paint(new Rect(200, 0, 200, 100), solid(8, 0xff445566), 8, 8, new Rect(250, 10, 20, 20));
        assertEquals(new Rect(250, 10, 20, 20), second, "a step paints the cells it produced");
        ArgbImage pixels = layer.preview().image();
        assertEquals(0, pixels.get(50, 50), "kept pixels stay transparent: the sharp document shows");
        assertEquals(0xff112233, pixels.get(150, 50), "the first window stays while the second runs");
        assertEquals(0xff445566, pixels.get(260, 20));
        assertEquals(0, pixels.get(300, 80), "not generated yet");
        assertEquals(Rect.EMPTY, layer.paint(new Rect(0, 0, 100, 100), solid(8, 0xffffffff), 8, 8,
                new Rect(0, 0, 100, 100)), "nothing of the kept image is painted");
    }

    @Test
    void anExpansionCanvasMapsToHalfItsSizeInTheDocument() {
        LiveLayer layer = new LiveLayer(new Rect(0, 0, 64, 48), 2, 0, 0, (x, y) -> true);
        assertEquals(new Rect(0, 0, 32, 24), layer.preview().region());
        assertEquals(64, layer.preview().image().width(), "the preview keeps the canvas's resolution");
        assertEquals(new Rect(8, 4, 9, 3), layer.paint(new Rect(0, 0, 64, 48), solid(4, 0xff000001), 4, 4,
                new Rect(16, 8, 17, 5)));
    }
}
