package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

class DevicesTest {

    private static final Devices.Probe CPU_ONLY = new Devices.Probe(0, 0, "cpu");
    private static final Devices.Probe GPU_BUT_CPU_LIBTORCH = new Devices.Probe(0, 1, "cpu");
    private static final Devices.Probe CUDA = new Devices.Probe(2, 2, "cu124");

    @Test
    void onThisMachinesCpuBuildAutomaticMeansCpuAndAGpuRequestFailsClearly() throws Exception {
        Devices.Probe probe = Devices.probe();
        assumeTrue(probe.libtorchGpus() == 0, "libtorch here sees a GPU; the synthetic cases below still run");

        assertEquals(Device.cpu(), Devices.select(DeviceChoice.AUTO, probe).device());
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Devices.select(DeviceChoice.GPU, probe));
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        assertTrue(e.getMessage().contains(probe.libtorchFlavor()), e.getMessage());
    }

    @Test
    void automaticPrefersAUsableGpu() throws Exception {
        Devices.Selection selection = Devices.select(DeviceChoice.AUTO, CUDA);
        assertTrue(selection.isGpu());
        assertEquals(Device.gpu(0), selection.device());
        assertTrue(selection.displayName().startsWith("GPU 0"), selection.displayName());
    }

    @Test
    void automaticFallsBackToCpuAndSaysWhyWhenTheGpuIsUnusable() throws Exception {
        assertEquals("", Devices.select(DeviceChoice.AUTO, CPU_ONLY).note());

        Devices.Selection selection = Devices.select(DeviceChoice.AUTO, GPU_BUT_CPU_LIBTORCH);
        assertFalse(selection.isGpu());
        assertTrue(selection.note().contains("cpu build"), selection.note());
    }

    @Test
    void anExplicitGpuRequestNeverFallsBackToCpu() {
        for (Devices.Probe probe : new Devices.Probe[] {CPU_ONLY, GPU_BUT_CPU_LIBTORCH}) {
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                    () -> Devices.select(DeviceChoice.GPU, probe));
            assertTrue(e.getMessage().contains("cuda Maven profile"), e.getMessage());
            assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
        }
        assertTrue(assertThrows(DeviceUnavailableException.class,
                () -> Devices.select(DeviceChoice.GPU, GPU_BUT_CPU_LIBTORCH)).getMessage().contains("1 CUDA GPU"));
    }

    @Test
    void cpuIsUsedWhenAskedEvenWithAGpu() throws Exception {
        assertEquals(Device.cpu(), Devices.select(DeviceChoice.CPU, CUDA).device());
    }

    @Test
    void theCliFlagParses() {
        assertEquals(DeviceChoice.GPU, DeviceChoice.parse("GPU"));
        assertEquals(DeviceChoice.CPU, DeviceChoice.parse(" cpu"));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
    }

    @Test
    void aCudaOutOfMemoryErrorBecomesItsOwnException() {
        EngineException oom = new EngineException(
                "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.10 GiB total capacity)");
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class,
                () -> Devices.mapOutOfMemory(8, () -> { throw oom; }));
        assertEquals(8, e.variants());
        assertSame(oom, e.getCause());
        assertTrue(e.getMessage().contains("fewer variants"), e.getMessage());

        EngineException other = new EngineException("shape mismatch");
        assertSame(other, assertThrows(EngineException.class, () -> Devices.mapOutOfMemory(1, () -> { throw other; })));
        assertEquals(42, Devices.mapOutOfMemory(1, () -> 42));
    }
}
