package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.runtime.DownloadException.Reason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadsTest {

    private static final String REPO = "hp-l33/ARPG";
    private static final String FILE = "arpg_300m.pt";

    @TempDir
    Path dir;

    private TestHub hub;
    private byte[] content;
    private Path target;
    private final List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        hub = new TestHub();
        content = new byte[300_000 + new Random().nextInt(1000)];
        new Random(7).nextBytes(content);
        target = dir.resolve("models").resolve(FILE);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private Downloads downloads(Duration stallTimeout) {
        return new Downloads(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build(), stallTimeout);
    }

    private Downloads.Download prepare(String pinnedSha) {
        return downloads(Duration.ofSeconds(30)).prepare(
                new DownloadRequest(hub.uri(REPO, FILE), target, pinnedSha), progress::add);
    }

    private Path part() {
        return target.resolveSibling(FILE + ".part");
    }

    @Test
    void downloadsVerifiesAgainstTheHubsLfsOidAndMovesIntoPlace() throws Exception {
        hub.put(FILE, content);

        Downloads.Result result = prepare(null).run();

        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(Downloads.Verification.SERVER_SHA256, result.verification());
        assertEquals(TestHub.sha256(content), result.sha256());
        assertFalse(Files.exists(part()));
        DownloadProgress last = progress.get(progress.size() - 1);
        assertEquals(content.length, last.bytesDone());
        assertEquals(content.length, last.totalBytes());
        assertEquals(1.0, last.fraction());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).bytesDone() >= progress.get(i - 1).bytesDone(), "progress never goes back");
        }
    }

    @Test
    void aPinnedHashIsCheckedToo() throws Exception {
        hub.put(FILE, content);

        Downloads.Result result = prepare(TestHub.sha256(content)).run();

        assertEquals(Downloads.Verification.PINNED_SHA256, result.verification());
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void resumesWithARangeRequestAfterTheConnectionWasCut() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.cutAfterBytes = 100_000;

        DownloadException cut = assertThrows(DownloadException.class, () -> prepare(null).run());
        assertEquals(Reason.CONNECTION_LOST, cut.reason());
        long kept = Files.size(part());
        assertTrue(kept > 0 && kept <= 100_000, "partial bytes kept: " + kept);
        assertFalse(Files.exists(target), "nothing is moved into place before the file is complete");

        progress.clear();
        Downloads.Result result = prepare(null).run();

        assertEquals("bytes=" + kept + "-", hub.rangeHeaders.get(hub.rangeHeaders.size() - 1));
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(TestHub.sha256(content), result.sha256(), "the hash covers the resumed prefix too");
        assertEquals(kept, progress.get(0).bytesDone(), "progress starts from the kept bytes");
        assertFalse(Files.exists(part()));
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.cutAfterBytes = 50_000;
        assertThrows(DownloadException.class, () -> prepare(null).run());
        served.ignoreRange = true;

        prepare(null).run();

        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void aCorruptDownloadIsRemovedAndNothingIsMovedIntoPlace() throws Exception {
        hub.put(FILE, content).corrupt = true;

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("expected SHA-256 " + TestHub.sha256(content)), e.getMessage());
        assertFalse(Files.exists(part()), "the corrupt temp file is removed");
        assertFalse(Files.exists(target));
    }

    @Test
    void aPinnedHashThatDiffersFromTheServedBytesFails() throws Exception {
        hub.put(FILE, content);
        String wrong = "0".repeat(64);

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(wrong).run());

        assertEquals(Reason.CORRUPT, e.reason());
        assertFalse(Files.exists(part()));
        assertFalse(Files.exists(target));
    }

    @Test
    void aMissingFileIsNotFound() throws Exception {
        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(part()));
    }

    @Test
    void aDisconnectMidBodyKeepsThePartialFileAndSaysSo() throws Exception {
        hub.put(FILE, content).cutAfterBytes = 20_000;

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.CONNECTION_LOST, e.reason());
        assertTrue(e.getMessage().contains("resumes"), e.getMessage());
        assertTrue(Files.exists(part()));
        assertFalse(Files.exists(target));
    }

    @Test
    void anUnreachableHostIsReportedAsOffline() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI uri = ReleasedModel.resolveUri("http://127.0.0.1:" + closedPort, REPO, FILE);
        Downloads.Download download = downloads(Duration.ofSeconds(30))
                .prepare(new DownloadRequest(uri, target, null), progress::add);

        DownloadException e = assertThrows(DownloadException.class, download::run);

        assertEquals(Reason.OFFLINE, e.reason());
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
    }

    @Test
    void cancelStopsARunningDownloadAndKeepsThePartForLater() throws Exception {
        hub.put(FILE, content).chunkDelayMillis = 50;
        CountDownLatch started = new CountDownLatch(1);
        Downloads.Download download = downloads(Duration.ofSeconds(30)).prepare(
                new DownloadRequest(hub.uri(REPO, FILE), target, null), p -> {
                    if (p.bytesDone() > 0) {
                        started.countDown();
                    }
                });
        Thread canceller = new Thread(() -> {
            try {
                started.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            download.cancel();
        });
        canceller.start();
        long begin = System.nanoTime();

        DownloadException e = assertThrows(DownloadException.class, download::run);

        assertEquals(Reason.CANCELLED, e.reason());
        assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(5), "cancel takes effect promptly");
        assertFalse(Files.exists(target));
        canceller.join();
    }

    @Test
    void aStalledConnectionIsGivenUp() throws Exception {
        hub.put(FILE, content).stallMillis = 5_000;
        Downloads.Download download = downloads(Duration.ofMillis(300)).prepare(
                new DownloadRequest(hub.uri(REPO, FILE), target, null), progress::add);

        DownloadException e = assertThrows(DownloadException.class, download::run);

        assertEquals(Reason.CONNECTION_LOST, e.reason());
        assertTrue(e.getMessage().contains("no data"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aFullDiskIsReportedBeforeAnythingIsWritten() throws Exception {
        hub.put(FILE, content);
        Downloads tightDisk = new Downloads(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                Duration.ofSeconds(30), folder -> content.length - 1);

        DownloadException e = assertThrows(DownloadException.class,
                () -> tightDisk.prepare(new DownloadRequest(hub.uri(REPO, FILE), target, null), progress::add).run());

        assertEquals(Reason.NO_SPACE, e.reason());
        assertTrue(e.getMessage().contains(String.valueOf(content.length)), e.getMessage());
        assertFalse(Files.exists(part()));
        assertFalse(Files.exists(target));
    }

    @Test
    void progressReportsRateAndTimeLeft() {
        DownloadProgress halfway = new DownloadProgress("f", 500, 1000, 100);

        assertEquals(0.5, halfway.fraction());
        assertEquals(Duration.ofSeconds(5), halfway.timeLeft().orElseThrow());
        assertTrue(new DownloadProgress("f", 500, -1, 100).timeLeft().isEmpty());
        assertEquals(-1, new DownloadProgress("f", 500, -1, 100).fraction());
    }
}
