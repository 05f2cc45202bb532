package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RunStreakTest {

    @Test
    void countsRunsOfTheSameKeyInARowAndStartsAgainAfterAnother() {
        RunStreak<String> streak = new RunStreak<>();
        assertEquals(1, streak.run("heal"));
        assertEquals(2, streak.run("heal"));
        assertEquals(3, streak.run("heal"));
        assertEquals(1, streak.run("layout"));
        assertEquals(1, streak.run("heal"));   // recurs with another between: a new streak
        assertEquals(2, streak.run(new String("heal")));   // equal, not the same object
    }

    @Test
    void refusesNoKey() {
        assertThrows(NullPointerException.class, () -> new RunStreak<String>().run(null));
    }
}
