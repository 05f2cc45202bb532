package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceReportTest {

    private static final Optional<String> NO_DRIVER = Optional.empty();

    @Test
    void aUsableGpuIsSaidWithItsDriver() {
        DeviceReport report = DeviceReport.of(DeviceChoice.AUTO, new Devices.Probe(1, 1, "cu124"), Optional.of("580.65.06"));

        assertTrue(report.gpu());
        assertEquals("The GPU runs generation: libtorch uses CUDA GPU 0 (NVIDIA driver 580.65.06).", report.summary());
        assertEquals("", report.advice());
    }

    @Test
    void theCpuBuildWithADriverAsksForCudaLibtorch() {
        DeviceReport report = DeviceReport.of(DeviceChoice.AUTO, new Devices.Probe(0, 0, "cpu"), Optional.of("550.54.14"));

        assertFalse(report.gpu());
        assertTrue(report.summary().contains("an NVIDIA GPU is present (NVIDIA driver 550.54.14)"), report.summary());
        assertTrue(report.advice().contains("CUDA package") && !report.advice().contains("install the NVIDIA driver"),
                report.advice());
    }

    @Test
    void noDriverAsksForTheDriver() {
        DeviceReport cpuBuild = DeviceReport.of(DeviceChoice.AUTO, new Devices.Probe(0, 0, "cpu"), NO_DRIVER);
        DeviceReport cudaBuild = DeviceReport.of(DeviceChoice.AUTO, new Devices.Probe(0, 0, "cu124"), NO_DRIVER);

        assertTrue(cpuBuild.summary().contains("no NVIDIA driver was found"), cpuBuild.summary());
        assertTrue(cpuBuild.advice().contains("NVIDIA driver, version 550") && cpuBuild.advice().contains("CUDA package"),
                cpuBuild.advice());
        assertTrue(cudaBuild.summary().contains("CUDA build of libtorch is installed, but no NVIDIA driver"));
        assertFalse(cudaBuild.advice().contains("CUDA package"), cudaBuild.advice());
    }

    @Test
    void aDriverTooOldForCuda124IsNamed() {
        DeviceReport report = DeviceReport.of(DeviceChoice.AUTO, new Devices.Probe(0, 1, "cu124"), Optional.of("470.223.02"));

        assertTrue(report.summary().contains("470.223.02 is too old for CUDA 12.4 (it needs 525.60.13"), report.summary());
        assertTrue(DeviceReport.olderThan("525.60.12", "525.60.13"));
        assertFalse(DeviceReport.olderThan("525.60.13", "525.60.13"));
        assertFalse(DeviceReport.olderThan("580", "525.60.13"));
    }

    @Test
    void anExplicitChoiceIsReportedAsSuch() {
        assertTrue(DeviceReport.of(DeviceChoice.CPU, new Devices.Probe(1, 1, "cu124"), NO_DRIVER).summary()
                .contains("as chosen in the settings; the GPU is usable too"));
        assertTrue(DeviceReport.of(DeviceChoice.GPU, new Devices.Probe(0, 0, "cpu"), NO_DRIVER).summary()
                .startsWith("The GPU was chosen in the settings but cannot be used"));
    }

    @Test
    void theDriverVersionIsReadFromTheProcText() {
        assertEquals(Optional.of("580.65.06"), DeviceReport.driverVersion("NVRM version: NVIDIA UNIX Open Kernel "
                + "Module for x86_64  580.65.06  Release Build  (dvs-builder@U16-I3-B03-4-3)  Tue Jul 22 2025\n"
                + "GCC version:  gcc version 13.3.0"));
        assertEquals(Optional.of("550.54.14"), DeviceReport.driverVersion(
                "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024"));
        assertEquals(Optional.empty(), DeviceReport.driverVersion("garbage"));
    }
}
