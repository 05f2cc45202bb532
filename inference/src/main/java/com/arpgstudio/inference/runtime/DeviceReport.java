package com.arpgstudio.inference.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which device generation will run on, in words for a first start: the GPU, or the CPU and why
 * (the CPU build of libtorch, no NVIDIA driver, a driver too old for CUDA 12.4), with what to do.
 *
 * @param gpu     whether the GPU will run generation
 * @param summary one or two sentences: the device and the reason
 * @param advice  what to do to run on the GPU, or "" when nothing is needed
 */
public record DeviceReport(boolean gpu, String summary, String advice) {

    /** CUDA 12.x runs on drivers from 525.60.13 on (minor version compatibility). */
    static final String MINIMUM_DRIVER = "525.60.13";
    /** CUDA 12.4's own driver; the version the GPU instructions name. */
    public static final String RECOMMENDED_DRIVER = "550";
    private static final Path NVIDIA_PROC_VERSION = Path.of("/proc/driver/nvidia/version");
    private static final Pattern KERNEL_MODULE = Pattern.compile("Kernel Module\\s+(?:for \\S+\\s+)?([0-9]+(?:\\.[0-9]+)*)");

    private static final String GET_CUDA = "install the CUDA package of ARPG Studio (or start it with "
            + "PYTORCH_LIBRARY_PATH set to a CUDA 12.4 build of libtorch 2.5.1 and PYTORCH_FLAVOR=cu124)";
    private static final String GET_DRIVER = "install the NVIDIA driver, version " + RECOMMENDED_DRIVER
            + " or newer (Debian: the nvidia-driver package; Ubuntu: sudo ubuntu-drivers install)";

    /** This machine, for the device chosen in the settings; starts libtorch (call it off the UI thread). */
    public static DeviceReport of(DeviceChoice choice) {
        return of(choice, Devices.probe(), loadedDriverVersion());
    }

    /** The decision alone, from what was found; tests drive it with made-up machines. */
    public static DeviceReport of(DeviceChoice choice, Devices.Probe probe, Optional<String> driverVersion) {
        String driver = driverVersion.map(v -> " (NVIDIA driver " + v + ")").orElse("");
        boolean cudaBuild = probe.libtorchFlavor().startsWith("cu");
        if (choice == DeviceChoice.CPU) {
            return new DeviceReport(false, "The CPU runs generation, as chosen in the settings"
                    + (probe.libtorchGpus() > 0 ? "; the GPU" + driver + " is usable too." : "."), "");
        }
        if (probe.libtorchGpus() > 0) {
            return new DeviceReport(true, "The GPU runs generation: libtorch uses CUDA GPU 0" + driver + ".", "");
        }
        String device = choice == DeviceChoice.GPU ? "The GPU was chosen in the settings but cannot be used: "
                : "The CPU runs generation: ";
        boolean driverFound = driverVersion.isPresent() || probe.driverGpus() > 0;
        if (!cudaBuild) {
            return new DeviceReport(false, device + (driverFound ? "an NVIDIA GPU is present" + driver + ", but this "
                    + "ARPG Studio carries the CPU build of libtorch." : "this ARPG Studio carries the CPU build of "
                    + "libtorch, and no NVIDIA driver was found."), forTheGpu(driverFound ? GET_CUDA
                    : GET_DRIVER + ", and " + GET_CUDA));
        }
        if (!driverFound) {
            return new DeviceReport(false, device + "the CUDA build of libtorch is installed, but no NVIDIA driver "
                    + "was found.", forTheGpu(GET_DRIVER));
        }
        if (driverVersion.isPresent() && olderThan(driverVersion.get(), MINIMUM_DRIVER)) {
            return new DeviceReport(false, device + "the NVIDIA driver " + driverVersion.get() + " is too old for "
                    + "CUDA 12.4 (it needs " + MINIMUM_DRIVER + " or newer).", forTheGpu(GET_DRIVER));
        }
        return new DeviceReport(false, device + "the NVIDIA driver is loaded" + driver + ", but libtorch sees no "
                + "usable GPU.", "Check that nvidia-smi lists the GPU and that no other program holds it; "
                + "a GPU older than compute capability 5.0 is not supported by CUDA 12.4.");
    }

    private static String forTheGpu(String steps) {
        return "For the GPU, " + steps + ", then start ARPG Studio again.";
    }

    /** The loaded NVIDIA kernel driver's version (Linux), or empty. */
    public static Optional<String> loadedDriverVersion() {
        if (!Files.isReadable(NVIDIA_PROC_VERSION)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(NVIDIA_PROC_VERSION)) {
            return driverVersion(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The version in the text of {@code /proc/driver/nvidia/version}. */
    static Optional<String> driverVersion(String procText) {
        Matcher m = KERNEL_MODULE.matcher(procText);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static boolean olderThan(String version, String minimum) {
        String[] a = version.split("\\.");
        String[] b = minimum.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? parse(a[i]) : 0;
            long y = i < b.length ? parse(b[i]) : 0;
            if (x != y) {
                return x < y;
            }
        }
        return false;
    }

    private static long parse(String part) {
        return part.length() > 9 ? Long.MAX_VALUE : Long.parseLong(part);
    }
}
