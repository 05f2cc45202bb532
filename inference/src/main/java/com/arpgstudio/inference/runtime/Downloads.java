package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.runtime.DownloadException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches model files over HTTP(S) with {@link HttpClient}: resumes a previous attempt's
 * {@code .part} file with an HTTP Range request, verifies the SHA-256 (pinned, or the hub's LFS oid
 * from {@code X-Linked-Etag}), and moves the file into place only when it is complete and verified.
 *
 * <p>One {@link Download} per file; it runs on the caller's thread and can be cancelled from any other.
 */
public final class Downloads {

    /** How often progress is reported at most. */
    static final Duration REPORT_INTERVAL = Duration.ofMillis(200);
    private static final int MAX_REDIRECTS = 10;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient client;
    private final Duration stallTimeout;
    private final FreeSpace freeSpace;

    /** Free bytes on the disk that holds a folder. */
    @FunctionalInterface
    interface FreeSpace {
        long of(Path dir) throws IOException;
    }

    /** Downloads with a 20 s connect timeout that give up on a connection silent for 60 s. */
    public Downloads() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build(), Duration.ofSeconds(60));
    }

    /** The client must not follow redirects itself: the hub's hash header is on the redirect. */
    public Downloads(HttpClient client, Duration stallTimeout) {
        this(client, stallTimeout, dir -> Files.getFileStore(dir).getUsableSpace());
    }

    Downloads(HttpClient client, Duration stallTimeout, FreeSpace freeSpace) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("expected an HttpClient with Redirect.NEVER (the hub's SHA-256 header "
                    + "is on the redirect), found " + client.followRedirects());
        }
        this.client = client;
        this.stallTimeout = stallTimeout;
        this.freeSpace = freeSpace;
    }

    /** A download of one file; call {@link Download#run()} to perform it. */
    public Download prepare(DownloadRequest request, Consumer<DownloadProgress> listener) {
        return new Download(request, listener);
    }

    /** How a finished file was checked. */
    public enum Verification {
        /** Against the SHA-256 pinned in the request. */
        PINNED_SHA256,
        /** Against the SHA-256 the server announced (the hub's X-Linked-Etag, or an ETag that is one). */
        SERVER_SHA256,
        /** The server gave no SHA-256 and none was pinned; only the length was checked. */
        SIZE_ONLY
    }

    /** A finished download. */
    public record Result(Path file, long size, String sha256, Verification verification) {}

    /** One file's transfer. Not reusable: run it once; cancel it from any thread. */
    public final class Download {

        private final DownloadRequest request;
        private final Consumer<DownloadProgress> listener;
        private volatile boolean cancelled;
        private volatile boolean stalled;
        private volatile InputStream body;
        private volatile long lastActivityNanos;

        private Download(DownloadRequest request, Consumer<DownloadProgress> listener) {
            this.request = request;
            this.listener = listener;
        }

        /** Stops the transfer soon; {@link #run()} then throws with {@link Reason#CANCELLED}. */
        public void cancel() {
            cancelled = true;
            closeBody();
        }

        /** Downloads (or resumes), verifies and moves the file into place; blocks until done. */
        public Result run() throws IOException {
            Path part = request.partFile();
            Files.createDirectories(part.toAbsolutePath().getParent());
            long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
            for (int attempt = 0; ; attempt++) {
                try {
                    return transfer(part, offset);
                } catch (RangeNotSatisfiable e) {
                    if (attempt > 0) {
                        throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": the server refused the range "
                                + "request twice (HTTP 416)");
                    }
                    // The part is as long as the file or longer (the file changed): start over.
                    Files.deleteIfExists(part);
                    offset = 0;
                }
            }
        }

        private Result transfer(Path part, long offset) throws IOException {
            MessageDigest digest = Sha256.newDigest();
            Sha256.update(digest, part, offset);
            Reply reply = open(offset);
            HttpResponse<InputStream> response = reply.response;
            long start = offset;
            long total;
            if (response.statusCode() == 206) {
                long[] range = contentRange(response);
                if (range[0] != offset) {
                    closeQuietly(response.body());
                    throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": asked for bytes from " + offset
                            + ", the server sent them from " + range[0]);
                }
                total = range[1] >= 0 ? range[1] : reply.linkedSize;
            } else {
                // 200: the whole file, whether or not we asked for a range.
                start = 0;
                digest.reset();
                total = response.headers().firstValueAsLong("Content-Length").orElse(reply.linkedSize);
            }
            String expectedSha = request.pinnedSha256() != null ? request.pinnedSha256() : reply.serverSha256;
            Verification verification = request.pinnedSha256() != null ? Verification.PINNED_SHA256
                    : reply.serverSha256 != null ? Verification.SERVER_SHA256 : Verification.SIZE_ONLY;

            checkSpace(part, total - start, response.body());
            long done = receive(response.body(), part, start, total, digest);
            if (total >= 0 && done != total) {
                Files.deleteIfExists(part);
                throw new DownloadException(Reason.CORRUPT, fileName() + ": expected " + total + " bytes, found "
                        + done + "; the partial file was removed, try again");
            }
            String actualSha = Sha256.hex(digest);
            if (expectedSha != null && !expectedSha.equals(actualSha)) {
                Files.deleteIfExists(part);
                throw new DownloadException(Reason.CORRUPT, fileName() + ": expected SHA-256 " + expectedSha
                        + ", found " + actualSha + "; the download is corrupt and was removed, try again");
            }
            AtomicFiles.moveIntoPlace(part, request.target());
            return new Result(request.target(), done, actualSha, verification);
        }

        private void checkSpace(Path part, long needed, InputStream body) throws IOException {
            Path dir = part.toAbsolutePath().getParent();
            long free = freeSpace.of(dir);
            if (needed > 0 && needed > free) {
                closeQuietly(body);
                throw new DownloadException(Reason.NO_SPACE, fileName() + ": needs " + needed + " more bytes, but "
                        + dir + " has " + free + " free; free some space or choose another models folder");
            }
        }

        /** Streams the body into the part file from {@code start}; returns the part's final length. */
        private long receive(InputStream in, Path part, long start, long total, MessageDigest digest) throws IOException {
            body = in;
            lastActivityNanos = System.nanoTime();
            ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(this::checkStall,
                    stallTimeout.toMillis() / 4 + 1, stallTimeout.toMillis() / 4 + 1, TimeUnit.MILLISECONDS);
            RateMeter rate = new RateMeter(start);
            long done = start;
            try (in; FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                out.truncate(start);
                out.position(start);
                byte[] buffer = new byte[1 << 16];
                report(done, total, 0);
                for (int n; (n = readOrLost(in, buffer, done, total)) > 0; ) {
                    lastActivityNanos = System.nanoTime();
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    done += n;
                    if (total >= 0 && done > total) {
                        break; // the size check after the loop reports it
                    }
                    if (rate.due(done)) {
                        report(done, total, rate.bytesPerSecond());
                    }
                }
                checkStopped(done, total);
                out.force(false);
            } finally {
                watchdog.cancel(false);
                body = null;
            }
            report(done, total, rate.bytesPerSecond());
            return done;
        }

        private int readOrLost(InputStream in, byte[] buffer, long done, long total) throws IOException {
            try {
                return in.read(buffer);
            } catch (IOException e) {
                checkStopped(done, total);
                throw lost(done, total, e);
            }
        }

        private void checkStopped(long done, long total) throws DownloadException {
            if (cancelled) {
                throw new DownloadException(Reason.CANCELLED, fileName() + ": cancelled after " + done + " bytes; "
                        + "the partial file is kept and the next download resumes from there");
            }
            if (stalled) {
                throw lost(done, total, null);
            }
        }

        private DownloadException lost(long done, long total, IOException cause) {
            String why = stalled ? "no data arrived for " + stallTimeout.toSeconds() + " s" : "the connection broke";
            return new DownloadException(Reason.CONNECTION_LOST, fileName() + ": " + why + " after " + done
                    + (total >= 0 ? " of " + total : "") + " bytes; the partial file is kept and the next download "
                    + "resumes from there", cause);
        }

        private void checkStall() {
            if (System.nanoTime() - lastActivityNanos > stallTimeout.toNanos()) {
                stalled = true;
                closeBody();
            }
        }

        private void closeBody() {
            InputStream in = body;
            if (in != null) {
                closeQuietly(in);
            }
        }

        /** Sends the GET, following redirects by hand to collect the hub's LFS headers on the way. */
        private Reply open(long offset) throws IOException {
            URI uri = request.uri();
            String serverSha = null;
            long linkedSize = -1;
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                if (cancelled) {
                    checkStopped(offset, -1);
                }
                HttpRequest.Builder get = HttpRequest.newBuilder(uri).GET()
                        .header("User-Agent", "ARPG-Studio").timeout(Duration.ofSeconds(60));
                if (offset > 0) {
                    get.header("Range", "bytes=" + offset + "-");
                }
                HttpResponse<InputStream> response = send(get.build());
                if (serverSha == null) {
                    serverSha = announcedSha256(response);
                }
                if (linkedSize < 0) {
                    linkedSize = response.headers().firstValueAsLong("X-Linked-Size").orElse(-1);
                }
                int status = response.statusCode();
                if (status == 200 || status == 206) {
                    return new Reply(response, serverSha, linkedSize);
                }
                closeQuietly(response.body());
                if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                    uri = uri.resolve(response.headers().firstValue("Location").get());
                    continue;
                }
                if (status == 416) {
                    throw new RangeNotSatisfiable();
                }
                if (status == 404 || status == 410) {
                    throw new DownloadException(Reason.NOT_FOUND, request.uri() + " was not found on the server (HTTP "
                            + status + "): the file may have been renamed or removed");
                }
                if (status == 401 || status == 403) {
                    throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": access denied (HTTP " + status
                            + "); the repository may be private or gated");
                }
                throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": the server answered HTTP " + status
                        + (status >= 500 ? "; try again later" : ""));
            }
            throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": more than " + MAX_REDIRECTS + " redirects");
        }

        private HttpResponse<InputStream> send(HttpRequest get) throws IOException {
            try {
                return client.send(get, HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
                throw new DownloadException(Reason.OFFLINE, "cannot reach " + get.uri().getHost() + " (offline?): "
                        + describe(e) + ". Connect to the internet and try again, or put the file at "
                        + request.target() + " yourself", e);
            } catch (HttpTimeoutException e) {
                throw new DownloadException(Reason.CONNECTION_LOST, get.uri().getHost() + " did not answer in time; "
                        + "try again", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(Reason.CANCELLED, fileName() + ": interrupted", e);
            } catch (IOException e) {
                throw new DownloadException(Reason.CONNECTION_LOST, get.uri().getHost() + " closed the connection "
                        + "before answering: " + describe(e), e);
            }
        }

        private void report(long done, long total, double bytesPerSecond) {
            listener.accept(new DownloadProgress(fileName(), done, total, bytesPerSecond));
        }

        private String fileName() {
            return request.target().getFileName().toString();
        }

        private long[] contentRange(HttpResponse<?> response) throws DownloadException {
            String header = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(header);
            if (!m.matches()) {
                closeQuietly((InputStream) response.body());
                throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": expected a Content-Range of the form "
                        + "'bytes a-b/n' with HTTP 206, found '" + header + "'");
            }
            long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            return new long[] {Long.parseLong(m.group(1)), total};
        }
    }

    /**
     * The SHA-256 the server states for the file: the hub puts the LFS oid in {@code X-Linked-Etag}
     * on its redirect, and LFS-backed CDNs often use it as the {@code ETag}. Other ETags are opaque.
     */
    static String announcedSha256(HttpResponse<?> response) {
        for (String header : new String[] {"X-Linked-Etag", "ETag"}) {
            Optional<String> value = response.headers().firstValue(header);
            if (value.isPresent()) {
                String tag = value.get().trim();
                if (tag.startsWith("W/")) {
                    continue; // a weak tag says nothing about the bytes
                }
                tag = tag.replace("\"", "").toLowerCase(Locale.ROOT);
                if (Sha256.isHex(tag)) {
                    return tag;
                }
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing only stops the transfer; nothing to recover
        }
    }

    private record Reply(HttpResponse<InputStream> response, String serverSha256, long linkedSize) {}

    /** HTTP 416 to a Range request: handled by starting over once. */
    private static final class RangeNotSatisfiable extends IOException {
        RangeNotSatisfiable() {
            super("range not satisfiable");
        }
    }

    /** A smoothed transfer rate, measured over report intervals. */
    private static final class RateMeter {
        private long lastBytes;
        private long lastNanos = System.nanoTime();
        private double bytesPerSecond;

        RateMeter(long startBytes) {
            lastBytes = startBytes;
        }

        /** Updates the rate when a report interval has passed; true when a report is due. */
        boolean due(long bytes) {
            long now = System.nanoTime();
            long elapsed = now - lastNanos;
            if (elapsed < REPORT_INTERVAL.toNanos()) {
                return false;
            }
            double instant = (bytes - lastBytes) * 1e9 / elapsed;
            bytesPerSecond = bytesPerSecond == 0 ? instant : 0.7 * bytesPerSecond + 0.3 * instant;
            lastBytes = bytes;
            lastNanos = now;
            return true;
        }

        double bytesPerSecond() {
            return bytesPerSecond;
        }
    }
}
