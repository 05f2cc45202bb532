package com.arpgstudio.inference.edit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of an image's size and ARGB pixels: the identity of an edit's input and output. */
public final class PixelDigest {

    /** Pixels hashed a chunk at a time: big-endian ints copied in bulk, not one by one. */
    private static final int CHUNK_PIXELS = 1 << 16;

    private PixelDigest() {}

    /** The digest of the width and height, then every pixel, as big-endian ints. */
    public static String of(ArgbImage image) {
        return of(image.width(), image.height(), (from, chunk, count) ->
                System.arraycopy(image.pixels(), from, chunk, 0, count));
    }

    /** The digest of {@link PixelMask#toImage}, without making that image (a 12 MP mask would be 48 MB). */
    public static String of(PixelMask mask) {
        return of(mask.width(), mask.height(), (from, chunk, count) -> {
            for (int i = 0; i < count; i++) {
                chunk[i] = mask.argb(from + i);
            }
        });
    }

    /** Fills {@code chunk[0..count)} with the pixels from index {@code from} on. */
    private interface Pixels {
        void copy(int from, int[] chunk, int count);
    }

    private static String of(int width, int height, Pixels pixels) {
        MessageDigest digest = sha256();
        int total = width * height;
        ByteBuffer bytes = ByteBuffer.allocate(4 * Math.max(2, Math.min(total, CHUNK_PIXELS)));
        digest.update(bytes.putInt(width).putInt(height).array(), 0, 8);
        int[] chunk = new int[Math.min(total, CHUNK_PIXELS)];
        for (int from = 0; from < total; from += chunk.length) {
            int count = Math.min(chunk.length, total - from);
            pixels.copy(from, chunk, count);
            bytes.clear();
            bytes.asIntBuffer().put(chunk, 0, count);
            digest.update(bytes.array(), 0, 4 * count);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
