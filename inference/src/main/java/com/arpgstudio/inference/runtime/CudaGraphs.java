package com.arpgstudio.inference.runtime;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * CUDA graphs through libtorch's own {@code at::cuda::CUDAGraph} (the class behind
 * {@code torch.cuda.CUDAGraph}), which DJL does not expose: what a piece of code launches on the
 * GPU is captured once, then launched again as a whole with one call. libtorch keeps what a
 * capture allocates in a private pool of its caching allocator, so the captured kernels' buffers
 * stay theirs across replays, and several graphs may share one pool when they are replayed one
 * after the other.
 *
 * <p>Called through JNA by the mangled names of libtorch 2.5.1 (DJL 0.32) in the loaded
 * {@code libtorch_cuda.so}, {@code libc10_cuda.so} and CUDA runtime. The graph object lives in
 * memory allocated here, generously sized, and is built and destroyed by its exported constructor
 * and destructor; {@code this} is the first argument; a {@code c10::cuda::CUDAStream} and a pool
 * id ({@code std::pair<unsigned long long, unsigned long long>}), both two machine words that the
 * x86-64 C++ ABI passes and returns in registers, are passed as two longs and returned as a
 * {@link Words} structure.
 *
 * <p>A C++ exception cannot cross JNA (it would end the process), so every precondition libtorch
 * checks is met here first: a capture runs on a side stream taken from libtorch's pool, a graph
 * object captures once. A capture that goes wrong (an operation that cannot be captured, an error
 * in the captured code) is ended through the CUDA runtime's C API instead of
 * {@code capture_end}, its pool handed back to the allocator, and reported as a
 * {@link CaptureException}; nothing of it runs. Not thread-safe: one thread captures and replays.
 */
public final class CudaGraphs {

    /** Bytes allocated for one {@code at::cuda::CUDAGraph}: it takes about 100 in libtorch 2.5.1. */
    private static final long GRAPH_OBJECT_BYTES = 1024;
    /** {@code cudaStreamCaptureModeThreadLocal}: CUDA calls of other threads are not restricted while this one captures. */
    private static final int CAPTURE_MODE_THREAD_LOCAL = 1;
    /** {@code cudaEventDisableTiming}. */
    private static final int EVENT_DISABLE_TIMING = 2;
    /** {@code cudaStreamCaptureStatusActive}. */
    private static final int CAPTURE_ACTIVE = 1;
    /** Virtual-table slots searched for the allocator's pool methods. */
    private static final int ALLOCATOR_SLOTS = 96;

    private static final String ALLOCATOR = "_ZN3c104cuda20CUDACachingAllocator9allocatorE";
    private static final String END_ALLOCATE_TO_POOL =
            "_ZN3c104cuda20CUDACachingAllocator6Native22NativeCachingAllocator17endAllocateToPoolEaSt4pairIyyE";
    private static final String RELEASE_POOL =
            "_ZN3c104cuda20CUDACachingAllocator6Native22NativeCachingAllocator11releasePoolEaSt4pairIyyE";

    /** Two machine words returned in registers: a {@code CUDAStream} (device, then stream id) or a pool id. */
    @Structure.FieldOrder({"first", "second"})
    public static class Words extends Structure implements Structure.ByValue {
        public long first;
        public long second;
    }

    /** A private memory pool of libtorch's caching allocator, which graphs captured into it share. */
    public static final class Pool {
        private final long first;
        private final long second;

        private Pool(Words id) {
            this.first = id.first;
            this.second = id.second;
        }
    }

    /** A captured graph; {@link #replay} launches it on the current stream. */
    public final class Graph implements AutoCloseable {
        private Memory object;

        private Graph(Memory object) {
            this.object = object;
        }

        /** Launches the captured work again, on the calling thread's current stream; returns at once. */
        public void replay() {
            if (object == null) {
                throw new IllegalStateException("the graph was closed");
            }
            launch.invoke(Void.class, new Object[] {object});
        }

        /** Destroys the graph and hands its share of the pool back (call only once its replays are done). */
        @Override
        public void close() {
            if (object != null) {
                destroy(object);
                object = null;
            }
        }
    }

    /**
     * A point in the graph stream's work ({@code cudaEvent_t}): {@link #read} waits for it alone,
     * not for what was launched after it.
     */
    public final class Marker implements AutoCloseable {
        private final Pointer event;

