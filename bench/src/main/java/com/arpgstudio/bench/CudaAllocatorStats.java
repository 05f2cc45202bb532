package com.arpgstudio.bench;

import com.arpgstudio.inference.runtime.LoadedLibrary;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statistics of libtorch's CUDA caching allocator in this process: what
 * {@code torch.cuda.max_memory_allocated()} and {@code max_memory_reserved()} report in Python,
 * and so the measure the official code's peak-memory figures can be compared with. DJL exposes no
 * such call, so this finds {@code NativeCachingAllocator::getDeviceStats} and
 * {@code resetPeakStats} in the symbol table of the loaded {@code libc10_cuda.so} and calls them on
 * the allocator object ({@code c10::cuda::CUDACachingAllocator::allocator}), after checking that
 * the object's virtual table holds those very functions. For benchmarks only: anything unexpected
 * (another libtorch build, another allocator backend) makes {@link #find} return empty.
 */
final class CudaAllocatorStats {

    private static final String ALLOCATOR = "_ZN3c104cuda20CUDACachingAllocator9allocatorE";
    private static final String GET_STATS =
            "_ZN3c104cuda20CUDACachingAllocator6Native22NativeCachingAllocator14getDeviceStatsEa";
    private static final String RESET_PEAKS =
            "_ZN3c104cuda20CUDACachingAllocator6Native22NativeCachingAllocator14resetPeakStatsEa";
    /** DeviceStats: nine arrays of three Stats {current, peak, allocated, freed}; aggregate first. */
    private static final int STAT_ARRAY_BYTES = 3 * 4 * 8;
    private static final int ALLOCATED_BYTES = 4 * STAT_ARRAY_BYTES;
    private static final int RESERVED_BYTES = 5 * STAT_ARRAY_BYTES;

    /** Bytes held by tensors and bytes reserved from the device, now and at their peak since the last reset. */
    record Stats(long allocated, long allocatedPeak, long reserved, long reservedPeak) {}

    private final Pointer allocator;
    private final Function getStats;
    private final Function resetPeaks;

    private CudaAllocatorStats(Pointer allocator, Function getStats, Function resetPeaks) {
        this.allocator = allocator;
        this.getStats = getStats;
        this.resetPeaks = resetPeaks;
    }

    /** The statistics of the allocator libtorch is using, if this process has CUDA libtorch loaded and it is the native one. */
    static Optional<CudaAllocatorStats> find() {
        try {
            Optional<LoadedLibrary> library = LoadedLibrary.named("libc10_cuda.so");
            if (library.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Pointer> symbols = library.get().symbols(List.of(ALLOCATOR, GET_STATS, RESET_PEAKS));
            if (symbols.size() != 3) {
                return Optional.empty();
            }
            Pointer allocator = symbols.get(ALLOCATOR).getPointer(0);
            if (allocator == null) {
                return Optional.empty();
            }
            Pointer getStats = symbols.get(GET_STATS);
            Pointer resetPeaks = symbols.get(RESET_PEAKS);
            if (!LoadedLibrary.virtualTableHolds(allocator, List.of(getStats, resetPeaks), 96)) {
                return Optional.empty();
            }
            return Optional.of(new CudaAllocatorStats(allocator, Function.getFunction(getStats),
                    Function.getFunction(resetPeaks)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Device 0's statistics. */
    Stats read() {
        try (Memory stats = new Memory(4096)) {
            // DeviceStats getDeviceStats(DeviceIndex): returned through a hidden pointer, before `this`
            getStats.invoke(Void.class, new Object[] {stats, allocator, (byte) 0});
            return new Stats(stats.getLong(ALLOCATED_BYTES), stats.getLong(ALLOCATED_BYTES + 8),
                    stats.getLong(RESERVED_BYTES), stats.getLong(RESERVED_BYTES + 8));
        }
    }

    /** Sets device 0's peaks to the current values (torch.cuda.reset_peak_memory_stats). */
    void resetPeaks() {
        resetPeaks.invoke(Void.class, new Object[] {allocator, (byte) 0});
    }
}
