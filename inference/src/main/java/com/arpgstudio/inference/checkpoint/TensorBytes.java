package com.arpgstudio.inference.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a tensor's raw little-endian bytes come from; read lazily, one tensor at a time. */
@FunctionalInterface
public interface TensorBytes {

    /** A little-endian buffer positioned at the tensor's first byte, with exactly its bytes remaining. */
    ByteBuffer read() throws IOException;

    /** The bytes [position, position + length) of a file, memory-mapped when read (one mapping per tensor). */
    static TensorBytes mapped(Path file, long position, long length) {
        return () -> map(file, position, length);
    }

    /** Maps [position, position + length) of a file read-only; at most 2 GiB, and the file must still hold it. */
    static ByteBuffer map(Path file, long position, long length) throws IOException {
        if (length > Integer.MAX_VALUE) {
            throw new CheckpointException(file + ": a tensor of " + length + " bytes exceeds one mapping (2 GiB)");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (position < 0 || length < 0 || position > channel.size() - length) {
                throw new CheckpointException(file + " changed while open: expected at least "
                        + (position + length) + " bytes, found " + channel.size());
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, position, length).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
