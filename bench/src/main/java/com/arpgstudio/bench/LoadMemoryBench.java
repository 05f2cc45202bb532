package com.arpgstudio.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.checkpoint.HalfFloat;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.checkpoint.StoredTensor;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the memory of loading ARPG-L-sized weights: writes a safetensors file with random
 * values in the layout of the official ARPG-L (320 M parameters), then loads it tensor by tensor
 * from the memory-mapped file into native tensors on the CPU, keeping them all (as a loaded model
 * does), and reports the Java heap's peak and the process's resident memory, right after the load and after reading every weight once (a tensor
 * that views the mapped file, as an F32 file loaded as FLOAT32 on the CPU does, is resident only
 * once read).
 *
 * <p>Run (from the repository root, after {@code mvn -o -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * java -Xmx256m -cp "bench/target/*:bench/target/lib/*" \
 *     com.arpgstudio.bench.LoadMemoryBench [f16|f32] [target FLOAT32|FLOAT16]
 * </pre>
 * A heap limit far below the checkpoint's size is the point: the load must fit in it.
 */
public final class LoadMemoryBench {

    private static final Gson GSON = new Gson();
    private static final int DIM = 1024;
    private static final int LAYERS = 24;
    private static final int VOCAB = 16384;
    private static final int CLASSES = 1000;
    private static final int FFN_HIDDEN = 2816; // find_multiple(int(2 * 4 * 1024 / 3), 256)

    private LoadMemoryBench() {}

    public static void main(String[] args) throws Exception {
        String fileDtype = args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "F16";
        DataType target = args.length > 1 ? DataType.valueOf(args[1].toUpperCase(Locale.ROOT)) : DataType.FLOAT32;
        Path dir = Files.createTempDirectory("arpg-load-bench");
        Path file = dir.resolve("arpg-l-random.safetensors");
        try {
            long start = System.nanoTime();
            long parameters = writeRandom(file, fileDtype);
            System.out.printf(Locale.ROOT, "wrote %s: %d parameters, %s, %.2f GB in %.1f s%n", file.getFileName(),
                    parameters, fileDtype, Files.size(file) / 1e9, (System.nanoTime() - start) / 1e9);
            measureLoad(file, target);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void measureLoad(Path file, DataType target) throws IOException {
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            manager.zeros(new Shape(1)).close(); // libtorch loaded before the baseline
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            Map<String, Long> before = procStatus();
            long heapBefore = heapUsed();
            PeakSampler sampler = new PeakSampler();
            sampler.start();

            long start = System.nanoTime();
            StateDict weights = StateDict.open(file);
            List<NDArray> loaded = new ArrayList<>();
            long nativeBytes = 0;
            for (StoredTensor tensor : weights.tensors().values()) {
                NDArray array = tensor.toNDArray(manager, target);
                loaded.add(array);
                nativeBytes += array.size() * array.getDataType().getNumOfBytes();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> after = procStatus();
            // A tensor that views the mapped file costs nothing until read: read every weight once.
            for (NDArray array : loaded) {
                array.sum().close();
            }
            sampler.stop();
            Map<String, Long> touched = procStatus();

            System.out.printf(Locale.ROOT, "loaded %d tensors into native %s: %.2f GB in %.1f s%n", loaded.size(),
                    target, nativeBytes / 1e9, seconds);
            System.out.printf(Locale.ROOT, "java heap: max %d MB, used before %d MB, peak %d MB (pool peaks), "
                            + "peak %d MB (sampled every 5 ms)%n", Runtime.getRuntime().maxMemory() >> 20,
                    heapBefore >> 20, heapPoolPeaks() >> 20, sampler.peakHeap >> 20);
            System.out.printf(Locale.ROOT, "process RSS: before %d MB, after %d MB, peak %d MB (VmHWM, whole run); "
                            + "anonymous %d -> %d MB, file-backed %d -> %d MB, peak sampled %d MB%n",
                    before.get("VmRSS") >> 10, after.get("VmRSS") >> 10, after.get("VmHWM") >> 10,
                    before.get("RssAnon") >> 10, after.get("RssAnon") >> 10,
                    before.get("RssFile") >> 10, after.get("RssFile") >> 10, sampler.peakRssKb >> 10);
            System.out.printf(Locale.ROOT, "after reading every weight once: RSS %d MB (anonymous %d MB, "
                            + "file-backed %d MB), peak %d MB, java heap peak %d MB%n", touched.get("VmRSS") >> 10,
                    touched.get("RssAnon") >> 10, touched.get("RssFile") >> 10, touched.get("VmHWM") >> 10,
                    heapPoolPeaks() >> 20);
            loaded.forEach(NDArray::close);
        }
    }

    /** Tensor names and shapes of ARPG-L as models/arpg.py names them. */
    static Map<String, long[]> arpgLShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.weight", new long[] {VOCAB + 1 + CLASSES + 1 + 1, DIM});
        for (String pass : new String[] {"self_dec", "cross_dec"}) {
            for (int i = 0; i < LAYERS / 2; i++) {
                String p = "layers." + pass + "." + i + ".";
                List<String> projections = pass.equals("self_dec") ? List.of("to_q", "to_k", "to_v", "proj")
                        : List.of("to_q", "proj");
                for (String projection : projections) {
                    shapes.put(p + "attn." + projection + ".weight", new long[] {DIM, DIM});
                }
                shapes.put(p + "ffn.w1.weight", new long[] {FFN_HIDDEN, DIM});
                shapes.put(p + "ffn.w3.weight", new long[] {FFN_HIDDEN, DIM});
                shapes.put(p + "ffn.w2.weight", new long[] {DIM, FFN_HIDDEN});
                shapes.put(p + "attn_norm.weight", new long[] {DIM});
                shapes.put(p + "ffn_norm.weight", new long[] {DIM});
            }
        }
        shapes.put("layers.norm.weight", new long[] {DIM});
        shapes.put("layers.to_k.weight", new long[] {DIM, DIM});
        shapes.put("layers.to_v.weight", new long[] {DIM, DIM});
        shapes.put("norm.weight", new long[] {DIM});
        shapes.put("head.weight", new long[] {VOCAB, DIM});
        return shapes;
    }

    /** Streams a safetensors file of random values (|x| < 0.06) in 1 MB chunks; returns the parameter count. */
    private static long writeRandom(Path file, String dtype) throws IOException {
        int elementBytes = dtype.equals("F16") ? 2 : 4;
        Map<String, long[]> shapes = arpgLShapes();
        JsonObject header = new JsonObject();
        long offset = 0;
        long parameters = 0;
        for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
            long numel = 1;
            for (long d : entry.getValue()) {
                numel *= d;
            }
            JsonObject spec = new JsonObject();
            spec.addProperty("dtype", dtype);
            spec.add("shape", GSON.toJsonTree(entry.getValue()));
            spec.add("data_offsets", GSON.toJsonTree(new long[] {offset, offset + numel * elementBytes}));
            header.add(entry.getKey(), spec);
            offset += numel * elementBytes;
            parameters += numel;
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(0);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            for (long left = offset; left > 0; ) {
                chunk.clear();
                int bytes = (int) Math.min(chunk.capacity(), left);
                for (int i = 0; i < bytes; i += elementBytes) {
                    float value = (float) ((random.nextDouble() - 0.5) * 0.12);
                    if (elementBytes == 2) {
                        chunk.putShort(HalfFloat.fromFloat(value));
                    } else {
                        chunk.putFloat(value);
                    }
                }
                out.write(chunk.array(), 0, bytes);
                left -= bytes;
            }
        }
        return parameters;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapPoolPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** VmRSS, VmHWM, RssAnon, RssFile of this process in kB (Linux). */
    private static Map<String, Long> procStatus() throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            String[] parts = line.split(":\\s+");
            if (parts.length == 2 && parts[1].endsWith(" kB")) {
                values.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()));
            }
        }
        return values;
    }

    /** Samples heap use and RSS while the load runs. */
    private static final class PeakSampler implements Runnable {
        private final Thread thread = new Thread(this, "memory-sampler");
        private volatile boolean running = true;
        volatile long peakHeap;
        volatile long peakRssKb;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (running) {
                peakHeap = Math.max(peakHeap, heapUsed());
                try {
                    peakRssKb = Math.max(peakRssKb, procStatus().get("VmRSS"));
                    Thread.sleep(5);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }
    }
}
