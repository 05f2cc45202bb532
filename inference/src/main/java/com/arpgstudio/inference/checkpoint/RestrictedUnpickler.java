package com.arpgstudio.inference.checkpoint;

import com.arpgstudio.inference.checkpoint.Pickle.Bytes;
import com.arpgstudio.inference.checkpoint.Pickle.DictKey;
import com.arpgstudio.inference.checkpoint.Pickle.Global;
import com.arpgstudio.inference.checkpoint.Pickle.Placeholder;
import com.arpgstudio.inference.checkpoint.Pickle.PyDict;
import com.arpgstudio.inference.checkpoint.Pickle.PySet;
import com.arpgstudio.inference.checkpoint.Pickle.Tuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle interpreter that builds inert values (see {@link Pickle}) and never executes anything.
 * It understands protocol 2 and the protocol 3-5 opcodes torch.save output uses. Every use of a
 * global (a call by REDUCE, an instantiation by NEWOBJ or NEWOBJ_EX) and every persistent id goes
 * to a {@link Resolver}, which decides what is allowed; BUILD only gives state to what the resolver
 * made. Memo, stack, string and container sizes are bounded, and so is the work: every opcode is
 * charged what it costs (items moved, key characters hashed and compared) against a budget in
 * proportion to the pickle's size, so a hostile pickle fails fast instead of exhausting memory or
 * time, whatever its opcodes.
 */
final class RestrictedUnpickler {

    /** What REDUCE, NEWOBJ and BINPERSID may produce; implementations refuse anything not known to be safe. */
    interface Resolver {
        Object call(Global callable, Tuple args) throws CheckpointException;

        /** {@code cls.__new__(cls, *args)} (NEWOBJ; NEWOBJ_EX passes {@code (args, kwargs)}). */
        Object instantiate(Global type, Object args) throws CheckpointException;

        Object persistentLoad(Object pid) throws CheckpointException;
    }

    /** Real checkpoints memoize a few values per tensor: tens of thousands at most. */
    static final int MAX_MEMO = 1 << 20;
    static final int MAX_STACK = 1 << 20;
    /**
     * Values pushed in all (each allocates at most a small object or a list slot), which bounds the
     * memory a pickle can make the reader hold to a few hundred MB whatever its opcodes.
     */
    static final int MAX_VALUES = 1 << 22;
    static final int MAX_STRING_BYTES = 64 << 20;
    static final int MAX_CONTAINER = 1 << 24;
    static final int MAX_LONG_BYTES = 1024;
    /** A module or class name: Python identifiers separated by dots, never near this long. */
    static final int MAX_NAME_CHARS = 1024;
    /** Item moves (and key characters) allowed per byte of pickle; real checkpoints need about 2. */
    static final long WORK_PER_BYTE = 16;

    private static final Object MARK = new Object();

    private final byte[] data;
    private final String source;
    private final Resolver resolver;
    private int pos;
    /** Elements moved between stack and containers, capped in proportion to the input. */
    private long work;
    private final long maxWork;
    private boolean ranOut;
    private long pushed;
    private final Set<String> named = new LinkedHashSet<>();

    RestrictedUnpickler(byte[] data, String source, Resolver resolver) {
        this.data = data;
        this.source = source;
        this.resolver = resolver;
        this.maxWork = WORK_PER_BYTE * data.length + 1_000_000;
    }

    /** Every global the pickles read so far name ({@code module.name}), in order of first mention. */
    Set<String> namedGlobals() {
        return named;
    }

    int position() {
        return pos;
    }

    /** Whether the last failure was running out of input (the pickle may continue past what was given). */
    boolean ranOut() {
        return ranOut;
    }

