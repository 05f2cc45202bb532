package com.arpgstudio.app.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PanTest {

    @Test
    void theViewFollowsThePointer() {
        Viewport view = new Viewport();
        AtomicInteger changes = new AtomicInteger();
        Pan pan = new Pan(view, changes::incrementAndGet);
        pan.press(new Pointer(10, 10, 0, 0, false));
        pan.drag(new Pointer(40, 5, 0, 0, false));
        pan.drag(new Pointer(70, 25, 0, 0, false));
        pan.release(new Pointer(70, 25, 0, 0, false));
        assertEquals(60, view.offsetX(), 1e-9);
        assertEquals(15, view.offsetY(), 1e-9);
        assertEquals(2, changes.get());
    }
}
