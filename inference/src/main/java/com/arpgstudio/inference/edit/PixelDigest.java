package com.arpgstudio.inference.edit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of an image's size and ARGB pixels: the identity of an edit's input and output. */
public final class PixelDigest {

    private PixelDigest() {}

    public static String of(ArgbImage image) {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(4 * Math.min(image.pixels().length + 2, 1 << 16));
        buffer.putInt(image.width()).putInt(image.height());
        for (int p : image.pixels()) {
            if (!buffer.hasRemaining()) {
                digest.update(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            buffer.putInt(p);
        }
        digest.update(buffer.array(), 0, buffer.position());
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(PixelMask mask) {
        return of(mask.toImage());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
