package com.arpgstudio.inference.vq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.awt.image.BufferedImage;
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
}
