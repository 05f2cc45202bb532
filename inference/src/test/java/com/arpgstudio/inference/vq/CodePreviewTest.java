package com.arpgstudio.inference.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodePreviewTest {

    private static Tokenizer tokenizer;
    private static CodePreview full;
    private static List<Integer> progress = new ArrayList<>();

    @TempDir
    Path cache;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = Tokenizer.load(VqReferenceTest.FIXTURES.resolve("vq.safetensors"));
        full = CodePreview.compute(tokenizer, progress::add);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void fullSizePatchesAreTheDecodedSingleCodeImages() {
        CodePreview preview = full;
        assertEquals(tokenizer.downsampleFactor(), preview.patchSize());
        assertEquals(tokenizer.codebookSize(), preview.codebookSize());
        assertEquals(tokenizer.codebookSize(), (int) progress.get(progress.size() - 1));
        for (int code : new int[] {0, 1, tokenizer.codebookSize() / 2, tokenizer.codebookSize() - 1}) {
            int[] decoded = tokenizer.decodeArgb(new TokenGrid(new int[] {code}, 1, 1));
            assertWithinOneLevel(decoded, preview.patch(code), "code " + code);
        }
    }

    @Test
    void onePixelPatchesAreMeanColours() {
        CodePreview mean = full.withPatchSize(1);
        int f = tokenizer.downsampleFactor();
        int code = tokenizer.codebookSize() - 1;
        int[] decoded = tokenizer.decodeArgb(new TokenGrid(new int[] {code}, 1, 1));
        for (int shift = 0; shift < 24; shift += 8) {
            double sum = 0;
            for (int pixel : decoded) {
                sum += (pixel >>> shift) & 0xff;
            }
            int channel = (mean.patch(code)[0] >>> shift) & 0xff;
            assertTrue(Math.abs(sum / (f * f) - channel) <= 1.5, // decodes agree within one level "channel at bit " + shift + ": mean "
                    + sum / (f * f) + " vs " + channel);
        }
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
    void cacheIsReusedAndRebuiltWhenDamaged() throws Exception {
        CodePreview first = CodePreview.cached(tokenizer, cache, null);
        Path file;
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one cache file: " + all);
            file = all.get(0);
        }
        // flip the stored red byte of the last code: a reload must show it, proving it read the file
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(file, bytes);
        int last = tokenizer.codebookSize() - 1;
        CodePreview reread = CodePreview.cached(tokenizer, cache, code -> {
            throw new AssertionError("recomputed although a valid cache exists");
        });
        int lastPixel = tokenizer.downsampleFactor() * tokenizer.downsampleFactor() - 1;
        assertEquals(first.patch(last)[lastPixel] ^ 0x010000, reread.patch(last)[lastPixel]);

        // a truncated file is rebuilt and rewritten
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CodePreview rebuilt = CodePreview.cached(tokenizer, cache, null);
        assertArrayEquals(first.patch(last), rebuilt.patch(last));
        assertEquals(bytes.length, Files.size(file));
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
}
