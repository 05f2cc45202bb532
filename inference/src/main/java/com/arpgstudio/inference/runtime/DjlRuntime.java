package com.arpgstudio.inference.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Starts DJL's PyTorch engine without touching the network.
 *
 * <p>Every entry point that creates an {@link NDManager} goes through here first, so the
 * {@code ai.djl.offline} switch is set by the code itself and not only by launch scripts or tests:
 * with it, DJL uses the libtorch found on the classpath (the pytorch-native jar) or in
 * {@code PYTORCH_LIBRARY_PATH} and never tries to download one.
 */
public final class DjlRuntime {

    private DjlRuntime() {}

    /** Sets the offline switch (unless the user set it explicitly) and returns the PyTorch engine. */
    public static synchronized Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine("PyTorch");
    }

    /** A new root manager on the given device; the caller owns and closes it. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /**
     * The number of native arrays alive under DJL's system manager, which every manager descends
     * from (counted recursively): a count that keeps rising over repeated work is a native leak.
     */
    public static int liveArrays() {
        try (NDManager probe = newManager(Device.cpu())) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    /** Whether libtorch sees at least one CUDA device. */
    public static boolean gpuAvailable() {
        return engine().getGpuCount() > 0;
    }
}
