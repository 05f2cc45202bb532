package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DjlRuntimeTest {

    @Test
    void multipliesTwoMatricesOfflineOnCpu() {
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            assertEquals("true", System.getProperty("ai.djl.offline"));
            NDArray a = manager.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = manager.create(new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
            NDArray product = a.matMul(b); // (2, 2)
            assertEquals(new Shape(2, 2), product.getShape());
            assertArrayEquals(new float[] {58, 64, 139, 154}, product.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void theCudaAllocatorGrowsSegmentsUnlessTheUserConfiguredIt() {
        DjlRuntime.engine();
        String expected = System.getenv(DjlRuntime.CUDA_ALLOCATOR_CONFIG) != null
                ? System.getenv(DjlRuntime.CUDA_ALLOCATOR_CONFIG) : DjlRuntime.EXPANDABLE_SEGMENTS;
        assertEquals(expected, com.sun.jna.Native.load("c", DjlRuntime.CEnvironment.class)
                .getenv(DjlRuntime.CUDA_ALLOCATOR_CONFIG));
    }
}
