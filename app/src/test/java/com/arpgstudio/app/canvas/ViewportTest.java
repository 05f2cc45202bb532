package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.edit.Rect;
import org.junit.jupiter.api.Test;

class ViewportTest {

    /** On a screen of twice the pixels, every image point lands at twice its logical position. */
    @Test
    void scaledByMapsImagePointsToTheScreensPixels() {
        Viewport view = new Viewport();
        view.zoomAt(1.7, 40, 30);
        view.panBy(12, -5);
        Viewport scaled = view.scaledBy(2);
        for (double x : new double[] {0, 13.5, 250}) {
            assertEquals(2 * view.toScreenX(x), scaled.toScreenX(x), 1e-9);
            assertEquals(2 * view.toScreenY(x), scaled.toScreenY(x), 1e-9);
        }
        assertEquals(2 * view.scale(), scaled.scale(), 1e-12);
        assertEquals(1.7, view.scale(), 1e-12, "the view itself is unchanged");
    }

    @Test
    void zoomKeepsThePointUnderTheCursor() {
        Viewport v = new Viewport();
        v.panBy(30, 40);
        double ix = v.toImageX(200);
        double iy = v.toImageY(150);
        v.zoomAt(3.7, 200, 150);
        assertEquals(ix, v.toImageX(200), 1e-9);
        assertEquals(iy, v.toImageY(150), 1e-9);
        assertEquals(3.7, v.scale(), 1e-12);
        v.zoomAt(1e9, 0, 0);
        assertEquals(Viewport.MAX_SCALE, v.scale());
    }

    @Test
    void fitCentresTheContentWithAMargin() {
        Viewport v = new Viewport();
        v.fit(1000, 600, 0, 0, 6000, 4000);
        assertTrue(v.toScreenX(0) >= 24 - 1e-9);
        assertTrue(v.toScreenY(4000) <= 600 - 24 + 1e-9);
        assertEquals(500, v.toScreenX(3000), 1e-9);
        assertEquals(300, v.toScreenY(2000), 1e-9);
    }

    @Test
    void actualSizeIsOneToOne() {
        Viewport v = new Viewport();
        v.fit(800, 600, 0, 0, 100, 100);
        v.actualSize(800, 600);
        assertEquals(1, v.scale());
        assertEquals(10, v.toScreenX(v.toImageX(0) + 10) - v.toScreenX(v.toImageX(0)), 1e-9);
    }

    @Test
    void showsAllOnlyWhenEveryCornerIsInTheView() {
        Viewport v = new Viewport();
        v.panBy(10, 10); // scale 1: image x lands at x + 10
        assertTrue(v.showsAll(new Rect(0, 0, 90, 40), 100, 50));
        assertFalse(v.showsAll(new Rect(0, 0, 91, 40), 100, 50), "one pixel past the right edge");
        assertFalse(v.showsAll(new Rect(-11, 0, 5, 5), 100, 50), "left of the view");
    }
}
