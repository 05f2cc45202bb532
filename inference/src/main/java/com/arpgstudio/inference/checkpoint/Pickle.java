package com.arpgstudio.inference.checkpoint;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inert Java values a {@link RestrictedUnpickler} builds. Python None, bool, int, float and str
 * become null, Boolean, Long (BigInteger beyond 64 bits), Double and String; list and dict become
 * ArrayList and {@link PyDict}. Nothing here can run code: a class the file names is only a name.
 */
final class Pickle {

    private Pickle() {}

    /** A module-level name such as {@code torch._utils._rebuild_tensor_v2}; never resolved to code. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A Python tuple. Identity semantics: it is only hashed as a dict key, via {@link DictKey}. */
    static final class Tuple {
        final List<Object> items;

        Tuple(List<Object> items) {
            this.items = items;
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** Python bytes. */
    record Bytes(byte[] value) {}

    /** A Python set or frozenset; kept as a list because its members are never hashed. */
    static final class PySet {
        final List<Object> items = new ArrayList<>();
    }

    /**
     * An object of a class the reader does not know (argparse.Namespace, an optimizer's
     * helpers, numpy values): its class name, constructor arguments and state are kept as data.
     */
    static final class Placeholder {
        final Global type;
        final Object args;
        Object state;
        final PyDict items = new PyDict();
        final List<Object> listItems = new ArrayList<>();

        Placeholder(Global type, Object args) {
            this.type = type;
            this.args = args;
        }

        @Override
        public String toString() {
            return "<" + type + " placeholder>";
        }
    }

    /**
     * A Python dict: insertion-ordered, with keys compared as Python compares them (strings,
     * numbers, booleans, None and tuples of those by value; anything else by identity). Keys are
     * held as {@link DictKey}s, which are ordered: where many keys share a hash code (a file may
     * choose them so), the map's buckets become trees of ordered keys and every lookup stays
     * logarithmic instead of a scan. Read through the {@link Map} view with plain keys.
     */
    static final class PyDict extends AbstractMap<Object, Object> {
        private final LinkedHashMap<DictKey, Object> entries = new LinkedHashMap<>();

        /** Stores one pair; the key's {@link DictKey#cost} is what the caller charges for it. */
        void put(DictKey key, Object value) {
            entries.put(key, value);
        }

        @Override
        public Object get(Object key) {
            return entries.get(DictKey.of(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(DictKey.of(key));
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<Object, Object>> iterator() {
                    Iterator<Map.Entry<DictKey, Object>> inner = entries.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return inner.hasNext();
                        }

                        @Override
                        public Map.Entry<Object, Object> next() {
                            Map.Entry<DictKey, Object> entry = inner.next();
                            return new SimpleImmutableEntry<>(entry.getKey().key(), entry.getValue());
                        }
                    };
                }

                @Override
                public int size() {
                    return entries.size();
                }
            };
        }
    }

    /**
     * A dict key with a total order consistent with its equality, so that colliding hash codes
     * cost a tree lookup, never a scan: None, booleans, integers, floats, strings, tuples of those
     * (element by element), then keys compared by identity (in the order they were made).
     */
    static final class DictKey implements Comparable<DictKey> {
        private static final AtomicLong IDENTITIES = new AtomicLong();

        private final Object key;
        /** The canonical value compared: the key itself, a tuple's items, or a serial for an identity key. */
        private final Object value;
        private final int rank;
        private final int hash;

        private DictKey(Object key, Object value, int rank) {
            this.key = key;
            this.value = value;
            this.rank = rank;
            this.hash = Objects.hashCode(value) * 31 + rank;
        }

        /** The key of a Python dict key (a plain value or tuple of them by value, anything else by identity). */
        static DictKey of(Object key) {
            int rank = plainRank(key);
            if (rank >= 0) {
                return new DictKey(key, key, rank);
            }
            if (key instanceof Tuple tuple && tuple.items.stream().allMatch(item -> plainRank(item) >= 0)) {
                return new DictKey(key, Collections.unmodifiableList(new ArrayList<>(tuple.items)), TUPLE);
            }
            return new DictKey(key, IDENTITIES.incrementAndGet(), IDENTITY);
        }

        /** The key as the file gave it. */
        Object key() {
            return key;
        }

        /** The work of hashing and comparing this key: one per item plus its strings' lengths. */
        long cost() {
            if (value instanceof List<?> items) {
                long cost = 1;
                for (Object item : items) {
                    cost += 1 + (item instanceof String s ? s.length() : 0);
                }
                return cost;
            }
            return 1 + (value instanceof String s ? s.length() : 0);
        }

        private static final int TUPLE = 6;
        private static final int IDENTITY = 7;

        private static int plainRank(Object value) {
            if (value == null) {
                return 0;
            }
            if (value instanceof Boolean) {
                return 1;
            }
            if (value instanceof Long) {
                return 2;
            }
            if (value instanceof BigInteger) {
                return 3;
            }
            if (value instanceof Double) {
                return 4;
            }
            return value instanceof String ? 5 : -1;
        }

        @Override
        public int compareTo(DictKey other) {
            if (rank != other.rank) {
                return Integer.compare(rank, other.rank);
            }
            return comparePlain(value, other.value);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int comparePlain(Object a, Object b) {
            if (a == b) {
                return 0;
            }
            if (a instanceof List<?> x && b instanceof List<?> y) {
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    Object p = x.get(i);
                    Object q = y.get(i);
                    int byRank = Integer.compare(plainRank(p), plainRank(q));
                    int c = byRank != 0 ? byRank : comparePlain(p, q);
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            return a == null ? 0 : ((Comparable) a).compareTo(b);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DictKey other && hash == other.hash && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A short description of a value's type for error messages (never recursive). */
    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String s) {
            return s.length() <= 40 ? "'" + s + "'" : "a string of " + s.length() + " chars";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Tuple t) {
            return "a tuple of " + t.size();
        }
        if (value instanceof List<?> l) {
            return "a list of " + l.size();
        }
        if (value instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        if (value instanceof Global global) {
            return global.toString();
        }
        return value instanceof Placeholder p ? "<" + p.type + " placeholder>" : value.getClass().getSimpleName();
    }
}
