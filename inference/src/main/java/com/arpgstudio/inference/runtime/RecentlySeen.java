package com.arpgstudio.inference.runtime;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The last few distinct keys seen, to tell a shape's first run from a repeated one
 * ({@link GraphCapture#REPEATED}: capture only what repeats). Not thread-safe.
 *
 * @param <K> the key (a plan, a shape), compared by {@code equals}
 */
public final class RecentlySeen<K> {

    private final int capacity;
    private final Set<K> seen = new LinkedHashSet<>();

    /** Remembers up to {@code capacity} keys, forgetting the least recently seen first. */
    public RecentlySeen(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("expected a capacity of at least 1, found " + capacity);
        }
        this.capacity = capacity;
    }

    /** Notes {@code key} as seen; true when it was not among the remembered keys (so this is its first time). */
    public boolean firstTime(K key) {
        if (seen.remove(key)) {
            seen.add(key);
            return false;
        }
        seen.add(key);
        if (seen.size() > capacity) {
            Iterator<K> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
