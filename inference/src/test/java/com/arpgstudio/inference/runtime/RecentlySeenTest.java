package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentlySeenTest {

    @Test
    void aKeyIsNewOnceUntilForgottenLeastRecentlySeenFirst() {
        RecentlySeen<String> seen = new RecentlySeen<>(2);
        assertTrue(seen.firstTime("a"));
        assertFalse(seen.firstTime("a"));
        assertTrue(seen.firstTime("b"));
        assertFalse(seen.firstTime("a"));      // a is now the most recent
        assertTrue(seen.firstTime("c"));       // forgets b, the least recently seen
        assertFalse(seen.firstTime("a"));
        assertTrue(seen.firstTime("b"));
        assertThrows(IllegalArgumentException.class, () -> new RecentlySeen<String>(0));
    }

    @Test
    void withOneKeyOnlyABackToBackRepeatIsSeen() {
        RecentlySeen<String> seen = new RecentlySeen<>(1);
        assertTrue(seen.firstTime("layout"));
        assertTrue(seen.firstTime("detail"));
        assertTrue(seen.firstTime("layout"));  // recurs with another between: new again
        assertFalse(seen.firstTime("layout"));
        assertFalse(seen.firstTime("layout"));
        assertTrue(seen.firstTime("detail"));
    }
}
