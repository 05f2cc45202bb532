package com.arpgstudio.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.util.Locale;
import java.util.Optional;

/**
 * Device memory this process holds beyond the CUDA context, sampled every millisecond from
 * cudaMemGetInfo: what the caching allocator reserved plus what CUDA itself took for the
 * kernels loaded since (cuBLAS, attention) and their handles. Beside it, when found, the
 * allocator's own peaks ({@link CudaAllocatorStats}): allocated is what PyTorch's
 * max_memory_allocated reports, the measure of the official figures. The cache is emptied
 * before each measurement.
 */
final class GpuMemory {

    static final double GIB = 1024.0 * 1024 * 1024;

    private final Device device;
    private final long baseline;
    private final Optional<CudaAllocatorStats> allocator;
    private volatile boolean sampling;
    private volatile long peak;
    private Thread sampler;

    GpuMemory(Device device) {
        this.device = device;
        try (var manager = DjlRuntime.newManager(device)) {
            manager.zeros(new Shape(1)).toFloatArray();   // creates the context
        }
        JniUtils.emptyCudaCache();
        this.baseline = used();
        this.allocator = CudaAllocatorStats.find();
        if (allocator.isEmpty()) {
            System.out.println("(libtorch's allocator statistics not found: device memory only)");
        }
    }

    private long used() {
        return CudaUtils.getGpuMemory(device).getUsed();
    }

    double aboveBaseline() {
        return used() - baseline;
    }

    String allocatorNow() {
        return allocator.map(CudaAllocatorStats::read).map(stats -> String.format(Locale.ROOT,
                " (allocator: %.3f GiB allocated, %.3f reserved)", stats.allocated() / GIB, stats.reserved() / GIB))
                .orElse("");
    }

    void startPeak() {
        JniUtils.emptyCudaCache();
        allocator.ifPresent(CudaAllocatorStats::resetPeaks);
        peak = used();
        sampling = true;
        sampler = new Thread(() -> {
            while (sampling) {
                peak = Math.max(peak, used());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gpu-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Peaks since {@link #startPeak}: device bytes above the context, then the allocator's allocated and reserved bytes. */
    String stopPeak() throws InterruptedException {
        sampling = false;
        sampler.join();
        String device = String.format(Locale.ROOT, "%.3f", (Math.max(peak, used()) - baseline) / GIB);
        return device + allocator.map(a -> {
            CudaAllocatorStats.Stats stats = a.read();
            return String.format(Locale.ROOT, ", %.3f, %.3f", stats.allocatedPeak() / GIB, stats.reservedPeak() / GIB);
        }).orElse("");
    }
}