        private Marker(Pointer event) {
            this.event = event;
        }

        /** Marks the current end of the graph stream's work. */
        public void set() {
            check(eventRecord.invokeInt(new Object[] {event, sideStreamHandle}), "cudaEventRecord");
        }

        @Override
        public void close() {
            eventDestroy.invokeInt(new Object[] {event});
        }
    }

    /**
     * A captured graph, what the captured run of the code returned (whose memory the graph writes
     * at every replay) and what its warm-up run returned (computed, to compare a first replay with).
     */
    public record Captured<T>(Graph graph, T result, T warmUp) {}

    /** A capture that failed: nothing of it was kept and the stream is back to normal. */
    public static final class CaptureException extends RuntimeException {
        CaptureException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final byte device;
    private final Words sideStream;
    private final Pointer sideStreamHandle;
    private final Pointer allocator;
    private final Function getCurrentStream;
    private final Function setCurrentStream;
    private final Function synchronize;
    private final Function newPool;
    private final Function construct;
    private final Function destruct;
    private final Function captureBegin;
    private final Function captureEnd;
    private final Function launch;
    private final Function endAllocateToPool;
    private final Function releasePool;
    private final Function streamIsCapturing;
    private final Function streamEndCapture;
    private final Function graphDestroy;
    private final Function getLastError;
    private final Function eventCreate;
    private final Function eventRecord;
    private final Function eventDestroy;
    private final Function streamWaitEvent;
    private final Words readStream;
    private final Pointer readStreamHandle;

    private CudaGraphs(byte device, LoadedLibrary c10, LoadedLibrary torch, LoadedLibrary runtime,
            Map<String, Pointer> allocatorSymbols) {
        this.device = device;
        this.getCurrentStream = c10.exported("_ZN3c104cuda20getCurrentCUDAStreamEa");
        this.setCurrentStream = c10.exported("_ZN3c104cuda20setCurrentCUDAStreamENS0_10CUDAStreamE");
        this.synchronize = c10.exported("_ZN3c104cuda18device_synchronizeEv");
        this.newPool = torch.exported("_ZN2at4cuda17graph_pool_handleEv");
        this.construct = torch.exported("_ZN2at4cuda9CUDAGraphC1Ev");
        this.destruct = torch.exported("_ZN2at4cuda9CUDAGraphD1Ev");
        this.captureBegin = torch.exported("_ZN2at4cuda9CUDAGraph13capture_beginESt4pairIyyE21cudaStreamCaptureMode");
        this.captureEnd = torch.exported("_ZN2at4cuda9CUDAGraph11capture_endEv");
        this.launch = torch.exported("_ZN2at4cuda9CUDAGraph6replayEv");
        this.streamIsCapturing = runtime.exported("cudaStreamIsCapturing");
        this.streamEndCapture = runtime.exported("cudaStreamEndCapture");
        this.graphDestroy = runtime.exported("cudaGraphDestroy");
        this.getLastError = runtime.exported("cudaGetLastError");
        this.eventCreate = runtime.exported("cudaEventCreateWithFlags");
        this.eventRecord = runtime.exported("cudaEventRecord");
        this.eventDestroy = runtime.exported("cudaEventDestroy");
        this.streamWaitEvent = runtime.exported("cudaStreamWaitEvent");
        this.allocator = allocatorSymbols.get(ALLOCATOR).getPointer(0);
        this.endAllocateToPool = Function.getFunction(allocatorSymbols.get(END_ALLOCATE_TO_POOL));
        this.releasePool = Function.getFunction(allocatorSymbols.get(RELEASE_POOL));
        // CUDAStream getStreamFromPool(bool isHighPriority, DeviceIndex device): non-default
        // streams, taken from the pool in turn (two calls give two streams)
        Function fromPool = c10.exported("_ZN3c104cuda17getStreamFromPoolEba");
        this.sideStream = (Words) fromPool.invoke(Words.class, new Object[] {false, device});
        this.readStream = (Words) fromPool.invoke(Words.class, new Object[] {false, device});
        // cudaStream_t CUDAStream::stream() const
        Function handle = c10.exported("_ZNK3c104cuda10CUDAStream6streamEv");
        try (Memory side = words(sideStream); Memory read = words(readStream)) {
            this.sideStreamHandle = handle.invokePointer(new Object[] {side});
            this.readStreamHandle = handle.invokePointer(new Object[] {read});
        }
        if (sideStreamHandle.equals(readStreamHandle)) {
            throw new IllegalStateException("libtorch's stream pool gave the same stream twice");
        }
    }

