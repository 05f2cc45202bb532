package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutpaintFrameTest {

    @Test
    void amountsSnapClampAndStayWithinFourTimesTheArea() {
        assertEquals(128, OutpaintFrame.amountFor(OutpaintFrame.Edge.RIGHT, 256 + 130, 256, 200, 0));
        assertEquals(0, OutpaintFrame.amountFor(OutpaintFrame.Edge.RIGHT, 100, 256, 200, 0));
        assertEquals(64, OutpaintFrame.amountFor(OutpaintFrame.Edge.LEFT, -61, 256, 200, 0));
        assertEquals(256, OutpaintFrame.amountFor(OutpaintFrame.Edge.RIGHT, 5000, 256, 200, 0));
        assertEquals(56, OutpaintFrame.amountFor(OutpaintFrame.Edge.TOP, -5000, 256, 200, 144));
        assertEquals(-40, OutpaintFrame.frame(100, 100, 40, 0, 8, 0).x());
        assertEquals(148, OutpaintFrame.frame(100, 100, 40, 0, 8, 0).width());
    }
}
