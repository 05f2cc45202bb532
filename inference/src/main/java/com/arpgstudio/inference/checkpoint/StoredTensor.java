package com.arpgstudio.inference.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named tensor of a checkpoint: its element type, shape and a lazy source of its bytes
 * (contiguous, row-major, little-endian). Nothing is read until a {@code to*} method is called.
 */
public final class StoredTensor {

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final TensorBytes bytes;

    public StoredTensor(String name, DType dtype, long[] shape, TensorBytes bytes) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.bytes = bytes;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public Shape djlShape() {
        return new Shape(shape);
    }

    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteSize() {
        return Math.multiplyExact(numel(), dtype.byteSize());
    }

    /** Float values, widened from F16 and BF16 in Java. */
    public float[] toFloats() throws IOException {
        ByteBuffer buffer = readChecked();
        float[] out = new float[elementCount()];
        switch (dtype) {
            case F32 -> buffer.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloat.toFloat(buffer.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloat.bf16ToFloat(buffer.getShort());
                }
            }
            default -> throw new CheckpointException(
                    "tensor '" + name + "': expected a floating-point dtype, found " + dtype);
        }
        return out;
    }

    /** Integer values as longs (I64, I32, U8, BOOL). */
    public long[] toLongs() throws IOException {
        ByteBuffer buffer = readChecked();
        long[] out = new long[elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> buffer.getLong();
                case I32 -> buffer.getInt();
                case U8, BOOL -> buffer.get() & 0xff;
                default -> throw new CheckpointException(
                        "tensor '" + name + "': expected an integer dtype, found " + dtype);
            };
        }
        return out;
    }

    /**
     * A native array of the given floating type (FLOAT32 or FLOAT16) on the manager's device.
     * BF16 is widened in Java first: DJL 0.32 aborts the JVM on BFLOAT16 arrays.
     *
     * <p>On the CPU, when the stored type is the target type, DJL wraps the mapped bytes without
     * copying (torch::from_blob): the array is a read-only view of the file, so it must never be
     * modified in place, and the file must be replaced only by moving a new file over it.
     */
    public NDArray toNDArray(NDManager manager, DataType target) throws IOException {
        if (target != DataType.FLOAT32 && target != DataType.FLOAT16) {
            throw new IllegalArgumentException("expected FLOAT32 or FLOAT16, found " + target);
        }
        NDArray array;
        if (dtype == DType.F32) {
            array = manager.create(readChecked(), djlShape(), DataType.FLOAT32);
        } else if (dtype == DType.F16) {
            array = manager.create(readChecked(), djlShape(), DataType.FLOAT16);
        } else {
            array = manager.create(toFloats(), djlShape());
        }
        if (array.getDataType() == target) {
            return array;
        }
        // The source array may be a view of the memory-mapped file; release it once converted.
        NDArray converted = array.toType(target, false);
        array.close();
        return converted;
    }

    private int elementCount() throws CheckpointException {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointException("tensor '" + name + "' has " + n
                    + " elements, more than a Java array holds; load it with toNDArray");
        }
        return (int) n;
    }

    private ByteBuffer readChecked() throws IOException {
        ByteBuffer buffer = bytes.read().order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.remaining() != byteSize()) {
            throw new CheckpointException("tensor '" + name + "': expected " + byteSize()
                    + " bytes for " + dtype + Arrays.toString(shape) + ", found " + buffer.remaining());
        }
        return buffer;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
