package com.arpgstudio.inference.runtime;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Chooses the device generation runs on. Automatic means the first CUDA GPU when libtorch can use
 * one, else the CPU. An explicit GPU request never falls back to the CPU: it fails with a message
 * saying how to get CUDA libtorch (the {@code cuda} Maven profile for offline installs, or DJL's
 * download of the matching build when online).
 */
public final class Devices {

    /** What a selection found on this machine. */
    public record Probe(int libtorchGpus, int driverGpus, String libtorchFlavor) {}

    /**
     * The chosen device, with a name for the status bar and, for an automatic choice that passed a
     * GPU over, the reason.
     */
    public record Selection(Device device, String displayName, String note) {
        public boolean isGpu() {
            return device.isGpu();
        }
    }

    private Devices() {}

    /** Selects on this machine (starts DJL's engine). */
    public static Selection select(DeviceChoice choice) throws DeviceUnavailableException {
        return select(choice, probe());
    }

    /** The decision alone, from what was probed; tests drive it with made-up machines. */
    public static Selection select(DeviceChoice choice, Probe probe) throws DeviceUnavailableException {
        boolean gpuUsable = probe.libtorchGpus() > 0;
        if (choice == DeviceChoice.CPU || (choice == DeviceChoice.AUTO && !gpuUsable)) {
            String note = choice == DeviceChoice.AUTO && probe.driverGpus() > 0
                    ? "a CUDA GPU is present but the libtorch in use is the " + probe.libtorchFlavor()
                            + " build, so the CPU is used; " + howToGetCuda()
                    : "";
            return new Selection(Device.cpu(), "CPU", note);
        }
        if (!gpuUsable) {
            String found = probe.driverGpus() > 0
                    ? "the machine has " + probe.driverGpus() + " CUDA GPU(s), but the libtorch in use is the "
                            + probe.libtorchFlavor() + " build"
                    : "libtorch (" + probe.libtorchFlavor() + " build) sees no CUDA GPU and the NVIDIA driver reports none";
            throw new DeviceUnavailableException("the GPU was requested, but " + found + ". " + howToGetCuda()
                    + " Or choose the CPU (--device cpu, or Device: CPU in the settings).");
        }
        Device gpu = Device.gpu(0);
        return new Selection(gpu, "GPU 0 (CUDA" + gpuMemory(gpu) + ")", "");
    }

    /** What libtorch and the NVIDIA driver see; starts DJL's engine. */
    public static Probe probe() {
        int libtorch = DjlRuntime.engine().getGpuCount();
        int driver;
        try {
            driver = CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            driver = 0; // no CUDA runtime library on this machine
        }
        return new Probe(libtorch, driver, libtorchFlavor());
    }

    /**
     * The libtorch build DJL uses: {@code PYTORCH_FLAVOR} when set (with {@code PYTORCH_LIBRARY_PATH}),
     * else the flavor the pytorch-native jar on the classpath declares (cpu, cu124, ...).
     */
    public static String libtorchFlavor() {
        String flavor = System.getenv("PYTORCH_FLAVOR");
        if (flavor == null) {
            flavor = System.getProperty("PYTORCH_FLAVOR");
        }
        if (flavor != null && !flavor.isBlank()) {
            return flavor.trim().toLowerCase(Locale.ROOT);
        }
        try (InputStream in = Devices.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("flavor", "unknown");
            }
        } catch (IOException e) {
            // fall through: the flavor is only named in messages
        }
        return "unknown";
    }

    /**
     * Runs generation work, turning libtorch's out-of-memory error (CUDA or CPU allocator) into
     * {@link DeviceOutOfMemoryException}; other errors pass unchanged.
     */
    public static <T> T mapOutOfMemory(int variants, Supplier<T> work) {
        try {
            return work.get();
        } catch (EngineException e) {
            if (isOutOfMemory(e)) {
                throw DeviceOutOfMemoryException.duringRun(variants, e);
            }
            throw e;
        }
    }

    /**
     * Whether the error is libtorch's failure to allocate, anywhere in its chain: CUDA's
     * "CUDA out of memory" (c10::OutOfMemoryError's text) or cuBLAS's workspace failure, or the CPU
     * allocator's "DefaultCPUAllocator: not enough memory" ("can't allocate memory" in older builds).
     */
    public static boolean isOutOfMemory(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DeviceOutOfMemoryException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("CUDA out of memory")
                    || message.contains("CUBLAS_STATUS_ALLOC_FAILED") || message.contains("DefaultCPUAllocator"))) {
                return true;
            }
        }
        return false;
    }

    static String howToGetCuda() {
        return "To run on the GPU, use a build with CUDA libtorch: build with the cuda Maven profile "
                + "(mvn -Pcuda package, offline; puts pytorch-native-cu124 2.5.1 on the classpath), "
                + "or set PYTORCH_LIBRARY_PATH to a CUDA 12.4 libtorch 2.5.1 with PYTORCH_FLAVOR=cu124 "
                + "(see docs/gpu.md).";
    }

    private static String gpuMemory(Device gpu) {
        try {
            long bytes = CudaUtils.getGpuMemory(gpu).getMax();
            return bytes > 0 ? String.format(Locale.ROOT, ", %.0f GiB", bytes / (double) (1L << 30)) : "";
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }
}
