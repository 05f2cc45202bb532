package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masks: coverage, invert, grow and shrink by a true distance, on shapes whose answers are known. */
class PixelMaskTest {

    private static PixelMask dot(int w, int h, int x, int y) {
        PixelMask mask = new PixelMask(w, h);
        mask.set(x, y, true);
        return mask;
    }

    /** Pixels of the disc of this radius: offsets with dx² + dy² <= r² (81 for 5, 317 for 10). */
    private static long discArea(int radius) {
        long n = 0;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                n += dx * dx + dy * dy <= radius * radius ? 1 : 0;
            }
        }
        return n;
    }

    private static void assertSame(PixelMask expected, PixelMask actual, String what) {
        assertArrayEquals(expected.coverageValues(), actual.coverageValues(), what);
    }

    @Test
    void aDotGrowsIntoARoundDiscNotASquare() {
        PixelMask grown = dot(41, 41, 20, 20).grown(10);
        assertEquals(317, discArea(10));
        assertEquals(317, grown.count());
        assertTrue(grown.get(30, 20) && grown.get(20, 10) && grown.get(26, 28), "(6, 8) is 10 away");
        assertFalse(grown.get(28, 28), "the square's corner (8, 8) is 11.3 away");
        assertFalse(grown.get(31, 20));
        assertEquals(new Rect(10, 10, 21, 21), grown.bounds());
    }

    @Test
    void growingIsClippedToTheCanvasAndShrinkingDoesNotEatTheCanvasEdge() {
        PixelMask corner = dot(20, 20, 0, 0).grown(3);
        assertEquals(11, corner.count(), "a quarter of the 29-pixel disc of radius 3, with its axes");
        PixelMask all = PixelMask.ofRect(30, 20, new Rect(0, 0, 30, 20));
        assertEquals(600, all.shrunk(7).count(), "a full mask stays full");
        PixelMask left = PixelMask.ofRect(30, 20, new Rect(0, 0, 10, 20));
        assertEquals(PixelMask.ofRect(30, 20, new Rect(0, 0, 6, 20)).count(), left.shrunk(4).count());
        assertSame(PixelMask.ofRect(30, 20, new Rect(0, 0, 6, 20)), left.shrunk(4), "only the inner side moves");
    }

    @Test
    void shrinkingKeepsThePixelsFartherThanNFromEveryUnpaintedOne() {
        PixelMask disc = dot(61, 61, 30, 30).grown(20);
        PixelMask shrunk = disc.shrunk(6);
        for (int y = 0; y < 61; y++) {
            for (int x = 0; x < 61; x++) {
                double nearestOutside = Double.MAX_VALUE;
                for (int v = 0; v < 61; v++) {
                    for (int u = 0; u < 61; u++) {
                        if (!disc.get(u, v)) {
                            nearestOutside = Math.min(nearestOutside, Math.hypot(u - x, v - y));
                        }
                    }
                }
                assertEquals(disc.get(x, y) && nearestOutside > 6, shrunk.get(x, y), "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void openingAndClosingAreIdempotentAndInvertingTwiceIsTheIdentity() {
        Random random = new Random(5);
        PixelMask hard = MaskMorphologyTest.randomHard(random, 48, 40, 0.3);
        PixelMask soft = MaskMorphologyTest.randomSoft(random, 48, 40, 0.3);
        for (PixelMask mask : new PixelMask[] {hard, soft}) {
            String kind = mask.isSoft() ? "soft" : "hard";
            for (int r : new int[] {1, 3, 6}) {
                PixelMask opened = mask.shrunk(r).grown(r);
                PixelMask closed = mask.grown(r).shrunk(r);
                assertSame(opened, opened.shrunk(r).grown(r), kind + " opening by " + r);
                assertSame(closed, closed.grown(r).shrunk(r), kind + " closing by " + r);
                for (int i = 0; i < 48 * 40; i++) {
                    int x = i % 48;
                    int y = i / 48;
                    assertTrue(opened.coverage(x, y) <= mask.coverage(x, y), kind + ": opening only removes");
                    assertTrue(closed.coverage(x, y) >= mask.coverage(x, y), kind + ": closing only adds");
                }
            }
            assertSame(mask, mask.grown(0), kind + " grown by 0");
            assertSame(mask, mask.shrunk(0), kind + " shrunk by 0");
            assertSame(mask, mask.inverted().inverted(), kind + " inverted twice");
        }
        PixelMask inverted = hard.inverted();
        assertEquals(48 * 40, hard.count() + inverted.count());
        assertEquals(PixelMask.FULL - soft.coverage(7, 9), soft.inverted().coverage(7, 9));
    }

    @Test
    void growDistanceHasLimits() {
        PixelMask mask = dot(8, 8, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> mask.grown(-1));
        assertThrows(IllegalArgumentException.class, () -> mask.shrunk(PixelMask.MAX_GROW_PIXELS + 1));
        assertEquals(64, mask.grown(PixelMask.MAX_GROW_PIXELS).count());
    }

    @Test
    void softCoverageSurvivesTheMaskOperationsAndTheImageRoundTrip() {
        byte[] values = new byte[4 * 2];
        values[0] = (byte) 255;
        values[1] = (byte) 128;
        values[2] = 7;
        values[5] = (byte) 200;
        PixelMask soft = PixelMask.ofCoverage(4, 2, values);
        assertTrue(soft.isSoft());
        assertEquals(4, soft.count(), "every pixel above 0 is painted");
        assertEquals(new Rect(0, 0, 3, 2), soft.bounds());
        assertEquals(1, soft.solid().count());
        assertSame(soft, PixelMask.ofCoverage(soft.toImage()), "grey levels read back as coverage");
        assertFalse(PixelMask.ofCoverage(PixelMask.ofRect(4, 2, new Rect(1, 0, 2, 1)).toImage()).isSoft());

        PixelMask other = PixelMask.ofCoverage(4, 2, new byte[] {0, 0, 1, 0, 0, (byte) 250, 0, 0});
        PixelMask sum = soft.copy();
        sum.add(other);
        assertEquals(250, sum.coverage(1, 1), "add: the higher coverage");
        assertEquals(7, sum.coverage(2, 0));
        PixelMask both = soft.and(other);
        assertEquals(2, both.count());
        assertEquals(7, both.coverage(2, 0), "and: this mask's coverage where the other paints");
        PixelMask rest = soft.minus(other);
        assertEquals(0, rest.coverage(2, 0), "minus: whatever the other's coverage, its pixels go");
        assertEquals(128, rest.coverage(1, 0));
        assertEquals(128, soft.within(new Rect(1, 0, 1, 1)).coverage(1, 0));
        assertEquals(0, soft.within(new Rect(1, 0, 1, 1)).coverage(0, 0));

        PixelMask hard = new PixelMask(3, 3);
        hard.setCoverage(1, 1, 90);
        assertTrue(hard.isSoft() && hard.get(1, 1));
        hard.set(1, 1, false);
        assertFalse(hard.get(1, 1));
        assertEquals(0, hard.coverage(1, 1));
        assertThrows(IllegalArgumentException.class, () -> hard.setCoverage(0, 0, 256));
    }

    @Test
    void aHardMaskImageAndItsDigestAreAsBefore() {
        PixelMask mask = PixelMask.ofRect(5, 3, new Rect(1, 1, 2, 1));
        ArgbImage image = mask.toImage();
        assertEquals(0xffffffff, image.get(1, 1));
        assertEquals(0xff000000, image.get(0, 0));
        assertFalse(mask.isSoft());
        assertEquals(PixelDigest.of(image), PixelDigest.of(mask));
        PixelMask read = PixelMask.of(new ArgbImage(2, 1, new int[] {0x80808080, 0x7fffffff}));
        assertTrue(read.get(0, 0), "opaque enough and bright enough");
        assertFalse(read.get(1, 0), "alpha below 128");
    }

    /** A mask of random hard or soft pixels, a few of them painted. */
    private static PixelMask sparse(Random random, int w, int h, boolean soft) {
        PixelMask mask = new PixelMask(w, h);
        for (int k = random.nextInt(5); k > 0; k--) {
            mask.setCoverage(random.nextInt(w), random.nextInt(h), soft ? 1 + random.nextInt(255) : PixelMask.FULL);
        }
        return mask;
    }

    private static Rect slowDifference(PixelMask a, PixelMask b) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (a.coverage(x, y) != b.coverage(x, y)) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? Rect.EMPTY : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    @Test
    void boundsAndDifferenceBoundsMatchAPixelByPixelSearch() {
        Random random = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int w = 1 + random.nextInt(300);
            int h = 1 + random.nextInt(20);
            PixelMask a = sparse(random, w, h, trial % 3 == 1);
            PixelMask b = sparse(random, w, h, trial % 3 == 2);
            assertEquals(slowDifference(a, new PixelMask(w, h)), a.bounds());
            Rect region = new Rect(random.nextInt(w + 4) - 2, random.nextInt(h + 4) - 2, random.nextInt(w + 2),
                    random.nextInt(h + 2));
            assertEquals(slowDifference(a.within(region), new PixelMask(w, h)), a.bounds(region), "within " + region);
            assertEquals(slowDifference(a, b), a.differenceBounds(b));
            assertEquals(slowDifference(a, b), b.differenceBounds(a));
        }
        PixelMask soft = PixelMask.ofCoverage(3, 1, new byte[] {0, 64, (byte) 255});
        PixelMask softer = PixelMask.ofCoverage(3, 1, new byte[] {0, 65, (byte) 255});
        assertEquals(new Rect(1, 0, 1, 1), soft.differenceBounds(softer), "painted in both, at other coverages");
        assertThrows(IllegalArgumentException.class, () -> soft.differenceBounds(new PixelMask(3, 2)));
    }

    @Test
    void withinAndSampleMatchAPixelByPixelCopy() {
        // runs of every length, touching the rows' ends, and regions partly off the canvas
        Random random = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int w = 1 + random.nextInt(150);
            int h = 1 + random.nextInt(12);
            PixelMask mask = sparse(random, w, h, trial % 4 == 3);
            for (int k = random.nextInt(6); k > 0; k--) {
                mask.fill(new Rect(random.nextInt(w), random.nextInt(h), 1 + random.nextInt(w), 1 + random.nextInt(3)),
                        true);
            }
            Rect region = new Rect(random.nextInt(w + 10) - 5, random.nextInt(h + 4) - 2, 1 + random.nextInt(w + 5),
                    1 + random.nextInt(h + 2));
            PixelMask within = mask.within(region);
            boolean[] sampled = mask.sample(region);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean inside = x >= region.x() && x < region.right() && y >= region.y() && y < region.bottom();
                    assertEquals(inside ? mask.coverage(x, y) : 0, within.coverage(x, y),
                            "within " + region + " at " + x + "," + y + ", trial " + trial);
                }
            }
            for (int y = 0; y < region.height(); y++) {
                for (int x = 0; x < region.width(); x++) {
                    int cx = region.x() + x;
                    int cy = region.y() + y;
                    boolean expected = cx >= 0 && cx < w && cy >= 0 && cy < h && mask.get(cx, cy);
                    assertEquals(expected, sampled[y * region.width() + x], "sample " + region + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void cropAndPasteCarryCoverageBothWays() {
        Random random = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            PixelMask mask = sparse(random, 40, 30, trial % 2 == 0);
            mask.fill(new Rect(random.nextInt(40), random.nextInt(30), 8, 5), true);
            Rect region = new Rect(random.nextInt(30), random.nextInt(20), 1 + random.nextInt(10), 1 + random.nextInt(10));
            PixelMask cropped = mask.crop(region);
            for (int y = 0; y < region.height(); y++) {
                for (int x = 0; x < region.width(); x++) {
                    assertEquals(mask.coverage(region.x() + x, region.y() + y), cropped.coverage(x, y));
                }
            }
            PixelMask target = sparse(random, 40, 30, trial % 4 < 2);
            PixelMask expected = target.copy();
            for (int y = 0; y < region.height(); y++) {
                for (int x = 0; x < region.width(); x++) {
                    expected.setCoverage(region.x() + x, region.y() + y, cropped.coverage(x, y));
                }
            }
            target.paste(cropped, region.x(), region.y());
            assertArrayEquals(expected.coverageValues(), target.coverageValues());
            assertEquals(expected.count(), target.count());
        }
        PixelMask mask = new PixelMask(4, 4);
        assertThrows(IllegalArgumentException.class, () -> mask.crop(new Rect(2, 2, 3, 1)), "past the canvas");
        mask.paste(PixelMask.ofRect(3, 3, new Rect(0, 0, 3, 3)), 2, 2); // hangs over: clipped
        assertEquals(4, mask.count());
        assertTrue(mask.get(3, 3));
    }
}
