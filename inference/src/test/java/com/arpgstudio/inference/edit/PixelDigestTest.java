package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The digests hash exactly the width, the height and every pixel as big-endian ints (what edit
 * records written by earlier versions hold), in chunks or not, and a mask's digest is its image's.
 */
class PixelDigestTest {

    @Test
    void anImageHashesItsSizeThenEveryPixelBigEndian() throws Exception {
        Random random = new Random(5);
        // sizes below, at and above a chunk (65,536 pixels), and across several chunks
        for (int[] size : new int[][] {{1, 1}, {7, 3}, {256, 256}, {257, 256}, {640, 411}}) {
            int[] pixels = random.ints(size[0] * size[1]).toArray();
            ArgbImage image = new ArgbImage(size[0], size[1], pixels);
            assertEquals(reference(size[0], size[1], pixels), PixelDigest.of(image), size[0] + "x" + size[1]);
        }
    }

    @Test
    void aMaskHashesAsItsImageHardOrSoft() {
        PixelMask hard = PixelMask.ofRect(301, 260, new Rect(20, 30, 150, 99));
        assertEquals(PixelDigest.of(hard.toImage()), PixelDigest.of(hard));
        byte[] values = new byte[301 * 260];
        new Random(9).nextBytes(values);
        PixelMask soft = PixelMask.ofCoverage(301, 260, values);
        assertEquals(PixelDigest.of(soft.toImage()), PixelDigest.of(soft));
        assertNotEquals(PixelDigest.of(hard), PixelDigest.of(soft));
    }

    @Test
    void theSizeIsPartOfTheIdentity() {
        int[] pixels = new Random(3).ints(12).toArray();
        assertNotEquals(PixelDigest.of(new ArgbImage(3, 4, pixels)), PixelDigest.of(new ArgbImage(4, 3, pixels)));
    }

    private static String reference(int width, int height, int[] pixels) throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(width);
            out.writeInt(height);
            for (int p : pixels) {
                out.writeInt(p);
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }
}
