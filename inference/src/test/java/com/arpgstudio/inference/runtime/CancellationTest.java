package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CancellationTest {

    @Test
    void cancelFlipsTheSwitchForGood() {
        Cancellation cancellation = new Cancellation();
        assertFalse(cancellation.isCancelled());
        cancellation.throwIfCancelled();
        cancellation.cancel();
        assertTrue(cancellation.isCancelled());
        assertThrows(CancelledException.class, cancellation::throwIfCancelled);
    }

    @Test
    void aConditionFlipsItOnceItHoldsAndItStaysFlipped() {
        AtomicBoolean flag = new AtomicBoolean();
        Cancellation cancellation = Cancellation.when(flag::get);
        assertFalse(cancellation.isCancelled());
        flag.set(true);
        assertThrows(CancelledException.class, cancellation::throwIfCancelled);
        flag.set(false);
        assertTrue(cancellation.isCancelled(), "a cancelled run does not resume");
    }

    @Test
    void noneIsNeverCancelled() {
        assertFalse(Cancellation.none().isCancelled());
    }
}
