package com.arpgstudio.inference.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.testing.RandomWeights;
import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.checkpoint.StoredTensor;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tokenizer on configurations and image shapes beyond the fixture's, with random weights. */
class TokenizerTest {

    /** Two levels (factor 2), one ResNet block per level, a codebook of 16 x 4. */
    static final VqConfig SMALL = new VqConfig(32, List.of(1, 2), 16, 16, 4, true, 1, 32);

    static Tokenizer randomTokenizer(VqConfig config) throws Exception {
        StateDict dict = RandomWeights.stateDict(VqWeights.expectedShapes(config), 5, "random");
        return Tokenizer.load(dict, config, Device.cpu(), DataType.FLOAT32);
    }

    @Test
    void configIsRecoveredFromTheWeightsOfOtherLayouts() throws Exception {
        for (VqConfig config : List.of(SMALL, new VqConfig(32, List.of(2, 1, 4), 8, 32, 6, true, 3, 32),
                VqConfig.vq16())) {
            StateDict dict = RandomWeights.stateDict(VqWeights.expectedShapes(config), 1, "random");
            assertEquals(config, VqConfig.fromWeights(dict));
        }
        assertEquals(SMALL, VqConfig.fromJson(SMALL.toJson()));
    }

    @Test
    void encodesAndDecodesNonSquareImagesInBatches() throws Exception {
        try (Tokenizer tokenizer = randomTokenizer(SMALL)) {
            int f = tokenizer.downsampleFactor();
            int width = 5 * f;
            int height = 3 * f;
            Random random = new Random(11);
            int[] first = random.ints(width * height).toArray();
            int[] second = random.ints(width * height).toArray();

            List<TokenGrid> batch = tokenizer.encodeAll(List.of(first, second), width, height);
            assertEquals(3, batch.get(0).height());
            assertEquals(5, batch.get(0).width());
            assertEquals(tokenizer.encode(first, width, height), batch.get(0));
            assertEquals(tokenizer.encode(second, width, height), batch.get(1));
            for (int code : batch.get(1).codes()) {
                assertTrue(code >= 0 && code < SMALL.codebookSize(), "code " + code);
            }

            List<int[]> decoded = tokenizer.decodeArgbAll(batch);
            assertEquals(width * height, decoded.get(0).length);
            assertWithinOneLevel(tokenizer.decodeArgb(batch.get(0)), decoded.get(0));
            assertWithinOneLevel(tokenizer.decodeArgb(batch.get(1)), decoded.get(1));
            assertEquals(width, tokenizer.decodeImage(batch.get(0)).getWidth());
        }
    }

    @Test
    void callsKeepNoArraysBehind() throws Exception {
        try (Tokenizer tokenizer = randomTokenizer(SMALL);
                NDManager caller = DjlRuntime.newManager(Device.cpu())) {
            NDManager weightsManager = tokenizer.weights().codebook().getManager();
            NDArray images = caller.randomUniform(-1, 1, new Shape(2, 3, 6, 4));
            tokenizer.decode(tokenizer.encode(images)); // warm: grows the shared norm buffers once
            int held = weightsManager.getManagedArrays().size();
            int callerHeld = caller.getManagedArrays().size();

            NDArray codes = tokenizer.encode(images);
            NDArray decoded = tokenizer.decode(codes);
            tokenizer.decodeArgb(new TokenGrid(new int[] {1, 2, 3, 4, 5, 6}, 2, 3));

            assertEquals(held, weightsManager.getManagedArrays().size(), "arrays held by the tokenizer");
            assertEquals(callerHeld + 2, caller.getManagedArrays().size(), "arrays handed to the caller");
            assertArrayEquals(new long[] {2, 3, 6, 4}, decoded.getShape().getShape());
            assertEquals(DataType.INT64, codes.getDataType());
        }
    }

    @Test
    void refusesBadInputsWithTheReason() throws Exception {
        try (Tokenizer tokenizer = randomTokenizer(SMALL);
                NDManager caller = DjlRuntime.newManager(Device.cpu())) {
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.encode(new int[3 * 4], 3, 4));
            assertTrue(size.getMessage().contains("multiples of 2"), size.getMessage());
            IllegalArgumentException code = assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.decodeArgb(new TokenGrid(new int[] {0, 16}, 1, 2)));
            assertTrue(code.getMessage().contains("[0, 16)"), code.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> tokenizer.encode(caller.zeros(new Shape(1, 4, 2, 2))));
            assertTrue(shape.getMessage().contains("(B, 3, H, W)"), shape.getMessage());
        }
    }

    @Test
    void weightsWithMissingWrongOrExtraKeysAreRefused() throws Exception {
        Map<String, long[]> shapes = VqWeights.expectedShapes(SMALL);
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            Map<String, long[]> missing = new LinkedHashMap<>(shapes);
            missing.remove("decoder.conv_out.bias");
            CheckpointException e1 = assertThrows(CheckpointException.class, () -> VqWeights.load(
                    RandomWeights.stateDict(missing, 1, "missing"), SMALL, manager, DataType.FLOAT32));
            assertTrue(e1.getMessage().contains("'decoder.conv_out.bias'"), e1.getMessage());

            Map<String, long[]> wrong = new LinkedHashMap<>(shapes);
            wrong.put("quant_conv.weight", new long[] {4, 16, 3, 3});
            CheckpointException e2 = assertThrows(CheckpointException.class, () -> VqWeights.load(
                    RandomWeights.stateDict(wrong, 1, "wrong"), SMALL, manager, DataType.FLOAT32));
            assertTrue(e2.getMessage().contains("expected shape [4, 16, 1, 1], found [4, 16, 3, 3]"), e2.getMessage());

            Map<String, long[]> extra = new LinkedHashMap<>(shapes);
            extra.put("encoder.conv_blocks.9.res.0.conv1.weight", new long[] {1});
            CheckpointException e3 = assertThrows(CheckpointException.class, () -> VqWeights.load(
                    RandomWeights.stateDict(extra, 1, "extra"), SMALL, manager, DataType.FLOAT32));
            assertTrue(e3.getMessage().contains("encoder.conv_blocks.9.res.0.conv1.weight"), e3.getMessage());
        }
    }

    @Test
    void trainingBuffersInTheCheckpointAreIgnored() throws Exception {
        Map<String, long[]> shapes = new LinkedHashMap<>(VqWeights.expectedShapes(SMALL));
        shapes.put("quantize.codebook_used", new long[] {65536});
        StateDict dict = RandomWeights.stateDict(shapes, 1, "with buffers");
        try (Tokenizer tokenizer = Tokenizer.load(dict, VqConfig.fromWeights(dict), Device.cpu(), DataType.FLOAT32)) {
            StoredTensor codebook = dict.get("quantize.embedding.weight");
            assertArrayEquals(codebook.shape(), tokenizer.weights().codebook().getShape().getShape());
        }
    }

    private static void assertWithinOneLevel(int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift < 32; shift += 8) {
                int a = (expected[i] >>> shift) & 0xff;
                int b = (actual[i] >>> shift) & 0xff;
                assertTrue(Math.abs(a - b) <= 1, "pixel " + i + ": " + Integer.toHexString(expected[i]) + " vs "
                        + Integer.toHexString(actual[i]));
            }
        }
    }
}
