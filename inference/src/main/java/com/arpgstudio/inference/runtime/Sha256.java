package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: hex digests of streams and file prefixes, as Git LFS and the hub name files. */
final class Sha256 {

    private static final int CHUNK = 1 << 20;

    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static boolean isHex(String text) {
        return text != null && text.matches("[0-9a-fA-F]{64}");
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds the first {@code length} bytes of the file into the digest. */
    static void update(MessageDigest digest, Path file, long length) throws IOException {
        if (length == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long left = length;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(CHUNK, left));
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new IOException(file + ": expected " + length + " bytes, found " + (length - left));
                }
                buffer.flip();
                digest.update(buffer);
                left -= n;
            }
        }
    }

    /** The hex digest of everything the stream yields, copying it to the sink as it goes (sink may be null). */
    static String copy(InputStream in, OutputStream sink) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            if (sink != null) {
                sink.write(buffer, 0, n);
            }
        }
        return hex(digest);
    }
}