    /** Reads one pickle starting at the current position, stopping after its STOP opcode. */
    Object load() throws CheckpointException {
        List<Object> stack = new ArrayList<>();
        pushed = 0;
        int[] marks = new int[16];
        int markCount = 0;
        Map<Long, Object> memo = new HashMap<>(); // Long keys are ordered: colliding hashes cost a tree lookup
        while (true) {
            int opAt = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > 5) {
                        throw error(opAt, "unsupported pickle protocol " + protocol);
                    }
                }
                case 0x95 -> { // FRAME: a length hint only
                    need(8);
                    pos += 8;
                }
                case '.' -> { // STOP
                    if (stack.isEmpty() || markCount > 0) {
                        throw error(opAt, "STOP with " + stack.size() + " values and " + markCount + " marks on the stack");
                    }
                    Object result = stack.remove(stack.size() - 1);
                    if (result == MARK) {
                        throw error(opAt, "STOP with a mark on top of the stack");
                    }
                    return result;
                }
                case '(' -> { // MARK
                    if (markCount == marks.length) {
                        if (markCount >= MAX_STACK) {
                            throw error(opAt, "more than " + MAX_STACK + " marks");
                        }
                        marks = Arrays.copyOf(marks, markCount * 2);
                    }
                    marks[markCount++] = stack.size();
                    push(stack, MARK, opAt);
                }
                case '0' -> pop(stack, opAt); // POP
                case '1' -> { // POP_MARK
                    int start = popMark(marks, markCount--, opAt);
                    truncate(stack, start);
                }
                case '2' -> push(stack, peek(stack, opAt), opAt); // DUP
                case 'N' -> push(stack, null, opAt);
                case 0x88 -> push(stack, Boolean.TRUE, opAt);
                case 0x89 -> push(stack, Boolean.FALSE, opAt);
                case 'J' -> push(stack, (long) i32(), opAt); // BININT
                case 'K' -> push(stack, (long) u8(), opAt); // BININT1
                case 'M' -> push(stack, (long) u16(), opAt); // BININT2
                case 0x8a -> push(stack, longValue(u8(), opAt), opAt); // LONG1
                case 0x8b -> push(stack, longValue(i32(), opAt), opAt); // LONG4
                case 'G' -> { // BINFLOAT, big-endian
                    need(8);
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits = (bits << 8) | (data[pos++] & 0xff);
                    }
                    push(stack, Double.longBitsToDouble(bits), opAt);
                }
                case 'X' -> push(stack, utf8(length(u32(), opAt)), opAt); // BINUNICODE
                case 0x8c -> push(stack, utf8(u8()), opAt); // SHORT_BINUNICODE
                case 0x8d -> push(stack, utf8(length(u64(), opAt)), opAt); // BINUNICODE8
                case 'T' -> push(stack, latin1(length(i32(), opAt)), opAt); // BINSTRING
                case 'U' -> push(stack, latin1(u8()), opAt); // SHORT_BINSTRING
                case 'B' -> push(stack, new Bytes(bytes(length(u32(), opAt))), opAt); // BINBYTES
                case 'C' -> push(stack, new Bytes(bytes(u8())), opAt); // SHORT_BINBYTES
                case 0x8e -> push(stack, new Bytes(bytes(length(u64(), opAt))), opAt); // BINBYTES8
                case ')' -> push(stack, new Tuple(List.of()), opAt); // EMPTY_TUPLE
                case 0x85, 0x86, 0x87 -> { // TUPLE1..3
                    int n = op - 0x84;
                    if (stack.size() < n) {
                        throw error(opAt, "TUPLE" + n + " on a stack of " + stack.size());
                    }
                    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
                    if (items.contains(MARK)) {
                        throw error(opAt, "TUPLE" + n + " across a mark");
                    }
                    truncate(stack, stack.size() - n);
                    charge(n, opAt);
                    push(stack, new Tuple(items), opAt);
                }
                case 't' -> { // TUPLE
                    int start = popMark(marks, markCount--, opAt);
                    push(stack, new Tuple(itemsFrom(stack, start, opAt)), opAt);
                }
                case ']' -> push(stack, new ArrayList<>(), opAt); // EMPTY_LIST
                case 'l' -> { // LIST
                    int start = popMark(marks, markCount--, opAt);
                    push(stack, itemsFrom(stack, start, opAt), opAt);
                }
                case '}' -> push(stack, new PyDict(), opAt); // EMPTY_DICT
                case 'd' -> { // DICT
                    int start = popMark(marks, markCount--, opAt);
                    PyDict dict = new PyDict();
                    putPairs(dict, itemsFrom(stack, start, opAt), opAt);
                    push(stack, dict, opAt);
                }
                case 0x8f -> push(stack, new PySet(), opAt); // EMPTY_SET
                case 0x91 -> { // FROZENSET
                    int start = popMark(marks, markCount--, opAt);
                    PySet set = new PySet();
                    set.items.addAll(itemsFrom(stack, start, opAt));
                    push(stack, set, opAt);
                }
                case 0x90 -> { // ADDITEMS
                    int start = popMark(marks, markCount--, opAt);
                    List<Object> items = itemsFrom(stack, start, opAt);
                    if (!(peek(stack, opAt) instanceof PySet set)) {
                        throw error(opAt, "ADDITEMS to " + Pickle.describe(peek(stack, opAt)) + ", expected a set");
                    }
                    addAll(set.items, items, opAt);
                }
                case 'a' -> { // APPEND
                    Object value = pop(stack, opAt);
                    List<Object> list = listOf(peek(stack, opAt), opAt);
                    charge(1, opAt);
                    if (list.size() >= MAX_CONTAINER) {
                        throw error(opAt, "a container of more than " + MAX_CONTAINER + " items");
                    }
                    list.add(value);
                }
                case 'e' -> { // APPENDS
                    int start = popMark(marks, markCount--, opAt);
                    List<Object> items = itemsFrom(stack, start, opAt);
                    addAll(listOf(peek(stack, opAt), opAt), items, opAt);
                }
                case 's' -> { // SETITEM
                    Object value = pop(stack, opAt);
                    Object key = pop(stack, opAt);
                    List<Object> pair = new ArrayList<>(2);
                    pair.add(key);
                    pair.add(value);
                    putPairs(dictOf(peek(stack, opAt), opAt), pair, opAt);
                }
                case 'u' -> { // SETITEMS
                    int start = popMark(marks, markCount--, opAt);
                    List<Object> items = itemsFrom(stack, start, opAt);
                    putPairs(dictOf(peek(stack, opAt), opAt), items, opAt);
                }
                case 'c' -> { // GLOBAL "module\nname\n"
                    String module = line(opAt);
                    String name = line(opAt);
                    push(stack, global(module, name, opAt), opAt);
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(stack, opAt);
                    Object module = pop(stack, opAt);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error(opAt, "STACK_GLOBAL expects two strings, found "
                                + Pickle.describe(module) + " and " + Pickle.describe(name));
                    }
                    push(stack, global(m, n, opAt), opAt);
                }
                case 'R' -> { // REDUCE
                    Object args = pop(stack, opAt);
                    Object callable = pop(stack, opAt);
                    if (!(callable instanceof Global global)) {
                        throw error(opAt, "REDUCE calls " + Pickle.describe(callable)
                                + ", which is not a module-level name; the file was refused");
                    }
                    if (!(args instanceof Tuple tuple)) {
                        throw error(opAt, "REDUCE of " + global + " with " + Pickle.describe(args)
                                + " as arguments, expected a tuple");
                    }
                    push(stack, resolver.call(global, tuple), opAt);
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args), as the resolver allows it
                    Object args = pop(stack, opAt);
                    Object type = pop(stack, opAt);
                    push(stack, resolver.instantiate(classOf(type, opAt), args), opAt);
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop(stack, opAt);
                    Object args = pop(stack, opAt);
                    Object type = pop(stack, opAt);
                    push(stack, resolver.instantiate(classOf(type, opAt), new Tuple(Arrays.asList(args, kwargs))), opAt);
                }
                case 'b' -> { // BUILD: a placeholder keeps the state as data; anything else drops it (nothing is called)
                    Object state = pop(stack, opAt);
                    if (peek(stack, opAt) instanceof Placeholder placeholder) {
                        placeholder.state = state;
                    }
                }
                case 'Q' -> { // BINPERSID
                    Object pid = pop(stack, opAt);
                    push(stack, resolver.persistentLoad(pid), opAt);
                }
                case 'q' -> memoPut(memo, u8(), stack, opAt); // BINPUT
                case 'r' -> memoPut(memo, u32(), stack, opAt); // LONG_BINPUT
                case 0x94 -> memoPut(memo, memo.size(), stack, opAt); // MEMOIZE
                case 'h' -> push(stack, memoGet(memo, u8(), opAt), opAt); // BINGET
                case 'j' -> push(stack, memoGet(memo, u32(), opAt), opAt); // LONG_BINGET
                default -> throw error(opAt, String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    private Global classOf(Object type, int opAt) throws CheckpointException {
        if (!(type instanceof Global global)) {
            throw error(opAt, "NEWOBJ of " + Pickle.describe(type) + ", expected a class name");
        }
        return global;
    }

    private Global global(String module, String name, int opAt) throws CheckpointException {
        if (module.length() > MAX_NAME_CHARS || name.length() > MAX_NAME_CHARS) {
            throw error(opAt, "a global name of " + (module.length() + name.length()) + " characters (at most "
                    + MAX_NAME_CHARS + " for a module and for a name)");
        }
        Global global = new Global(module, name);
        named.add(global.toString());
        return global;
    }

    private List<Object> listOf(Object target, int opAt) throws CheckpointException {
        if (target instanceof ArrayList<?>) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) target;
            return list;
        }
        if (target instanceof Placeholder placeholder) {
            return placeholder.listItems;
        }
        throw error(opAt, "APPEND to " + Pickle.describe(target) + ", expected a list");
    }

    private PyDict dictOf(Object target, int opAt) throws CheckpointException {
        if (target instanceof PyDict dict) {
            return dict;
        }
        if (target instanceof Placeholder placeholder) {
            return placeholder.items;
        }
        throw error(opAt, "SETITEM on " + Pickle.describe(target) + ", expected a dict");
    }

    private void putPairs(PyDict dict, List<Object> items, int opAt) throws CheckpointException {
        if (items.size() % 2 != 0) {
            throw error(opAt, "odd number of items (" + items.size() + ") for a dict");
        }
        charge(items.size(), opAt);
        for (int i = 0; i < items.size(); i += 2) {
            DictKey key = DictKey.of(items.get(i));
            charge(key.cost(), opAt); // hashing it, and comparing it with keys of the same hash
            dict.put(key, items.get(i + 1));
        }
        if (dict.size() > MAX_CONTAINER) {
            throw error(opAt, "a dict of more than " + MAX_CONTAINER + " entries");
        }
    }

    private void addAll(List<Object> list, List<Object> items, int opAt) throws CheckpointException {
        charge(items.size(), opAt);
        if ((long) list.size() + items.size() > MAX_CONTAINER) {
            throw error(opAt, "a container of more than " + MAX_CONTAINER + " items");
        }
        list.addAll(items);
    }

    private List<Object> itemsFrom(List<Object> stack, int start, int opAt) throws CheckpointException {
        // start is the index of the MARK itself
        List<Object> items = new ArrayList<>(stack.subList(start + 1, stack.size()));
        charge(items.size(), opAt);
        if (items.size() > MAX_CONTAINER) {
            throw error(opAt, "a container of more than " + MAX_CONTAINER + " items");
        }
        truncate(stack, start);
        return items;
    }

    private int popMark(int[] marks, int markCount, int opAt) throws CheckpointException {
        if (markCount <= 0) {
            throw error(opAt, "no mark on the stack");
        }
        return marks[markCount - 1];
    }

    private void memoPut(Map<Long, Object> memo, long index, List<Object> stack, int opAt) throws CheckpointException {
        Object value = peek(stack, opAt);
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw error(opAt, "memo grows past " + MAX_MEMO + " entries");
        }
        memo.put(index, value);
    }

    private Object memoGet(Map<Long, Object> memo, long index, int opAt) throws CheckpointException {
        if (!memo.containsKey(index)) {
            throw error(opAt, "memo entry " + index + " was never stored");
        }
        return memo.get(index);
    }

    private void push(List<Object> stack, Object value, int opAt) throws CheckpointException {
        if (stack.size() >= MAX_STACK) {
            throw error(opAt, "stack grows past " + MAX_STACK + " values");
        }
        if (++pushed > MAX_VALUES) {
            throw error(opAt, "the pickle builds more than " + MAX_VALUES + " values");
        }
        stack.add(value);
    }

    private Object pop(List<Object> stack, int opAt) throws CheckpointException {
        Object value = peek(stack, opAt);
        stack.remove(stack.size() - 1);
        return value;
    }

    private Object peek(List<Object> stack, int opAt) throws CheckpointException {
        if (stack.isEmpty()) {
            throw error(opAt, "stack underflow");
        }
        Object value = stack.get(stack.size() - 1);
        if (value == MARK) {
            throw error(opAt, "a mark where a value was expected");
        }
        return value;
    }

    private static void truncate(List<Object> stack, int size) {
        stack.subList(size, stack.size()).clear();
    }

    private void charge(long items, int opAt) throws CheckpointException {
        work += items;
        if (work > maxWork) {
            throw error(opAt, "the pickle does more work than its size allows (" + maxWork + " item moves)");
        }
    }

    private Object longValue(long byteCount, int opAt) throws CheckpointException {
        if (byteCount < 0 || byteCount > MAX_LONG_BYTES) {
            throw error(opAt, "an integer of " + byteCount + " bytes (at most " + MAX_LONG_BYTES + " allowed)");
        }
        byte[] little = bytes((int) byteCount);
        if (little.length == 0) {
            return 0L;
        }
        byte[] big = new byte[little.length];
        for (int i = 0; i < little.length; i++) {
            big[i] = little[little.length - 1 - i];
        }
        BigInteger value = new BigInteger(big);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private int length(long declared, int opAt) throws CheckpointException {
        if (declared < 0 || declared > MAX_STRING_BYTES || declared > data.length - pos) {
            ranOut = declared >= 0 && declared <= MAX_STRING_BYTES;
            throw error(opAt, "a string or bytes of " + declared + " bytes, but " + (data.length - pos)
                    + " remain (limit " + MAX_STRING_BYTES + ")");
        }
        return (int) declared;
    }

    private String line(int opAt) throws CheckpointException {
        int end = pos;
        while (end < data.length && data[end] != '\n' && end - pos < 1024) {
            end++;
        }
        if (end >= data.length || data[end] != '\n') {
            ranOut = end >= data.length;
            throw error(opAt, "GLOBAL name not terminated by a newline within 1024 bytes");
        }
        String text = new String(data, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return text;
    }

    private String utf8(int n) throws CheckpointException {
        need(n);
        String text = new String(data, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return text;
    }

    private String latin1(int n) throws CheckpointException {
        need(n);
        String text = new String(data, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return text;
    }

    private byte[] bytes(int n) throws CheckpointException {
        need(n);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    private int u8() throws CheckpointException {
        need(1);
        return data[pos++] & 0xff;
    }

    private int u16() throws CheckpointException {
        need(2);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    private int i32() throws CheckpointException {
        need(4);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16 | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private long u32() throws CheckpointException {
        return i32() & 0xffffffffL;
    }

    private long u64() throws CheckpointException {
        long low = u32();
        long high = u32();
        return (high << 32) | low;
    }

    private void need(int n) throws CheckpointException {
        if (n < 0 || n > data.length - pos) {
            ranOut = n >= 0;
            throw error(pos, "unexpected end of the pickle (needed " + n + " more bytes)");
        }
    }

    private CheckpointException error(int at, String message) {
        return new CheckpointException(source + ": pickle byte " + at + ": " + message);
    }
}
