package com.arpgstudio.inference.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inert Java values a {@link RestrictedUnpickler} builds. Python None, bool, int, float and str
 * become null, Boolean, Long (BigInteger beyond 64 bits), Double and String; list and dict become
 * ArrayList and LinkedHashMap. Nothing here can run code: a class the file names is only a name.
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

    /** A Python tuple. Identity semantics: it is only hashed as a dict key, via {@link #dictKey}. */
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
        final Map<Object, Object> items = new LinkedHashMap<>();
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

    /** A dict key that is not a plain value: compared by identity so hashing never recurses. */
    static final class OpaqueKey {
        final Object value;

        OpaqueKey(Object value) {
            this.value = value;
        }
    }

    /**
     * The key to store in a Java map for a Python dict key: strings, numbers, booleans, None and
     * tuples of those compare by value (as in Python); anything else by identity.
     */
    static Object dictKey(Object key) {
        if (isPlainValue(key)) {
            return key;
        }
        if (key instanceof Tuple tuple) {
            for (Object item : tuple.items) {
                if (!isPlainValue(item)) {
                    return new OpaqueKey(key);
                }
            }
            return new ArrayList<>(tuple.items);
        }
        return new OpaqueKey(key);
    }

    private static boolean isPlainValue(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
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
        return value.toString().length() <= 80 ? value.toString() : value.getClass().getSimpleName();
    }
}
