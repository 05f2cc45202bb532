package com.arpgstudio.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates the fixture checkpoints thousands of times (truncations, flipped bytes, huge lengths,
 * shifted or absurd offsets, aimed mostly at headers, pickles and zip directories) and requires
 * every case to end, within a second of CPU time, in a clean success (every tensor readable) or a
 * CheckpointException: never another exception, an OutOfMemoryError, a hang or a crash.
 */
class CheckpointFuzzTest {

    /** CPU time one case may take; wall time is only a hang detector, as the build machine may be busy. */
    private static final long CASE_CPU_LIMIT_MS = 1000;
    private static final long CASE_WALL_LIMIT_MS = 20_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long[] HUGE = {0xffffffffL, 0x7fffffffL, 0x80000000L, 0xffffL, 0, -1L, Long.MAX_VALUE, 1L << 40};

    private static ExecutorService worker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorker() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-case");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"arpg.pt, 1000", "arpg.safetensors, 800", "vq.pt, 300", "vq.safetensors, 200", "malicious.pt, 200",
            "torch/training.pt, 500", "torch/views_legacy.pt, 400"})
    void mutatedFilesFailCleanly(String name, int cases) throws Exception {
        byte[] original = Files.readAllBytes(name.startsWith("torch/")
                ? Path.of(CheckpointFuzzTest.class.getResource(name).toURI()) : Fixtures.file(name));
        Random random = new Random(name.hashCode() * 31L + cases);
        ZipLayout layout = name.endsWith(".safetensors") ? null : zipLayout(original);
        long started = System.nanoTime();
        int refused = 0;
        int loaded = 0;
        long slowest = 0;
        for (int i = 0; i < cases; i++) {
            byte[] mutated = original.clone();
            String mutation = name.endsWith(".safetensors") ? mutateSafetensors(mutated, random) : mutateZip(mutated, layout, random);
            if (mutation.startsWith("truncate ")) {
                mutated = java.util.Arrays.copyOf(mutated, Integer.parseInt(mutation.substring(9)));
            } else if (mutation.startsWith("header ")) {
                mutated = rewriteHeaderNumber(original, random);
            }
            Path file = dir.resolve("case" + i);
            Files.write(file, mutated);
            Future<long[]> outcome = worker.submit(() -> {
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                boolean ok = openAndReadEverything(file);
                return new long[] {ok ? 1 : 0, THREADS.getCurrentThreadCpuTime() - cpu0};
            });
            try {
                long[] result = outcome.get(CASE_WALL_LIMIT_MS, TimeUnit.MILLISECONDS);
                if (result[0] == 1) {
                    loaded++;
                } else {
                    refused++;
                }
                slowest = Math.max(slowest, result[1]);
                if (result[1] > CASE_CPU_LIMIT_MS * 1_000_000) {
                    fail(name + " case " + i + " (" + mutation + ") took " + result[1] / 1_000_000 + " ms of CPU");
                }
            } catch (TimeoutException e) {
                outcome.cancel(true);
                fail(name + " case " + i + " (" + mutation + ") still running after " + CASE_WALL_LIMIT_MS + " ms");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(name + " case " + i + " (" + mutation + ") ended in " + e.getCause(), e.getCause());
            }
            Files.delete(file);
        }
        System.out.printf("fuzz %s: %d cases, %d refused with CheckpointException, %d loaded, %.1f s, slowest case %.1f ms CPU%n",
                name, cases, refused, loaded, (System.nanoTime() - started) / 1e9, slowest / 1e6);
    }

    /** True when the file loaded and every tensor was read, false when it was refused. */
    private static boolean openAndReadEverything(Path file) throws IOException {
        try {
            StateDict dict = StateDict.open(file);
            for (StoredTensor tensor : dict.tensors().values()) {
                if (tensor.dtype().isFloating()) {
                    tensor.toFloats();
                } else {
                    tensor.toLongs();
                }
            }
            return true;
        } catch (CheckpointException refused) {
            return false;
        }
    }

    /**
     * Aims at structure: the first entry (data.pkl, which torch.save writes first), the local
     * headers, and the central directory with its end records.
     */
    private record ZipLayout(List<Integer> localHeaders, int directory) {}

    private static ZipLayout zipLayout(byte[] bytes) {
        List<Integer> localHeaders = new ArrayList<>();
        int directory = bytes.length;
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K') {
                if (bytes[i + 2] == 3 && bytes[i + 3] == 4) {
                    localHeaders.add(i);
                } else if (bytes[i + 2] == 1 && bytes[i + 3] == 2 && directory == bytes.length) {
                    directory = i;
                }
            }
        }
        return new ZipLayout(localHeaders, directory);
    }

    private static String mutateZip(byte[] bytes, ZipLayout layout, Random random) {
        List<Integer> localHeaders = layout.localHeaders();
        int directory = layout.directory();
        if (localHeaders.isEmpty()) { // a legacy file: pickles, then raw storages
            return mutateAt(bytes, random.nextInt(bytes.length), random);
        }
        int firstEntryEnd = localHeaders.size() > 1 ? localHeaders.get(1) : bytes.length;
        int at = switch (random.nextInt(20)) {
            case 0 -> random.nextInt(bytes.length);
            case 1, 2, 3, 4 -> Math.min(bytes.length - 1,
                    localHeaders.get(random.nextInt(localHeaders.size())) + random.nextInt(100));
            case 5, 6, 7, 8, 9, 10, 11 -> directory + random.nextInt(bytes.length - directory);
            default -> random.nextInt(firstEntryEnd);
        };
        return mutateAt(bytes, at, random);
    }

    private static String mutateSafetensors(byte[] bytes, Random random) {
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int header = (int) Math.min(bytes.length, 8 + headerLength);
        if (random.nextInt(4) == 0) {
            return "header number";
        }
        int at = switch (random.nextInt(10)) {
            case 0 -> random.nextInt(bytes.length);
            case 1 -> random.nextInt(8);
            default -> random.nextInt(header);
        };
        return mutateAt(bytes, at, random);
    }

    private static String mutateAt(byte[] bytes, int at, Random random) {
        switch (random.nextInt(3)) {
            case 0 -> {
                return "truncate " + at;
            }
            case 1 -> {
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n && at + k < bytes.length; k++) {
                    bytes[at + k] ^= (byte) (1 << random.nextInt(8));
                }
                return "flip " + n + " bytes at " + at;
            }
            default -> {
                long value = HUGE[random.nextInt(HUGE.length)];
                int width = random.nextBoolean() ? 4 : 8;
                for (int k = 0; k < width && at + k < bytes.length; k++) {
                    bytes[at + k] = (byte) (value >>> (8 * k));
                }
                return "write " + Long.toHexString(value) + " (" + width + " bytes) at " + at;
            }
        }
    }

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final String[] ABSURD = {"99999999999999999999", "-1", "0", "9223372036854775807", "4294967296", "1e3", "2.5"};

    /** Replaces one number of the JSON header (a dimension or an offset) by an absurd or shifted one. */
    private static byte[] rewriteHeaderNumber(byte[] original, Random random) {
        long headerLength = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(original, 8, (int) headerLength, StandardCharsets.UTF_8);
        List<int[]> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(header);
        while (m.find()) {
            numbers.add(new int[] {m.start(), m.end()});
        }
        int[] pick = numbers.get(random.nextInt(numbers.size()));
        long value = Long.parseLong(header.substring(pick[0], pick[1]));
        String replacement = random.nextBoolean() ? ABSURD[random.nextInt(ABSURD.length)]
                : Long.toString(value + random.nextInt(9) - 4);
        String changed = header.substring(0, pick[0]) + replacement + header.substring(pick[1]);
        byte[] json = changed.getBytes(StandardCharsets.UTF_8);
        int dataLength = (int) (original.length - 8 - headerLength);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(random.nextInt(4) == 0 ? headerLength : json.length).put(json).put(original, 8 + (int) headerLength, dataLength);
        return out.array();
    }
}
