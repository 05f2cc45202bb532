package com.arpgstudio.inference.runtime;

import java.util.Objects;

/**
 * How many times in a row the same key has just run, to capture as CUDA graphs only a generation
 * plan that keeps repeating ({@link GraphCapture#REPEATED}). Not thread-safe.
 *
 * @param <K> the key (a plan), compared by {@code equals}
 */
public final class RunStreak<K> {

    private K last;
    private int runs;

    /** Notes a run of {@code key}; returns its runs in a row, this one included (1 after another key's). */
    public int run(K key) {
        Objects.requireNonNull(key, "key");
        runs = key.equals(last) ? runs + 1 : 1;
        last = key;
        return runs;
    }
}
