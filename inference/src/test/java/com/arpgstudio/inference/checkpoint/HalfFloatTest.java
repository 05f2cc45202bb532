package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfFloatTest {

    @Test
    void roundTripsEveryHalfValueExactly() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float widened = HalfFloat.toFloat((short) bits);
            if (Float.isNaN(widened)) {
                continue;
            }
            assertEquals((short) bits, HalfFloat.fromFloat(widened), "half bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void knownValues() {
        assertEquals(1f, HalfFloat.toFloat((short) 0x3c00));
        assertEquals(-2f, HalfFloat.toFloat((short) 0xc000));
        assertEquals(65504f, HalfFloat.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, HalfFloat.toFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.toFloat((short) 0x7c00));
        assertEquals((short) 0x3c00, HalfFloat.fromFloat(1.0004f)); // rounds to nearest
        assertEquals((short) 0x7c00, HalfFloat.fromFloat(1e6f)); // overflow to infinity
        assertEquals(7f, HalfFloat.bf16ToFloat((short) (Float.floatToIntBits(7f) >>> 16)));
    }
}
