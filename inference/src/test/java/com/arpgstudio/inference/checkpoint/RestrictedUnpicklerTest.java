package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile pickles end quickly in a CheckpointException: no memory blow-up, no deep recursion, no quadratic time. */
class RestrictedUnpicklerTest {

    private static Object load(byte[] pickle) throws CheckpointException {
        return new RestrictedUnpickler(pickle, "test.pkl", new TorchPickleResolver(Path.of("test.pt"))).load();
    }

    private static void assertFailsQuickly(byte[] pickle, String expected) {
        assertFailsWithin(Duration.ofSeconds(2), pickle, expected);
    }

    /** Floods run a million opcodes or more; they get more time on a loaded machine, and report it. */
    private static void assertFailsWithin(Duration limit, byte[] pickle, String expected) {
        long start = System.nanoTime();
        assertTimeoutPreemptively(limit, () -> {
            CheckpointException e = assertThrows(CheckpointException.class, () -> load(pickle));
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        });
        System.out.printf("%d-byte hostile pickle refused in %.0f ms%n", pickle.length, (System.nanoTime() - start) / 1e6);
    }

    @Test
    void plainValues() throws CheckpointException {
        byte[] pickle = new PickleWriter().proto(2).emptyDict().mark()
                .str("n").integer(-5).str("big").integer(1L << 40).str("t").op(0x88).str("none").none()
                .str("list").op(']').mark().integer(1).integer(2).op('e')
                .setitems().stop().bytes();
        Map<?, ?> dict = (Map<?, ?>) load(pickle);
        assertEquals(-5L, dict.get("n"));
        assertEquals(1L << 40, dict.get("big"));
        assertEquals(Boolean.TRUE, dict.get("t"));
        assertTrue(dict.containsKey("none") && dict.get("none") == null);
        assertEquals(List.of(1L, 2L), dict.get("list"));
    }

    @Test
    void stringLongerThanTheInput() {
        assertFailsQuickly(new PickleWriter().proto(2).op('X').int32(0x7fffffff).stop().bytes(), "remain");
        assertFailsQuickly(new PickleWriter().proto(4).op(0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).stop().bytes(),
                "bytes");
    }

    @Test
    void memoFlood() {
        PickleWriter p = new PickleWriter().proto(2).none();
        for (int i = 0; i <= RestrictedUnpickler.MAX_MEMO; i++) {
            p.op('r').int32(i);
        }
        assertFailsWithin(Duration.ofSeconds(10), p.stop().bytes(), "memo grows past");
    }

    @Test
    void stackFlood() {
        PickleWriter p = new PickleWriter().proto(2);
        for (int i = 0; i <= RestrictedUnpickler.MAX_STACK; i++) {
            p.none();
        }
        assertFailsWithin(Duration.ofSeconds(10), p.stop().bytes(), "stack grows past");
    }

    @Test
    void valueFloodThroughAppends() {
        // [] then (None APPEND) forever: the stack stays small but the list grows
        PickleWriter p = new PickleWriter().proto(2).op(']');
        for (int i = 0; i <= RestrictedUnpickler.MAX_VALUES; i++) {
            p.none().op('a');
        }
        assertFailsWithin(Duration.ofSeconds(10), p.stop().bytes(), "more than");
    }

    @Test
    void deepNestingNeedsNoRecursion() throws Exception {
        // 200k nested lists: [[[[...]]]], built with APPEND; nothing may recurse over it
        PickleWriter p = new PickleWriter().proto(2);
        int depth = 200_000;
        for (int i = 0; i < depth; i++) {
            p.op(']');
        }
        for (int i = 0; i < depth - 1; i++) {
            p.op('a');
        }
        byte[] pickle = p.stop().bytes();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            Object root = load(pickle);
            assertTrue(root instanceof List<?>);
        });
        // the same as a dict key is hashed by identity, not recursively
        PickleWriter q = new PickleWriter().proto(2).emptyDict();
        for (int i = 0; i < depth; i++) {
            q.op(']');
        }
        for (int i = 0; i < depth - 1; i++) {
            q.op('a');
        }
        q.mark().integer(1).tuple().setitem().stop();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertTrue(load(q.bytes()) instanceof Map<?, ?>));
    }

    @Test
    void quadraticCopiesAreCut() {
        // one list of 100k pairs, then OrderedDict(memo[0]) again and again
        PickleWriter p = new PickleWriter().proto(2).op(']').op('q', 0).mark();
        for (int i = 0; i < 100_000; i++) {
            p.integer(i).integer(i).op(0x86);
        }
        p.op('e');
        for (int i = 0; i < 2000; i++) {
            p.global("collections", "OrderedDict").op('h', 0).op(0x85).reduce().op('0');
        }
        assertFailsWithin(Duration.ofSeconds(10), p.none().stop().bytes(), "copies more than");
    }

    @Test
    void malformedStructure() {
        assertFailsQuickly(new PickleWriter().proto(2).op('t').stop().bytes(), "no mark");
        assertFailsQuickly(new PickleWriter().proto(2).op('0').stop().bytes(), "underflow");
        assertFailsQuickly(new PickleWriter().proto(2).op('h', 9).stop().bytes(), "never stored");
        assertFailsQuickly(new PickleWriter().proto(2).op('I').stop().bytes(), "unsupported pickle opcode 0x49");
        assertFailsQuickly(new PickleWriter().proto(2).none().none().op('a').stop().bytes(), "expected a list");
        assertFailsQuickly(new PickleWriter().proto(2).none().bytes(), "unexpected end");
        assertFailsQuickly(new PickleWriter().proto(2).op('c').raw("os\nsys".getBytes()).bytes(), "newline");
        assertFailsQuickly(new PickleWriter().proto(2).integer(1).mark().tuple().reduce().stop().bytes(), "not a module-level name");
    }

    @Test
    void persistentIdsMustBeStorages() {
        assertFailsQuickly(new PickleWriter().proto(2).str("x").op('Q').stop().bytes(), "persistent id");
    }
}
