package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ViewportTest {

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
}
