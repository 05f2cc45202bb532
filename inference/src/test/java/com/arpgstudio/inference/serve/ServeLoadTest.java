package com.arpgstudio.inference.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bounded load on loopback: 20 clients, each on its own connection, send 100 fills in all as
 * fast as they are answered (a refused one pauses 200 ms). Every request gets a result or a 503 with Retry-After, nothing else;
 * the queue never holds more than its limit (watched through /api/v1/health meanwhile); and the
 * native arrays and the heap after the run are what they were before it.
 */
@ReferenceFixtures.Needed
class ServeLoadTest {

    private static final int CLIENTS = 20;
    private static final int REQUESTS = 100;
    private static final int QUEUE_LIMIT = 3;
    private static final int SIZE = 32;
    /** A refused client waits a little (less than Retry-After says) before its next request. */
    private static final long PAUSE_AFTER_BUSY_MILLIS = 200;
    /** Heap that may stay behind: the kept results of finished jobs (16 tiny images) and caches. */
    private static final long HEAP_MARGIN = 16L << 20;

    @Test
    void twentyClientsGetAResultOrABusyAnswerAndMemoryStaysFlat() throws Exception {
        try (ServeFixture fixture = ServeFixture.start(config -> config.queueLimit(QUEUE_LIMIT))) {
            ArgbImage image = ServeFixture.picture(SIZE, SIZE);
            Form form = new Form().file("image", ServeFixture.png(image))
                    .file("mask", ServeFixture.png(PixelMask.ofRect(SIZE, SIZE, new Rect(8, 8, 12, 10)).toImage()))
                    .field("settings", "{\"steps\": 2, \"seed\": 5}");
            byte[] body = form.bytes();
            for (int warm = 0; warm < 3; warm++) { // lazily built tables and pools
                assertEquals(200, fixture.post("/api/v1/inpaint", form).statusCode());
            }
            int arraysBefore = DjlRuntime.liveArrays();
            long heapBefore = usedHeap();

            AtomicInteger sent = new AtomicInteger();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger mostWaiting = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            CountDownLatch go = new CountDownLatch(1);
            Future<?> watcher = pool.submit(() -> {
                while (running.get()) {
                    int waiting = ServeFixture.json(fixture.get("/api/v1/health")).getAsJsonObject("queue")
                            .get("waiting").getAsInt();
                    mostWaiting.accumulateAndGet(waiting, Math::max);
                    Thread.sleep(20);
                }
                return null;
            });
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                    go.await();
                    while (sent.getAndIncrement() < REQUESTS) {
                        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                                        fixture.uri("/api/v1/inpaint")).timeout(Duration.ofSeconds(120))
                                .header("Content-Type", form.contentType())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        check(response, problems);
                        if (response.statusCode() == 503) {
                            Thread.sleep(PAUSE_AFTER_BUSY_MILLIS);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> client : clients) {
                client.get(10, TimeUnit.MINUTES);
            }
            running.set(false);
            watcher.get(1, TimeUnit.MINUTES);
            pool.shutdown();

            assertEquals(List.of(), problems);
            int answered = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
            assertEquals(REQUESTS, answered, "every request answered: " + statuses);
            assertEquals(java.util.Set.of(), new java.util.HashSet<>(statuses.keySet()).stream()
                    .filter(s -> s != 200 && s != 503).collect(java.util.stream.Collectors.toSet()), "statuses " + statuses);
            assertTrue(statuses.containsKey(200), "some fills went through: " + statuses);
            assertTrue(mostWaiting.get() <= QUEUE_LIMIT, "jobs waiting at most " + mostWaiting.get());
            assertEquals(0, fixture.server.queue().waitingCount());

            assertEquals(arraysBefore, DjlRuntime.liveArrays(), "native arrays left behind by the load");
            long heapAfter = usedHeap();
            assertTrue(heapAfter - heapBefore < HEAP_MARGIN, "heap grew by " + (heapAfter - heapBefore) / (1 << 20)
                    + " MiB (" + statuses + ")");
            System.out.printf("load: %s, most waiting %d, heap %+.1f MiB, native arrays %d -> %d%n", statuses,
                    mostWaiting.get(), (heapAfter - heapBefore) / 1048576.0, arraysBefore, DjlRuntime.liveArrays());
        }
    }

    private static void check(HttpResponse<byte[]> response, List<String> problems) throws Exception {
        if (response.statusCode() == 200) {
            ArgbImage result = ServeFixture.image(response.body());
            if (result.width() != SIZE || result.height() != SIZE) {
                problems.add("result of " + result.width() + "x" + result.height());
            }
        } else if (response.statusCode() == 503) {
            if (response.headers().firstValue("Retry-After").isEmpty()
                    || !ServeFixture.message(response).contains("queue is full")) {
                problems.add("503 without Retry-After or message: " + new String(response.body(),
                        StandardCharsets.UTF_8));
            }
        } else {
            problems.add(response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
