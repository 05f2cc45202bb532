package com.arpgstudio.inference.runtime;

import java.util.Locale;

/**
 * An edit did not fit the device's memory: either libtorch failed to allocate while it ran
 * ({@link #duringRun}), or its estimated peak is above the configured {@link DeviceMemoryLimit}
 * and it was refused before it started ({@link #overLimit}). Either way nothing was changed: the
 * run's native memory is freed and its inputs are untouched, so the user can retry with fewer
 * variants, a smaller area or another device.
 */
public final class DeviceOutOfMemoryException extends RuntimeException {

    private final int variants;
    private final boolean refusedBeforeStart;

    private DeviceOutOfMemoryException(String message, int variants, boolean refusedBeforeStart, Throwable cause) {
        super(message, cause);
        this.variants = variants;
        this.refusedBeforeStart = refusedBeforeStart;
    }

    /** libtorch ran out of memory mid-run; {@code cause} is its error (CUDA or CPU allocator). */
    public static DeviceOutOfMemoryException duringRun(int variants, Throwable cause) {
        boolean cpu = cause.getMessage() != null && cause.getMessage().contains("DefaultCPUAllocator");
        String what = cpu ? "The computer ran out of memory" : "The GPU ran out of memory";
        String advice = cpu
                ? "Generate fewer variants at once, select a smaller area, or close other programs."
                : "Generate fewer variants at once, select a smaller area, or choose the CPU device.";
        return new DeviceOutOfMemoryException(what + " while generating " + variantCount(variants)
                + "; nothing was changed. " + advice + " (libtorch: " + firstLine(cause) + ")", variants, false, cause);
    }

    /**
     * The edit would need more than the limit allows, so it was not started.
     *
     * @param neededBytes estimated peak device memory of the edit
     * @param breakdown   the estimate's parts, for the message
     */
    public static DeviceOutOfMemoryException overLimit(int variants, long neededBytes, String breakdown,
                                                       DeviceMemoryLimit limit) {
        return new DeviceOutOfMemoryException(String.format(Locale.ROOT,
                "This edit needs about %s of device memory for %s (%s), above the limit of %s set by %s; "
                        + "it was not started. Generate fewer variants at once, select a smaller area "
                        + "(a smaller window), choose the CPU device, or raise the limit.",
                mib(neededBytes), variantCount(variants), breakdown, mib(limit.bytes()), limit.source()),
                variants, true, null);
    }

    /** How many variants the edit generated at once. */
    public int variants() {
        return variants;
    }

    /** True when the edit was refused by the limit before it started, false when libtorch failed mid-run. */
    public boolean refusedBeforeStart() {
        return refusedBeforeStart;
    }

    /** A size as the messages show it: MiB below 10 GiB, else GiB. */
    public static String mib(long bytes) {
        double mib = bytes / (double) (1L << 20);
        return mib < 10240 ? String.format(Locale.ROOT, "%.0f MiB", Math.ceil(mib))
                : String.format(Locale.ROOT, "%.1f GiB", mib / 1024);
    }

    private static String variantCount(int variants) {
        return variants + " variant" + (variants == 1 ? "" : "s");
    }

    private static String firstLine(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
