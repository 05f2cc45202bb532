package com.arpgstudio.inference.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a tensor's raw little-endian bytes come from; read lazily, one tensor at a time. */
@FunctionalInterface
public interface TensorBytes {

    /** A little-endian buffer positioned at the tensor's first byte, with exactly its bytes remaining. */
    ByteBuffer read() throws IOException;
}
