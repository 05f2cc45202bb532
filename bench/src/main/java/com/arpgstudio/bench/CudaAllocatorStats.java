package com.arpgstudio.bench;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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

    private static final String LIBRARY = "libc10_cuda.so";
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
            Optional<Mapping> library = mapping();
            if (library.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Long> symbols = symbols(library.get().path(), List.of(ALLOCATOR, GET_STATS, RESET_PEAKS));
            if (symbols.size() != 3) {
                return Optional.empty();
            }
            long base = library.get().base();
            Pointer allocator = new Pointer(base + symbols.get(ALLOCATOR)).getPointer(0);
            if (allocator == null) {
                return Optional.empty();
            }
            long getStats = base + symbols.get(GET_STATS);
            long resetPeaks = base + symbols.get(RESET_PEAKS);
            Pointer vtable = allocator.getPointer(0);
            boolean hasGet = false;
            boolean hasReset = false;
            for (int slot = 0; slot < 96; slot++) {
                long entry = Pointer.nativeValue(vtable.getPointer(8L * slot));
                hasGet |= entry == getStats;
                hasReset |= entry == resetPeaks;
            }
            if (!hasGet || !hasReset) {
                return Optional.empty();
            }
            return Optional.of(new CudaAllocatorStats(allocator, Function.getFunction(new Pointer(getStats)),
                    Function.getFunction(new Pointer(resetPeaks))));
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

    private record Mapping(Path path, long base) {}

    /** The library's file and load address, from the mapping of its first page. */
    private static Optional<Mapping> mapping() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 6 && fields[5].endsWith("/" + LIBRARY) && Long.parseLong(fields[2], 16) == 0) {
                return Optional.of(new Mapping(Path.of(fields[5]), Long.parseUnsignedLong(fields[0].split("-")[0], 16)));
            }
        }
        return Optional.empty();
    }

    /** Values of the named symbols found in an ELF64 file's symbol tables (.symtab and .dynsym). */
    private static Map<String, Long> symbols(Path file, List<String> names) throws IOException {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long sectionTable = elf.getLong(0x28);
        int entrySize = Short.toUnsignedInt(elf.getShort(0x3A));
        int sections = Short.toUnsignedInt(elf.getShort(0x3C));
        Map<String, Long> found = new HashMap<>();
        for (int s = 0; s < sections; s++) {
            int header = (int) (sectionTable + (long) s * entrySize);
            int type = elf.getInt(header + 4);
            if (type != 2 && type != 11) {                                   // SHT_SYMTAB, SHT_DYNSYM
                continue;
            }
            int offset = (int) elf.getLong(header + 0x18);
            int size = (int) elf.getLong(header + 0x20);
            int strings = (int) elf.getLong((int) (sectionTable + (long) elf.getInt(header + 0x28) * entrySize) + 0x18);
            for (int symbol = offset; symbol + 24 <= offset + size; symbol += 24) {
                String name = cString(elf, strings + elf.getInt(symbol));
                long value = elf.getLong(symbol + 8);
                if (value != 0 && names.contains(name)) {
                    found.put(name, value);
                }
            }
        }
        return found;
    }

    private static String cString(ByteBuffer buffer, int start) {
        int end = start;
        while (buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(start, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
