package com.arpgstudio.inference.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.fuzz.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ReferenceFixtures.Needed
class CodePreviewTest {

    private static Tokenizer tokenizer;
    private static CodePreview full;
    private static final List<Integer> progress = new ArrayList<>();

    @TempDir
    Path cache;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = Tokenizer.load(ReferenceFixtures.file("vq.safetensors"));
        full = CodePreview.compute(tokenizer, progress::add);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void fullSizePatchesAreTheDecodedSingleCodeImages() {
        assertEquals(tokenizer.downsampleFactor(), full.patchSize());
        assertEquals(tokenizer.codebookSize(), full.knownCount());
        assertEquals(tokenizer.codebookSize(), (int) progress.get(progress.size() - 1));
        for (int code : new int[] {0, 1, tokenizer.codebookSize() / 2, tokenizer.codebookSize() - 1}) {
            int[] decoded = tokenizer.decodeArgb(new TokenGrid(new int[] {code}, 1, 1));
            assertWithinOneLevel(decoded, full.patch(code), "code " + code);
        }
    }

    @Test
    void ensureDecodesOnlyNewCodes() {
        CodePreview lazy = CodePreview.of(tokenizer);
        assertEquals(0, lazy.knownCount());
        assertEquals(2, lazy.ensure(new int[] {5, 5, -1, 9}));
        assertEquals(0, lazy.ensure(new int[] {9, 5}));
        assertTrue(lazy.isKnown(5) && lazy.isKnown(9) && !lazy.isKnown(6));
        assertWithinOneLevel(full.patch(9), lazy.patch(9), "code 9");
        assertArrayEquals(new int[full.patchSize() * full.patchSize()], lazy.patch(6), "unknown is transparent");
        assertThrows(IllegalArgumentException.class, () -> lazy.ensure(new int[] {tokenizer.codebookSize()}));
    }

    @Test
    void onePixelPatchesAreMeanColours() {
        CodePreview mean = full.withPatchSize(1);
        int f = tokenizer.downsampleFactor();
        int code = tokenizer.codebookSize() - 1;
        int[] patch = full.patch(code);
        for (int shift = 0; shift < 24; shift += 8) {
            double sum = 0;
            for (int pixel : patch) {
                sum += (pixel >>> shift) & 0xff;
            }
            int channel = (mean.patch(code)[0] >>> shift) & 0xff;
            assertEquals(Math.round(sum / (f * f)), channel, "channel at bit " + shift);
        }
        CodePreview partial = CodePreview.of(tokenizer);
        partial.ensure(new int[] {1});
        CodePreview derived = partial.withPatchSize(1);
        assertThrows(IllegalStateException.class, () -> derived.ensure(new int[] {2}));
    }

    @Test
    void rendersCodesInRasterOrderAndLeavesUnknownCellsTransparent() {
        int p = 2;
        CodePreview preview = full.withPatchSize(p);
        int[] codes = {3, -1, 7, 0, 5, -1};
        int[] image = preview.render(codes, 2, 3); // 2 rows of 3 tokens
        int rowPixels = 3 * p;
        for (int cell = 0; cell < codes.length; cell++) {
            int row = cell / 3;
            int column = cell % 3;
            int[] expected = codes[cell] < 0 ? new int[p * p] : preview.patch(codes[cell]);
            for (int y = 0; y < p; y++) {
                for (int x = 0; x < p; x++) {
                    assertEquals(expected[y * p + x], image[(row * p + y) * rowPixels + column * p + x],
                            "cell " + cell + " pixel " + x + "," + y);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> preview.render(new int[] {tokenizer.codebookSize()}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> full.withPatchSize(3));
    }

    @Test
    void cacheKeepsWhatWasDecodedAndIgnoresDamagedFiles() throws Exception {
        CodePreview first = CodePreview.cached(tokenizer, cache);
        assertEquals(0, first.knownCount());
        first.ensure(new int[] {1, 2, 3});
        first.save();
        Path file;
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one cache file: " + all);
            file = all.get(0);
        }

        CodePreview reread = CodePreview.cached(tokenizer, cache);
        assertEquals(3, reread.knownCount());
        assertArrayEquals(first.patch(2), reread.patch(2));
        assertFalse(reread.isKnown(4));

        // flip the stored red byte of code 3's first pixel: a reload shows it, so it came from the file
        byte[] bytes = Files.readAllBytes(file);
        int area = tokenizer.downsampleFactor() * tokenizer.downsampleFactor();
        int offset = bytes.length - 3 * area * tokenizer.codebookSize() + 3 * area * 3;
        bytes[offset] ^= 0x01;
        Files.write(file, bytes);
        assertEquals(first.patch(3)[0] ^ 0x010000, CodePreview.cached(tokenizer, cache).patch(3)[0]);

        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(0, CodePreview.cached(tokenizer, cache).knownCount(), "a truncated file counts as absent");
    }

    private static void assertWithinOneLevel(int[] expected, int[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift < 32; shift += 8) {
                int a = (expected[i] >>> shift) & 0xff;
                int b = (actual[i] >>> shift) & 0xff;
                assertTrue(Math.abs(a - b) <= 1, what + " pixel " + i);
            }
        }
    }

    @Test
    void aPipeOrDeviceInTheTablesPlaceCountsAsAbsentAndIsNotWaitedOn() throws Exception {
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO, Mutations.Special.FOLDER,
            Mutations.Special.LINK_TO_DEV_ZERO, Mutations.Special.SPARSE_3_GB}) {
            Path file = Mutations.special(cache.resolve("table-" + special + ".bin"), special);
            assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertNull(CodePreview.read(file, new byte[32], 16, 2, new int[16 * 2 * 2])), special.toString());
        }
    }
}
