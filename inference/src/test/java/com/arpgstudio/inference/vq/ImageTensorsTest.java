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
import com.arpgstudio.inference.arpg.ReferenceFixture;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {

    @Test
    void everyChannelValueSurvivesTheRoundTrip() {
        for (int p = 0; p < 256; p++) {
            float x = ImageTensors.toModel(p);
            assertTrue(x >= -1f && x <= 1f, "value " + x + " for " + p);
            assertEquals(p, ImageTensors.toChannel(x), "channel " + p + " via " + x);
        }
    }

    @Test
    void decodedValuesClampAndTruncateLikeTheOfficialSampler() {
        // uint8(clamp(127.5 * x + 128, 0, 255))
        assertEquals(0, ImageTensors.toChannel(-1f)); // 0.5 truncates to 0
        assertEquals(255, ImageTensors.toChannel(1f)); // 255.5 clamps to 255
        assertEquals(128, ImageTensors.toChannel(0f));
        assertEquals(127, ImageTensors.toChannel(-0.001f)); // 127.87 truncates
        assertEquals(0, ImageTensors.toChannel(-7f));
        assertEquals(255, ImageTensors.toChannel(7f));
    }

    @Test
    void argbRoundTripsThroughChwKeepingAlphaWhenAsked() {
        int width = 5;
        int height = 3;
        int[] argb = new Random(7).ints(width * height).toArray();
        float[] chw = ImageTensors.toChw(argb, width, height);
        assertEquals(3 * width * height, chw.length);

        assertArrayEquals(argb, ImageTensors.toArgb(chw, 0, width, height, argb));
        int[] opaque = ImageTensors.toArgb(chw, width, height);
        for (int i = 0; i < argb.length; i++) {
            assertEquals(0xff000000 | argb[i], opaque[i], "pixel " + i);
        }
    }

    @Test
    void tensorIsBatchChannelRowColumnInRgbOrder() {
        int width = 4;
        int height = 2;
        int[] argb = new int[width * height];
        argb[1 * width + 3] = 0x80ff0000; // row 1, column 3: red, half transparent
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            NDArray tensor = ImageTensors.toTensor(manager, argb, width, height);
            assertArrayEquals(new long[] {1, 3, height, width}, tensor.getShape().getShape());
            assertEquals(1f, tensor.getFloat(0, 0, 1, 3));
            assertEquals(-1f, tensor.getFloat(0, 1, 1, 3));
            assertEquals(-1f, tensor.getFloat(0, 2, 1, 3));
            assertEquals(-1f, tensor.getFloat(0, 0, 0, 0));
            int[] back = ImageTensors.toArgb(tensor);
            assertEquals(0xffff0000, back[1 * width + 3]);
        }
    }

    @Test
    void bufferedImageRoundTrip() {
        int[] argb = new Random(3).ints(6 * 4).toArray();
        BufferedImage image = ImageTensors.toImage(argb, 6, 4);
        assertEquals(6, image.getWidth());
        assertEquals(4, image.getHeight());
        assertArrayEquals(argb, ImageTensors.argb(image));
    }

    @Test
    void badSizesAreRefusedWithTheReason() {
        IllegalArgumentException notDivisible = assertThrows(IllegalArgumentException.class,
                () -> ImageTensors.requireDivisible(40, 32, 16));
        assertTrue(notDivisible.getMessage().contains("multiples of 16, found 40x32"), notDivisible.getMessage());
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class,
                () -> ImageTensors.toChw(new int[5], 2, 2));
        assertTrue(wrongCount.getMessage().contains("expected 4 pixels"), wrongCount.getMessage());
    }

    @Test
    void pixelsPackedWhereTheImagesAreMatchTheHostConversionValueForValue() {
        // every float the decoder can hand over near each channel's edges, the clamps and NaN
        Random random = new Random(3);
        int width = 64;
        int height = 48;
        int batch = 2;
        float[] chw = new float[batch * 3 * width * height];
        for (int i = 0; i < chw.length; i++) {
            int kind = i % 4;
            float edge = (random.nextInt(258) - 129) / 127.5f;          // 127.5 x + 128 near an integer
            chw[i] = switch (kind) {
                case 0 -> (float) (random.nextGaussian() * 0.8);
                case 1 -> Math.nextAfter(edge, random.nextBoolean() ? 2f : -2f);
                case 2 -> edge;
                default -> new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 3f,
                        -3f}[random.nextInt(6)];
            };
        }
        try (NDManager manager = DjlRuntime.newManager(ReferenceFixture.device())) {
            NDArray images = manager.create(chw, new Shape(batch, 3, height, width));
            int[] packed = ImageTensors.toArgbPixels(images).toIntArray();
            int plane = 3 * width * height;
            for (int b = 0; b < batch; b++) {
                int[] expected = ImageTensors.toArgb(chw, b * plane, width, height, null);
                assertArrayEquals(expected, Arrays.copyOfRange(packed, b * width * height,
                        (b + 1) * width * height), "image " + b);
            }
            // float16 decoder output, as on a GPU
            int[] fromHalf = ImageTensors.toArgbPixels(images.toType(DataType.FLOAT16, false))
                    .toIntArray();
            float[] halves = images.toType(DataType.FLOAT16, false)
                    .toType(DataType.FLOAT32, false).toFloatArray();
            assertArrayEquals(ImageTensors.toArgb(halves, 0, width, height, null),
                    Arrays.copyOf(fromHalf, width * height));
        }
    }

    @Test
    void pixelsUnpackedWhereTheModelRunsMatchTheHostConversionValueForValue() {
        int width = 32;
        int height = 16;
        Random random = new Random(5);
        int[] first = random.ints(width * height).toArray();
        int[] second = new int[width * height];
        for (int i = 0; i < second.length; i++) {
            int c = i % 256;                                             // every channel value, in every channel
            second[i] = (random.nextInt(256) << 24) | c << 16 | (255 - c) << 8 | (c * 7 % 256);
        }
        try (NDManager manager = DjlRuntime.newManager(ReferenceFixture.device())) {
            NDArray tensor = ImageTensors.fromArgbPixels(manager, List.of(first, second), width, height);
            assertEquals(new Shape(2, 3, height, width), tensor.getShape());
            float[] values = tensor.toFloatArray();
            float[] expected = new float[values.length];
            System.arraycopy(ImageTensors.toChw(first, width, height), 0, expected, 0, 3 * width * height);
            System.arraycopy(ImageTensors.toChw(second, width, height), 0, expected, 3 * width * height,
                    3 * width * height);
            assertArrayEquals(expected, values);
            assertThrows(IllegalArgumentException.class,
                    () -> ImageTensors.fromArgbPixels(manager, List.of(new int[3]), width, height));
        }
    }
}