    /**
     * Binds the graph API of the CUDA libtorch this process has loaded, for the CUDA device
     * {@code deviceIndex}, which must be the current one.
     *
     * @throws IllegalStateException naming what is missing: no CUDA libtorch loaded, a symbol not
     *         found (another libtorch version), another allocator, another current device
     */
    public static CudaGraphs bind(int deviceIndex) {
        LoadedLibrary c10 = LoadedLibrary.named("libc10_cuda.so")
                .orElseThrow(() -> new IllegalStateException("libc10_cuda.so is not loaded (no CUDA libtorch)"));
        LoadedLibrary torch = LoadedLibrary.named("libtorch_cuda.so")
                .orElseThrow(() -> new IllegalStateException("libtorch_cuda.so is not loaded"));
        LoadedLibrary runtime = LoadedLibrary.find(name -> name.startsWith("libcudart") && name.contains(".so"))
                .orElseThrow(() -> new IllegalStateException("the CUDA runtime library is not loaded"));
        try {
            Map<String, Pointer> symbols = c10.symbols(List.of(ALLOCATOR, END_ALLOCATE_TO_POOL, RELEASE_POOL));
            if (symbols.size() != 3) {
                throw new IllegalStateException("the CUDA caching allocator's pool functions were not found in "
                        + c10.path());
            }
            Pointer allocator = symbols.get(ALLOCATOR).getPointer(0);
            if (allocator == null || !LoadedLibrary.virtualTableHolds(allocator,
                    List.of(symbols.get(END_ALLOCATE_TO_POOL), symbols.get(RELEASE_POOL)), ALLOCATOR_SLOTS)) {
                throw new IllegalStateException("libtorch's CUDA allocator is not the native caching allocator");
            }
            int current = c10.exported("_ZN3c104cuda14current_deviceEv").invokeInt(new Object[0]);
            if ((byte) current != (byte) deviceIndex) {
                throw new IllegalStateException("CUDA graphs need the model on the current CUDA device " + current
                        + ", found device " + deviceIndex);
            }
            return new CudaGraphs((byte) deviceIndex, c10, torch, runtime, symbols);
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("libtorch's CUDA graph functions were not found: " + e.getMessage(), e);
        }
    }

    /** A new memory pool for graphs to share. */
    public Pool newPool() {
        return new Pool((Words) newPool.invoke(Words.class, new Object[0]));
    }

    /**
     * Makes the graph stream (where captures run) the calling thread's current stream until the
     * result is closed, so that all of a generation's work, captured or not, runs on one stream
     * (and cuBLAS keeps one workspace, which it makes per stream). Whatever ran before is finished
     * first, and whatever runs inside is finished when it closes.
     */
    public StreamScope onGraphStream() {
        synchronize();
        Words previous = currentStream();
        setCurrentStream.invoke(Void.class, new Object[] {sideStream.first, sideStream.second});
        return new StreamScope(previous);
    }

    /** The graph stream made current; closing it makes the previous stream current again. */
    public final class StreamScope implements AutoCloseable {
        private final Words previous;

        private StreamScope(Words previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            synchronize();
            setCurrentStream.invoke(Void.class, new Object[] {previous.first, previous.second});
        }
    }

    /** A new marker of the graph stream's work. */
    public Marker newMarker() {
        PointerByReference event = new PointerByReference();
        check(eventCreate.invokeInt(new Object[] {event, EVENT_DISABLE_TIMING}), "cudaEventCreateWithFlags");
        return new Marker(event.getValue());
    }

    /**
     * Runs {@code read} (which copies results to the host) on a stream of its own once the graph
     * stream's work up to {@code marker} is done, so that it need not wait for what the graph
     * stream got to do since.
     */
    public <T> T read(Marker marker, Supplier<T> read) {
        check(streamWaitEvent.invokeInt(new Object[] {readStreamHandle, marker.event, 0}), "cudaStreamWaitEvent");
        Words previous = currentStream();
        setCurrentStream.invoke(Void.class, new Object[] {readStream.first, readStream.second});
        try {
            return read.get();
        } finally {
            setCurrentStream.invoke(Void.class, new Object[] {previous.first, previous.second});
        }
    }

