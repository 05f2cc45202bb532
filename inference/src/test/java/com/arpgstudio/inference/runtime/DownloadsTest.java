package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.runtime.DownloadException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
        return new Downloads(TestHub.options().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), stallTimeout));
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

    /** Runs the download, cancelling it from another thread at the first progress report that passes; seconds taken. */
    private static double runCancellingWhen(Downloads downloads, DownloadRequest request,
            Predicate<DownloadProgress> trigger, Reason expected) throws Exception {
        CountDownLatch triggered = new CountDownLatch(1);
        Downloads.Download download = downloads.prepare(request, p -> {
            if (trigger.test(p)) {
                triggered.countDown();
            }
        });
        Thread canceller = new Thread(() -> {
            try {
                triggered.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            download.cancel();
        });
        canceller.start();
        long begin = System.nanoTime();
        DownloadException e = assertThrows(DownloadException.class, download::run);
        double seconds = (System.nanoTime() - begin) / 1e9;
        canceller.join();
        assertEquals(expected, e.reason());
        return seconds;
    }

    @Test
    void cancelStopsARunningDownloadAndKeepsThePartForLater() throws Exception {
        hub.put(FILE, content).chunkDelayMillis = 50;

        double seconds = runCancellingWhen(downloads(Duration.ofSeconds(30)),
                new DownloadRequest(hub.uri(REPO, FILE), target, null), p -> p.bytesDone() > 0, Reason.CANCELLED);

        assertTrue(seconds < 5, "cancel takes effect promptly: " + seconds + " s");
        assertFalse(Files.exists(target));
        assertTrue(Files.exists(part()));
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
        Downloads tightDisk = new Downloads(TestHub.options().withFreeSpace(folder -> content.length - 1));

        DownloadException e = assertThrows(DownloadException.class,
                () -> tightDisk.prepare(new DownloadRequest(hub.uri(REPO, FILE), target, null), progress::add).run());

        assertEquals(Reason.NO_SPACE, e.reason());
        assertTrue(e.getMessage().contains(Sizes.describe(content.length)), e.getMessage());
        assertFalse(Files.exists(part()));
        assertFalse(Files.exists(target));
    }

    // ---- nothing is installed that was not verified -------------------------------------------

    private Downloads.Download prepare(Downloads downloads, DownloadRequest.ContentCheck check) {
        return downloads.prepare(new DownloadRequest(hub.uri(REPO, FILE), target, null, -1, check), progress::add);
    }

    private void assertNothingInstalled() {
        assertFalse(Files.exists(target), "nothing may be installed");
    }

    @Test
    void aBodyOfUnknownLengthIsRefusedAndNothingIsWritten() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.withoutHash = true;
        served.withoutSize = true;

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.HTTP_ERROR, e.reason());
        assertTrue(e.getMessage().contains("did not say how large"), e.getMessage());
        assertNothingInstalled();
        assertFalse(Files.exists(part()));
    }

    @Test
    void aConnectionDroppedAfter1000BytesWithoutHashKeepsThePartAndInstallsNothing() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.withoutHash = true;
        served.cutAfterBytes = 1000;

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.CONNECTION_LOST, e.reason());
        assertNothingInstalled();
        assertTrue(Files.size(part()) <= 1000, "the part holds what arrived");

        Downloads.Result result = prepare(null).run();
        assertEquals(Downloads.Verification.SIZE_ONLY, result.verification());
        assertArrayEquals(content, Files.readAllBytes(target), "the next download resumes and completes it");
    }

    @Test
    void aContentLengthSmallerThanTheHubsSizeIsRefused() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.withoutHash = true;
        served.declaredLength = 1000;

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.HTTP_ERROR, e.reason());
        assertTrue(e.getMessage().contains("1000") && e.getMessage().contains(String.valueOf(content.length)),
                e.getMessage());
        assertNothingInstalled();
    }

    @Test
    void aShortFileTheServerCallsCompleteFailsTheContentCheck() throws Exception {
        // No hash, and every size the server states is the short one: only the content can tell.
        hub.put(FILE, Arrays.copyOf(content, 1000)).withoutHash = true;
        DownloadRequest.ContentCheck wholeModel = file -> {
            if (Files.size(file) != content.length) {
                throw new IOException("expected a " + content.length + "-byte model, found " + Files.size(file));
            }
        };

        DownloadException e = assertThrows(DownloadException.class,
                () -> prepare(downloads(Duration.ofSeconds(30)), wholeModel).run());

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("is not the file it should be"), e.getMessage());
        assertNothingInstalled();
        assertFalse(Files.exists(part()), "bytes that fail the check are removed");
    }

    @Test
    void aPartialAnswerWhoseRangeEndsEarlyIsRefusedAndThePartKept() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.cutAfterBytes = 50_000;
        assertThrows(DownloadException.class, () -> prepare(null).run());
        long kept = Files.size(part());
        served.contentRange = "bytes " + kept + "-" + (kept + 999) + "/" + content.length;

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run());

        assertEquals(Reason.HTTP_ERROR, e.reason());
        assertTrue(e.getMessage().contains("to the end"), e.getMessage());
        assertNothingInstalled();
        assertEquals(kept, Files.size(part()), "the earlier bytes stay for the next try");
    }

    @Test
    void absurdOrMalformedAnswersAreDownloadFailuresWithMessages() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.cutAfterBytes = 10_000;
        assertThrows(DownloadException.class, () -> prepare(null).run());
        for (String range : new String[] {"bytes 0-99999999999999999999999/5", "bytes 5-2/10", "bytes */300000",
                "\u001b]0;owned\u0007"}) {
            served.contentRange = range;
            DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run(), range);
            assertEquals(Reason.HTTP_ERROR, e.reason(), range);
            assertFalse(e.getMessage().contains("\u001b"), "control characters from the server are escaped");
        }
        served.contentRange = null;
        for (String location : new String[] {"file:///etc/passwd", "ftp://example.com/x", "http://[::1", "jar:x!/y",
                "//"}) {
            served.location = location;
            DownloadException e = assertThrows(DownloadException.class, () -> prepare(null).run(), location);
            assertEquals(Reason.HTTP_ERROR, e.reason(), location);
            assertTrue(e.getMessage().contains("refused") || e.getMessage().contains("not a valid address"),
                    e.getMessage());
        }
        assertNothingInstalled();
    }

    @Test
    void aFileThatFailsItsContentCheckIsRemovedEvenWithAMatchingHash() throws Exception {
        hub.put(FILE, content);

        DownloadException e = assertThrows(DownloadException.class, () -> prepare(downloads(Duration.ofSeconds(30)),
                file -> {
                    throw new IOException("expected ARPG weights, found random bytes");
                }).run());

        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("found random bytes"), e.getMessage());
        assertNothingInstalled();
        assertFalse(Files.exists(part()));
    }

    // ---- retries -------------------------------------------------------------------------------

    private Downloads retrying(int attempts) {
        return new Downloads(TestHub.options().withRetry(new Downloads.Retry(attempts, Duration.ofMillis(20),
                Duration.ofMillis(100))));
    }

    @Test
    void droppedConnectionsAreRetriedAndResumed() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.cutAfterBytes = 40_000;
        served.cuts = 3;

        prepare(retrying(3), DownloadRequest.ContentCheck.BYTES_ONLY).run();

        assertArrayEquals(content, Files.readAllBytes(target));
        assertTrue(progress.stream().anyMatch(p -> p.note().contains("trying again")), "a retry is reported");
        assertEquals(4, hub.rangeHeaders.size());
        assertTrue(hub.rangeHeaders.get(3).startsWith("bytes="), "each retry resumes: " + hub.rangeHeaders);
    }

    @Test
    void retriesAreBoundedAndTheLastFailureIsReported() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.cutAfterBytes = 1000;
        served.cuts = 10;

        DownloadException e = assertThrows(DownloadException.class,
                () -> prepare(retrying(2), DownloadRequest.ContentCheck.BYTES_ONLY).run());

        assertEquals(Reason.CONNECTION_LOST, e.reason());
        assertEquals(3, hub.rangeHeaders.size(), "one try and two retries");
        assertNothingInstalled();
    }

    @Test
    void aBusyServerIsRetriedButAMissingFileIsNot() throws Exception {
        TestHub.Served served = hub.put(FILE, content);
        served.failures = 2;
        served.failureStatus = 503;

        prepare(retrying(3), DownloadRequest.ContentCheck.BYTES_ONLY).run();
        assertArrayEquals(content, Files.readAllBytes(target));

        Files.delete(target);
        served.failures = 1;
        served.failureStatus = 404;
        DownloadException e = assertThrows(DownloadException.class,
                () -> prepare(retrying(3), DownloadRequest.ContentCheck.BYTES_ONLY).run());
        assertEquals(Reason.NOT_FOUND, e.reason());
    }

    @Test
    void cancelDuringTheRetryPauseStopsAtOnce() throws Exception {
        hub.put(FILE, content).failures = 5;
        Downloads slow = new Downloads(TestHub.options().withRetry(new Downloads.Retry(3, Duration.ofSeconds(30),
                Duration.ofSeconds(30))));

        double seconds = runCancellingWhen(slow, new DownloadRequest(hub.uri(REPO, FILE), target, null),
                p -> !p.note().isEmpty(), Reason.CANCELLED);

        assertTrue(seconds < 10, "no 30 s pause after cancel: " + seconds + " s");
    }

    // ---- proxies -------------------------------------------------------------------------------

    private Downloads throughProxy(Map<String, String> env) {
        return new Downloads(TestHub.options().withProxies(HttpProxies.fromEnvironment(env)));
    }

    @Test
    void downloadsGoThroughTheProxyOfHttpProxy() throws Exception {
        hub.put(FILE, content);
        URI faraway = ReleasedModel.resolveUri("http://hub.example.invalid", REPO, FILE);

        throughProxy(Map.of("HTTP_PROXY", "http://127.0.0.1:" + hub.port()))
                .prepare(new DownloadRequest(faraway, target, null), progress::add).run();

        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of(faraway.toString(), "http://hub.example.invalid/cdn/" + FILE), hub.proxied);
    }

    @Test
    void aProxyPasswordFromTheVariableAnswersTheProxysRequest() throws Exception {
        hub.put(FILE, content);
        hub.proxyCredentials = "alice:s3cret";
        URI faraway = ReleasedModel.resolveUri("http://hub.example.invalid", REPO, FILE);

        DownloadException refused = assertThrows(DownloadException.class,
                () -> throughProxy(Map.of("http_proxy", "127.0.0.1:" + hub.port()))
                        .prepare(new DownloadRequest(faraway, target, null), progress::add).run());
        assertEquals(Reason.PROXY, refused.reason());
        assertTrue(refused.getMessage().contains("407") && refused.getMessage().contains("http_proxy"),
                refused.getMessage());

        throughProxy(Map.of("http_proxy", "http://alice:s3cret@127.0.0.1:" + hub.port()))
                .prepare(new DownloadRequest(faraway, target, null), progress::add).run();
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void noProxyLetsTheHubBeReachedDirectly() throws Exception {
        hub.put(FILE, content);

        throughProxy(Map.of("HTTP_PROXY", "http://proxy.invalid:3128", "NO_PROXY", "localhost,127.0.0.1"))
                .prepare(new DownloadRequest(hub.uri(REPO, FILE), target, null), progress::add).run();

        assertArrayEquals(content, Files.readAllBytes(target));
        assertTrue(hub.proxied.isEmpty());
    }

    @Test
    void anUnreachableOrMalformedProxyIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        hub.put(FILE, content);
        URI faraway = ReleasedModel.resolveUri("http://hub.example.invalid", REPO, FILE);

        DownloadException unreachable = assertThrows(DownloadException.class,
                () -> throughProxy(Map.of("HTTP_PROXY", "http://127.0.0.1:" + closedPort))
                        .prepare(new DownloadRequest(faraway, target, null), progress::add).run());
        assertEquals(Reason.PROXY, unreachable.reason());
        assertTrue(unreachable.getMessage().contains("127.0.0.1:" + closedPort + " (from HTTP_PROXY)"),
                unreachable.getMessage());

        DownloadException malformed = assertThrows(DownloadException.class,
                () -> throughProxy(Map.of("HTTP_PROXY", "socks5://127.0.0.1:1080"))
                        .prepare(new DownloadRequest(faraway, target, null), progress::add).run());
        assertEquals(Reason.PROXY, malformed.reason());
        assertTrue(malformed.getMessage().contains("socks5 proxies are not supported"), malformed.getMessage());
        assertNothingInstalled();
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
