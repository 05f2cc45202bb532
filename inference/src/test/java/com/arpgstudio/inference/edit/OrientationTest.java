package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A JPEG of each EXIF orientation, made here, opens upright through the decoder the editor and the
 * command line share. The stored picture is four coloured quadrants; where its top-left (red) and
 * top-right (green) quadrants end up is what the EXIF specification says for each orientation.
 */
class OrientationTest {

    private static final int RED = 0xffff0000;
    private static final int GREEN = 0xff00ff00;

    @TempDir
    Path dir;

    /** Upright corners (x, y in 0..1) where the stored top-left and top-right quadrants are shown. */
    private static int[][] corners(Orientation orientation) {
        return switch (orientation) {
            case NORMAL -> new int[][] {{0, 0}, {1, 0}};
            case MIRRORED -> new int[][] {{1, 0}, {0, 0}};
            case ROTATED_180 -> new int[][] {{1, 1}, {0, 1}};
            case FLIPPED -> new int[][] {{0, 1}, {1, 1}};
            case TRANSPOSED -> new int[][] {{0, 0}, {0, 1}};
            case ROTATED_90 -> new int[][] {{1, 0}, {1, 1}};
            case TRANSVERSE -> new int[][] {{1, 1}, {1, 0}};
            case ROTATED_270 -> new int[][] {{0, 1}, {0, 0}};
        };
    }

    @ParameterizedTest
    @EnumSource(Orientation.class)
    void eachOrientationOpensUpright(Orientation orientation) throws Exception {
        Path file = Files.write(dir.resolve("photo.jpg"), PhotoFiles.jpegWithExif(PhotoFiles.quadrants(64, 32),
                PhotoFiles.exif(orientation.exifValue())));
        ImageDecoder.Decoded decoded = ImageDecoder.read(file);
        ArgbImage image = decoded.image();
        assertEquals(orientation.swapsSides() ? 32 : 64, image.width());
        assertEquals(orientation.swapsSides() ? 64 : 32, image.height());
        int[][] at = corners(orientation);
        assertClose(RED, sample(image, at[0]), orientation + ": stored top-left");
        assertClose(GREEN, sample(image, at[1]), orientation + ": stored top-right");
        assertEquals(orientation != Orientation.NORMAL, decoded.notes().stream().anyMatch(n -> n.contains("upright")),
                decoded.notes().toString());
        ExifData kept = ExifData.parse(decoded.exif());
        assertNotNull(kept, "the EXIF block is kept");
        assertEquals(Orientation.NORMAL, kept.orientation(), "without its orientation");
    }

    /** The pixel a quarter in from the corner (cx, cy), inside that corner's quadrant. */
    private static int sample(ArgbImage image, int[] corner) {
        return image.get(corner[0] == 0 ? image.width() / 4 : image.width() * 3 / 4,
                corner[1] == 0 ? image.height() / 4 : image.height() * 3 / 4);
    }

    private static void assertClose(int expected, int actual, String what) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int d = Math.abs((expected >> shift & 0xff) - (actual >> shift & 0xff));
            assertTrue(d < 40, what + ": expected " + Integer.toHexString(expected) + ", found " + Integer.toHexString(actual));
        }
    }
}