    private Words currentStream() {
        return (Words) getCurrentStream.invoke(Words.class, new Object[] {device});
    }

    private void check(int error, String call) {
        if (error != 0) {
            getLastError.invokeInt(new Object[0]);
            throw new IllegalStateException(call + " failed with CUDA error " + error);
        }
    }

    /** Waits until the GPU has finished everything launched so far. */
    public void synchronize() {
        synchronize.invoke(Void.class, new Object[0]);
    }

    /**
     * Runs {@code body} once on a side stream as a warm-up: every kernel it launches gets loaded
     * and every library workspace made outside the capture; then captures what a second run of
     * {@code body} launches into a new graph allocating from {@code pool}. The captured run only
     * records: its result's memory is written when the graph is replayed. Everything launched
     * before on the current stream is finished first, and the warm-up is finished before this
     * returns; the calling thread's current stream is the side stream only meanwhile.
     *
     * @param discard releases a result this does not return (when the capture fails)
     * @throws CaptureException when the capture failed; an exception of the warm-up is thrown as it is
     */
    public <T> Captured<T> capture(Pool pool, Supplier<T> body, Consumer<? super T> discard) {
        synchronize();
        Words previous = currentStream();
        setCurrentStream.invoke(Void.class, new Object[] {sideStream.first, sideStream.second});
        try {
            T warmUp = body.get();
            Memory object = new Memory(GRAPH_OBJECT_BYTES);
            object.clear();
            construct.invoke(Void.class, new Object[] {object});
            captureBegin.invoke(Void.class, new Object[] {object, pool.first, pool.second, CAPTURE_MODE_THREAD_LOCAL});
            T result;
            try {
                result = body.get();
            } catch (RuntimeException e) {
                abandon(object, pool);
                discard.accept(warmUp);
                throw new CaptureException("the captured code failed: " + e.getMessage(), e);
            }
            IntByReference status = new IntByReference();
            int error = streamIsCapturing.invokeInt(new Object[] {sideStreamHandle, status});
            if (error != 0 || status.getValue() != CAPTURE_ACTIVE) {
                discard.accept(result);
                abandon(object, pool);
                discard.accept(warmUp);
                throw new CaptureException("the capture was invalidated (CUDA error " + error + ", capture status "
                        + status.getValue() + "): the code ran an operation that cannot be captured", null);
            }
            captureEnd.invoke(Void.class, new Object[] {object});
            return new Captured<>(new Graph(object), result, warmUp);
        } finally {
            synchronize();
            setCurrentStream.invoke(Void.class, new Object[] {previous.first, previous.second});
        }
    }

    /**
     * Ends a capture that went wrong without libtorch's capture_end (which throws then): the
     * stream's capture through the C API (its error cleared, or libtorch's next launch check would
     * report it), the allocator's routing of the stream's allocations to the pool and the
     * capture's share of the pool, then the graph object. capture_begin also put libtorch's CUDA
     * random generator in capture mode, which only a capture_end ends (random operations fail
     * meanwhile): a capture of nothing, begun and ended, does that.
     */
    private void abandon(Memory object, Pool pool) {
        PointerByReference graph = new PointerByReference();
        streamEndCapture.invokeInt(new Object[] {sideStreamHandle, graph});
        if (graph.getValue() != null) {
            graphDestroy.invokeInt(new Object[] {graph.getValue()});
        }
        getLastError.invokeInt(new Object[0]);
        endAllocateToPool.invoke(Void.class, new Object[] {allocator, device, pool.first, pool.second});
        releasePool.invoke(Void.class, new Object[] {allocator, device, pool.first, pool.second});
        destroy(object);
        Memory empty = new Memory(GRAPH_OBJECT_BYTES);
        empty.clear();
        construct.invoke(Void.class, new Object[] {empty});
        captureBegin.invoke(Void.class, new Object[] {empty, 0L, 0L, CAPTURE_MODE_THREAD_LOCAL});
        captureEnd.invoke(Void.class, new Object[] {empty});    // libtorch warns that the graph is empty
        destroy(empty);
    }

    private void destroy(Memory object) {
        destruct.invoke(Void.class, new Object[] {object});
        object.close();
    }

    private static Memory words(Words value) {
        Memory memory = new Memory(16);
        memory.setLong(0, value.first);
        memory.setLong(8, value.second);
        return memory;
    }
}
