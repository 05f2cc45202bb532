package com.arpgstudio.inference.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, to build the torch.save pickles the tests need (hostile ones too). */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleWriter proto(int protocol) {
        return op(0x80, protocol);
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter setitems() {
        return op('u');
    }

    PickleWriter setitem() {
        return op('s');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter newFalse() {
        return op(0x89);
    }

    PickleWriter stop() {
        return op('.');
    }

    PickleWriter global(String module, String name) {
        op('c');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleWriter str(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        op('X');
        int32(bytes.length);
        return raw(bytes);
    }

    PickleWriter shortStr(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        op(0x8c, bytes.length);
        return raw(bytes);
    }

    PickleWriter integer(long value) {
        if (value >= 0 && value < 256) {
            return op('K', (int) value);
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            op('J');
            return int32((int) value);
        }
        op(0x8a, 8);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    PickleWriter ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    PickleWriter int32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    PickleWriter raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict()), as torch.save writes it. */
    PickleWriter tensor(String storageType, String key, long storageNumel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(storageNumel).tuple();
        op('Q'); // BINPERSID
        integer(offset);
        ints(size);
        ints(stride);
        newFalse();
        global("collections", "OrderedDict").emptyTuple().reduce();
        tuple();
        return reduce();
    }

    /** A contiguous tensor over a whole storage of the given shape. */
    PickleWriter tensor(String storageType, String key, long... shape) {
        long[] stride = new long[shape.length];
        long numel = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = numel;
            numel *= shape[i];
        }
        return tensor(storageType, key, numel, 0, shape, stride);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
