package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutpaintAmountsTest {

    @Test
    void anySideMakesItPendingAndResetClearsAllFour() {
        OutpaintAmounts amounts = new OutpaintAmounts();
        assertFalse(amounts.pending());
        amounts.bottomProperty().set(8);
        assertTrue(amounts.pending());
        amounts.leftProperty().set(16);
        amounts.topProperty().set(4);
        amounts.rightProperty().set(2);
        amounts.reset();
        assertFalse(amounts.pending());
        assertEquals(0, amounts.leftProperty().get() + amounts.topProperty().get() + amounts.rightProperty().get()
                + amounts.bottomProperty().get());
    }

    @Test
    void theListenerHearsEverySide() {
        OutpaintAmounts amounts = new OutpaintAmounts();
        AtomicInteger heard = new AtomicInteger();
        amounts.addListener(o -> heard.incrementAndGet());
        amounts.leftProperty().set(1);
        amounts.leftProperty().get();
        amounts.topProperty().set(1);
        amounts.topProperty().get();
        amounts.rightProperty().set(1);
        amounts.rightProperty().get();
        amounts.bottomProperty().set(1);
        amounts.bottomProperty().get();
        assertEquals(4, heard.get());
    }
}
