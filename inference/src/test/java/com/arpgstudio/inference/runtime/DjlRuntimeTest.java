package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
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

    @Test
    void libtorchIsUnpackedIntoTheAppsDataFolderUnlessTheUserChoseDjlsCache() {
        AppDirectories dirs = AppDirectories.under(Path.of("/portable"));
        assertEquals(Path.of("/portable/data/djl").toString(),
                DjlRuntime.cacheDirToSet(Map.of(), new Properties(), dirs), "not ~/.djl.ai");
        Properties chosen = new Properties();
        chosen.setProperty("DJL_CACHE_DIR", "/cache");
        assertNull(DjlRuntime.cacheDirToSet(Map.of(), chosen, dirs));
        assertNull(DjlRuntime.cacheDirToSet(Map.of("ENGINE_CACHE_DIR", "/engines"), new Properties(), dirs));
        assertEquals(Path.of("/portable/data/djl").toString(),
                DjlRuntime.cacheDirToSet(Map.of("DJL_CACHE_DIR", " "), new Properties(), dirs), "blank is unset");
    }
}
