package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Random weights are the same in every call (and so every process), whatever was drawn between. */
class ArpgWeightsTest {

    @Test
    void randomWeightsAreSeeded() throws Exception {
        ArpgConfig config = ArpgConfig.standard(64, 2, 4);
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            ArpgWeights first = ArpgWeights.random(config, manager, DataType.FLOAT32);
            manager.randomNormal(0f, 1f, new Shape(1000), DataType.FLOAT32); // moves the generator
            ArpgWeights second = ArpgWeights.random(config, manager, DataType.FLOAT32);
            float[] embeddings = first.embeddings().toFloatArray();
            assertArrayEquals(embeddings, second.embeddings().toFloatArray());
            assertArrayEquals(first.selfLayers().get(0).w2().toFloatArray(), second.selfLayers().get(0).w2().toFloatArray());
            assertArrayEquals(first.head().toFloatArray(), second.head().toFloatArray());
            assertFalse(Arrays.equals(embeddings, new float[embeddings.length]), "not all zeros");
        }
    }
}
