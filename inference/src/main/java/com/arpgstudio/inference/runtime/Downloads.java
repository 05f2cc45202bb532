package com.arpgstudio.inference.runtime;

import com.arpgstudio.inference.runtime.DownloadException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Fetches model files over HTTP(S) with {@link HttpClient}, through the user's proxy
 * ({@link HttpProxies}). A file is moved into place only when it is complete and proven: its size
 * agrees with every size the request and the server state (one must be known), its SHA-256 with the
 * pinned one or the hub's LFS oid ({@code X-Linked-Etag}) when there is one, and it passes the
 * request's content check (a model file loads as that model). Until then the bytes live in a
 * {@code .part} file: a dropped connection keeps it and the next attempt resumes it with an HTTP
 * Range request; bytes that fail a check are removed.
 *
 * <p>Every wait is bounded: connecting ({@link Options#connectTimeout}), the server's answer
 * ({@link Options#answerTimeout}) and each stretch of the body ({@link Options#stallTimeout}). A
 * dropped or stalled connection, or a server that is briefly unavailable, is retried after a
 * growing pause ({@link Retry}); every failure ends in a {@link DownloadException} whose message
 * says what happened in words.
 *
 * <p>One {@link Download} per file; it runs on the caller's thread and can be cancelled from any other.
 */
public final class Downloads {

    /** How often progress is reported at most. */
    static final Duration REPORT_INTERVAL = Duration.ofMillis(200);
    private static final int MAX_REDIRECTS = 10;
    /** 18 digits: any size that fits a long, and no more (a longer number is not a file size). */
    private static final String SIZE = "(\\d{1,18})";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes " + SIZE + "-" + SIZE + "/(" + SIZE + "|\\*)");
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /** Free bytes on the disk that holds a folder. */
    @FunctionalInterface
    public interface FreeSpace {
        long of(Path dir) throws IOException;

        /** The usable space of the file store that holds the folder. */
        FreeSpace DISK = dir -> Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * How often a transient failure (a dropped or stalled connection, HTTP 429 or 5xx) is retried,
     * waiting {@code firstDelay}, then twice as long each time, at most {@code maxDelay}.
     */
    public record Retry(int attempts, Duration firstDelay, Duration maxDelay) {
        /** Five retries over about a minute: rides out a network switch or a server restart. */
        public static final Retry STANDARD = new Retry(5, Duration.ofSeconds(2), Duration.ofSeconds(30));
        public static final Retry NONE = new Retry(0, Duration.ZERO, Duration.ZERO);

        public Retry {
            if (attempts < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("retry: expected attempts >= 0 and 0 <= firstDelay <= maxDelay, "
                        + "found " + attempts + ", " + firstDelay + ", " + maxDelay);
            }
        }

        /** The pause before retry number {@code retry} (0-based). */
        Duration delay(int retry) {
            Duration delay = firstDelay.multipliedBy(1L << Math.min(retry, 20));
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    /**
     * The limits and surroundings of downloads.
     *
     * @param proxies        which requests go through which proxy
     * @param connectTimeout how long connecting to a host (or the proxy) may take
     * @param answerTimeout  how long the server may take to answer a request (until its headers)
     * @param stallTimeout   how long the body may send nothing before the connection counts as lost
     * @param retry          what happens after a transient failure
     * @param freeSpace      how free disk space is measured before a download starts
     */
    public record Options(HttpProxies proxies, Duration connectTimeout, Duration answerTimeout, Duration stallTimeout,
            Retry retry, FreeSpace freeSpace) {

        /** The user's proxies; 20 s to connect, 60 s to answer, 60 s of silence; {@link Retry#STANDARD}. */
        public static Options standard() {
            return new Options(HttpProxies.fromEnvironment(), Duration.ofSeconds(20), Duration.ofSeconds(60),
                    Duration.ofSeconds(60), Retry.STANDARD, FreeSpace.DISK);
        }

        public Options withProxies(HttpProxies value) {
            return new Options(value, connectTimeout, answerTimeout, stallTimeout, retry, freeSpace);
        }

        public Options withTimeouts(Duration connect, Duration answer, Duration stall) {
            return new Options(proxies, connect, answer, stall, retry, freeSpace);
        }

        public Options withRetry(Retry value) {
            return new Options(proxies, connectTimeout, answerTimeout, stallTimeout, value, freeSpace);
        }

        public Options withFreeSpace(FreeSpace value) {
            return new Options(proxies, connectTimeout, answerTimeout, stallTimeout, retry, value);
        }
    }

    private final Options options;
    private final HttpClient client;

    /** Downloads with {@link Options#standard()}. */
    public Downloads() {
        this(Options.standard());
    }

    public Downloads(Options options) {
        this.options = options;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                // Redirects are followed by hand: the hub's SHA-256 and size headers are on the redirect.
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(options.proxies());
        if (options.proxies().authenticator() != null) {
            // A proxy's password for https downloads is sent when opening the tunnel, which the JDK
            // refuses for Basic authentication unless this is cleared (it is read once, before the
            // first client is made). The user put the password in the proxy variable to have it used.
            if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
                System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
            }
            builder.authenticator(options.proxies().authenticator());
        }
        this.client = builder.build();
    }

    public Options options() {
        return options;
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
        /** The server gave no SHA-256 and none was pinned: size and content check only. */
        SIZE_ONLY
    }

    /** A finished download. */
    public record Result(Path file, long size, String sha256, Verification verification) {}

    /** One file's transfer. Not reusable: run it once; cancel it from any thread. */
    public final class Download {

        private final DownloadRequest request;
        private final Consumer<DownloadProgress> listener;
        private final CountDownLatch cancelSignal = new CountDownLatch(1);
        private volatile boolean cancelled;
        private volatile boolean stalled;
        private volatile InputStream body;
        private volatile CompletableFuture<?> pending;
        private volatile long lastActivityNanos;
        private long lastReported;
        private long lastTotal = -1;

        private Download(DownloadRequest request, Consumer<DownloadProgress> listener) {
            this.request = request;
            this.listener = listener;
        }

        /** Stops the transfer soon; {@link #run()} then throws with {@link Reason#CANCELLED}. */
        public void cancel() {
            cancelled = true;
            cancelSignal.countDown();
            CompletableFuture<?> request = pending;
            if (request != null) {
                request.cancel(true);
            }
            closeBody();
        }

        /**
         * Downloads (or resumes), verifies and moves the file into place; blocks until done. Every
         * failure is a {@link DownloadException} with its reason.
         */
        public Result run() throws DownloadException {
            try {
                return attempts();
            } catch (DownloadException e) {
                throw e;
            } catch (IOException e) {
                throw writeFailed(e);
            } catch (RuntimeException e) {
                // Every answer a server can give is handled above; this is the net under what was not foreseen.
                throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": the download stopped on an "
                        + "unexpected answer from the server (" + Texts.printable(e.toString()) + ")", e);
            }
        }

        private Result attempts() throws IOException {
            String proxyProblem = options.proxies().problem(request.uri());
            if (proxyProblem != null) {
                throw new DownloadException(Reason.PROXY, proxyProblem);
            }
            Path part = request.partFile();
            Files.createDirectories(part.toAbsolutePath().getParent());
            boolean startedOver = false;
            for (int retry = 0; ; ) {
                long offset = Files.isRegularFile(part) ? Files.size(part) : 0;
                try {
                    return transfer(part, offset);
                } catch (StartOver e) {
                    if (startedOver) {
                        throw e.failure;
                    }
                    // The kept part was of another file (416) or of other bytes (hash): once from zero.
                    Files.deleteIfExists(part);
                    startedOver = true;
                } catch (DownloadException e) {
                    if (!e.reason().isTransient() || retry >= options.retry().attempts() || cancelled) {
                        throw e;
                    }
                    Duration pause = options.retry().delay(retry++);
                    report(lastReported, lastTotal, 0, e.getMessage() + "; trying again in " + pause.toSeconds()
                            + " s (" + retry + " of " + options.retry().attempts() + ")");
                    pause(pause);
                }
            }
        }

        private void pause(Duration pause) throws DownloadException {
            try {
                if (cancelSignal.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    checkStopped(lastReported, lastTotal);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(Reason.CANCELLED, fileName() + ": interrupted", e);
            }
        }

        private Result transfer(Path part, long offset) throws IOException {
            MessageDigest digest = Sha256.newDigest();
            Sha256.update(digest, part, offset);
            Reply reply = open(offset);
            HttpResponse<InputStream> response = reply.response;
            long start;
            long total;
            try {
                List<Stated> sizes = new ArrayList<>(reply.sizes);
                if (response.statusCode() == 206) {
                    start = offset;
                    total = partialContent(response, offset, sizes);
                } else {
                    start = 0; // 200: the whole file, whether or not we asked for a range
                    digest.reset();
                    contentLength(response).ifPresent(n -> sizes.add(new Stated("Content-Length", n)));
                    total = agreedSize(sizes);
                }
                checkSpace(part, total - start);
            } catch (IOException | RuntimeException e) {
                closeQuietly(response.body());
                throw e;
            }
            String expectedSha = request.pinnedSha256() != null ? request.pinnedSha256() : reply.serverSha256;
            Verification verification = request.pinnedSha256() != null ? Verification.PINNED_SHA256
                    : reply.serverSha256 != null ? Verification.SERVER_SHA256 : Verification.SIZE_ONLY;

            long done = receive(response.body(), part, start, total, digest);
            if (done < total) {
                throw new DownloadException(Reason.CONNECTION_LOST, fileName() + ": the server ended the transfer after "
                        + done + " of " + total + " bytes; the partial file is kept and the next download resumes from there");
            }
            if (done > total) {
                Files.deleteIfExists(part);
                throw new DownloadException(Reason.CORRUPT, fileName() + ": the server sent more than the " + total
                        + " bytes it announced; the download was removed, try again");
            }
            String actualSha = Sha256.hex(digest);
            if (expectedSha != null && !expectedSha.equals(actualSha)) {
                Files.deleteIfExists(part);
                DownloadException corrupt = new DownloadException(Reason.CORRUPT, fileName() + ": expected SHA-256 "
                        + expectedSha + ", found " + actualSha + "; the download is corrupt and was removed, try again");
                if (start > 0) {
                    throw new StartOver(corrupt); // the kept prefix may be what differs
                }
                throw corrupt;
            }
            try {
                request.check().check(part);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(part);
                throw new DownloadException(Reason.CORRUPT, fileName() + " is not the file it should be: "
                        + e.getMessage() + "; the download was removed", e);
            }
            AtomicFiles.moveIntoPlace(part, request.target());
            return new Result(request.target(), done, actualSha, verification);
        }

        /** Checks a 206 against the request; returns the file's size. */
        private long partialContent(HttpResponse<InputStream> response, long offset, List<Stated> sizes)
                throws DownloadException {
            String header = response.headers().firstValue("Content-Range").orElse("");
            Matcher m = CONTENT_RANGE.matcher(header.trim());
            if (!m.matches()) {
                throw protocol("expected a Content-Range of the form 'bytes a-b/n' with HTTP 206, found '"
                        + Texts.printable(header) + "'");
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (first != offset || last < first) {
                throw protocol("asked for the bytes from " + offset + " on, the server sent " + first + "-" + last);
            }
            if (m.group(4) != null) {
                long length = Long.parseLong(m.group(4));
                if (last != length - 1) {
                    throw protocol("asked for the bytes from " + offset + " to the end, the server sent " + first + "-"
                            + last + " of " + length);
                }
                sizes.add(new Stated("Content-Range", length));
            }
            Optional<Long> contentLength = contentLength(response);
            if (contentLength.isPresent() && contentLength.get() != last - first + 1) {
                throw protocol("Content-Range " + first + "-" + last + " is " + (last - first + 1)
                        + " bytes, Content-Length says " + contentLength.get());
            }
            if (m.group(4) == null) {
                sizes.add(new Stated("Content-Range", last + 1)); // bytes to the end were asked for and sent
            }
            return agreedSize(sizes);
        }

        /** The one size that every statement agrees on; a model file of unknown size is never installed. */
        private long agreedSize(List<Stated> sizes) throws DownloadException {
            List<Stated> all = new ArrayList<>(sizes);
            if (request.expectedBytes() >= 0) {
                all.add(0, new Stated("the expected size", request.expectedBytes()));
            }
            if (all.isEmpty()) {
                throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": the server did not say how large "
                        + "the file is, so a complete download could not be told from a cut one; nothing was installed");
            }
            for (Stated s : all) {
                if (s.bytes != all.get(0).bytes) {
                    throw protocol("the file's size is " + all.get(0).bytes + " bytes by " + all.get(0).source
                            + " but " + s.bytes + " by " + s.source);
                }
            }
            lastTotal = all.get(0).bytes;
            return lastTotal;
        }

        private Optional<Long> contentLength(HttpResponse<?> response) throws DownloadException {
            return size(response.headers(), "Content-Length");
        }

        private Optional<Long> size(HttpHeaders headers, String name) throws DownloadException {
            Optional<String> value = headers.firstValue(name);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (!value.get().trim().matches(SIZE)) {
                throw protocol("expected a size in bytes as " + name + ", found '" + Texts.printable(value.get()) + "'");
            }
            return Optional.of(Long.parseLong(value.get().trim()));
        }

        private DownloadException protocol(String what) {
            return new DownloadException(Reason.HTTP_ERROR, request.uri() + ": " + what
                    + "; the server's answer does not fit the request, nothing of it was kept");
        }

        private void checkSpace(Path part, long needed) throws IOException {
            Path dir = part.toAbsolutePath().getParent();
            long free = options.freeSpace().of(dir);
            if (needed > free) {
                throw new DownloadException(Reason.NO_SPACE, fileName() + ": needs " + Sizes.describe(needed)
                        + " more, but " + dir + " has " + Sizes.describe(free) + " free; free some space and try again");
            }
        }

        /** Streams the body into the part file from {@code start}; returns the part's final length. */
        private long receive(InputStream in, Path part, long start, long total, MessageDigest digest) throws IOException {
            body = in;
            lastActivityNanos = System.nanoTime();
            long tick = options.stallTimeout().toMillis() / 4 + 1;
            ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(this::checkStall, tick, tick,
                    TimeUnit.MILLISECONDS);
            RateMeter rate = new RateMeter(start);
            long done = start;
            try (in; FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                out.truncate(start);
                out.position(start);
                byte[] buffer = new byte[1 << 16];
                report(done, total, 0, "");
                checkStopped(done, total);
                for (int n; (n = readOrLost(in, buffer, done, total)) > 0; ) {
                    lastActivityNanos = System.nanoTime();
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    done += n;
                    if (done > total) {
                        break; // the size check after the loop reports it
                    }
                    if (rate.due(done)) {
                        report(done, total, rate.bytesPerSecond(), "");
                    }
                }
                checkStopped(done, total);
                out.force(false);
            } finally {
                watchdog.cancel(false);
                body = null;
            }
            report(done, total, rate.bytesPerSecond(), "");
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
                stalled = false; // the next attempt starts with a fresh connection
                throw lost(done, total, null);
            }
        }

        private DownloadException lost(long done, long total, IOException cause) {
            String why = cause == null ? "no data arrived for " + options.stallTimeout().toSeconds() + " s"
                    : "the connection broke";
            return new DownloadException(Reason.CONNECTION_LOST, fileName() + ": " + why + " after " + done
                    + (total >= 0 ? " of " + total : "") + " bytes; the partial file is kept and the next download "
                    + "resumes from there", cause);
        }

        private void checkStall() {
            if (System.nanoTime() - lastActivityNanos > options.stallTimeout().toNanos()) {
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
            requireWebAddress(uri, null);
            String serverSha = null;
            List<Stated> sizes = new ArrayList<>();
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                checkStopped(offset, -1);
                HttpRequest.Builder get = HttpRequest.newBuilder(uri).GET()
                        .header("User-Agent", "ARPG-Studio").timeout(options.answerTimeout());
                if (offset > 0) {
                    get.header("Range", "bytes=" + offset + "-");
                }
                HttpResponse<InputStream> response = send(get.build());
                try {
                    if (serverSha == null) {
                        serverSha = announcedSha256(response);
                    }
                    if (sizes.isEmpty()) {
                        size(response.headers(), "X-Linked-Size").ifPresent(n -> sizes.add(new Stated("X-Linked-Size", n)));
                    }
                    int status = response.statusCode();
                    if (status == 200 || status == 206) {
                        return new Reply(response, serverSha, sizes);
                    }
                    closeQuietly(response.body());
                    if (status >= 300 && status < 400) {
                        uri = redirect(uri, response);
                        continue;
                    }
                    throw failure(status);
                } catch (IOException | RuntimeException e) {
                    closeQuietly(response.body());
                    throw e;
                }
            }
            throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": more than " + MAX_REDIRECTS + " redirects");
        }

        /** The next address of a redirect: only to http or https, and never from https down to http. */
        private URI redirect(URI from, HttpResponse<?> response) throws DownloadException {
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw protocol("HTTP " + response.statusCode() + " without a Location to go to");
            }
            URI next;
            try {
                next = from.resolve(new URI(location.trim()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw protocol("redirected to '" + Texts.printable(location) + "', which is not a valid address");
            }
            requireWebAddress(next, from);
            return next;
        }

        private void requireWebAddress(URI uri, URI from) throws DownloadException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String what = from == null ? "the download address" : "redirected to";
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": " + what + " '"
                        + Texts.printable(uri.toString()) + "' is not an http or https address; refused");
            }
            if (from != null && scheme.equals("http") && "https".equalsIgnoreCase(from.getScheme())) {
                throw new DownloadException(Reason.HTTP_ERROR, request.uri() + ": redirected from https to plain http ('"
                        + Texts.printable(uri.toString()) + "'); refused");
            }
        }

        private IOException failure(int status) {
            if (status == 416) {
                return new StartOver(new DownloadException(Reason.HTTP_ERROR, request.uri()
                        + ": the server refused to resume the download twice (HTTP 416)"));
            }
            if (status == 404 || status == 410) {
                return new DownloadException(Reason.NOT_FOUND, request.uri() + " was not found on the server (HTTP "
                        + status + "): the file may have been renamed or removed");
            }
            if (status == 407) {
                String proxy = options.proxies().route(request.uri()).map(HttpProxies.Route::describe).orElse("the proxy");
                return new DownloadException(Reason.PROXY, proxy + " asks for a user name and password (HTTP 407): "
                        + "put them in the proxy variable as http://user:password@host:port");
            }
            if (status == 401 || status == 403) {
                return new DownloadException(Reason.HTTP_ERROR, request.uri() + ": access denied (HTTP " + status
                        + "); the repository may be private or gated");
            }
            if (status == 429 || status >= 500) {
                return new DownloadException(Reason.SERVER_UNAVAILABLE, request.uri() + ": the server is busy or "
                        + "failing (HTTP " + status + "); try again later");
            }
            return new DownloadException(Reason.HTTP_ERROR, request.uri() + ": the server answered HTTP " + status);
        }

        private HttpResponse<InputStream> send(HttpRequest get) throws DownloadException {
            URI uri = get.uri();
            Optional<HttpProxies.Route> proxy = options.proxies().route(uri);
            CompletableFuture<HttpResponse<InputStream>> answer =
                    client.sendAsync(get, HttpResponse.BodyHandlers.ofInputStream());
            pending = answer;
            try {
                if (cancelled) {
                    answer.cancel(true);
                }
                return answer.get();
            } catch (CancellationException e) {
                throw new DownloadException(Reason.CANCELLED, fileName() + ": cancelled; any partial file is kept "
                        + "and the next download resumes from there", e);
            } catch (InterruptedException e) {
                answer.cancel(true);
                Thread.currentThread().interrupt();
                throw new DownloadException(Reason.CANCELLED, fileName() + ": interrupted", e);
            } catch (ExecutionException e) {
                throw sendFailure(uri, proxy, e.getCause());
            } finally {
                pending = null;
            }
        }

        private DownloadException sendFailure(URI uri, Optional<HttpProxies.Route> proxy, Throwable e) {
            String host = uri.getHost();
            if (e instanceof CancellationException || cancelled) {
                return new DownloadException(Reason.CANCELLED, fileName() + ": cancelled", e);
            }
            if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                    || e instanceof UnknownHostException) {
                if (proxy.isPresent()) {
                    return new DownloadException(Reason.PROXY, "cannot reach the proxy " + proxy.get().describe()
                            + ": " + unreachable(e) + ". Check the proxy setting, or unset it to connect directly", e);
                }
                return new DownloadException(Reason.OFFLINE, "cannot reach " + host + " (offline?): "
                        + unreachable(e) + ". Connect to the internet and try again, or put the file at "
                        + request.target() + " yourself", e);
            }
            if (e instanceof HttpTimeoutException) {
                return new DownloadException(Reason.CONNECTION_LOST, host + " did not answer within "
                        + options.answerTimeout().toSeconds() + " s", e);
            }
            if (e instanceof SSLException) {
                return new DownloadException(Reason.HTTP_ERROR, "the secure connection to " + host + " failed ("
                        + describe(e) + "); a proxy or firewall that inspects https traffic can cause this", e);
            }
            if (e instanceof ProtocolException) {
                return protocol("the answer broke the HTTP protocol (" + describe(e) + ")");
            }
            if (proxy.isPresent() && describe(e).contains("Tunnel failed")) {
                return new DownloadException(Reason.PROXY, "the proxy " + proxy.get().describe() + " refused to "
                        + "connect to " + host + " (" + describe(e) + ")", e);
            }
            return new DownloadException(Reason.CONNECTION_LOST, host + " closed the connection before answering: "
                    + describe(e), e);
        }

        private DownloadException writeFailed(IOException e) {
            Path dir = request.target().toAbsolutePath().getParent();
            String message = describe(e);
            if (message.contains("No space left") || message.contains("not enough space")) {
                return new DownloadException(Reason.NO_SPACE, fileName() + ": the disk holding " + dir + " is full; "
                        + "the partial file is kept: free some space and the next download resumes", e);
            }
            return new DownloadException(Reason.LOCAL_FILE, fileName() + ": cannot write in " + dir + ": " + message, e);
        }

        private void report(long done, long total, double bytesPerSecond, String note) {
            lastReported = done;
            listener.accept(new DownloadProgress(fileName(), done, total, bytesPerSecond, note));
        }

        private String fileName() {
            return request.target().getFileName().toString();
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

    /** Why a host could not be reached, in words (these exceptions often carry no message). */
    private String unreachable(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "its name could not be looked up (" + describe(e) + ")";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no answer within " + options.connectTimeout().toSeconds() + " s";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "the connection was refused" : describe(e);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return Texts.printable(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing only stops the transfer; nothing to recover
        }
    }

    /** A size in bytes and who stated it. */
    private record Stated(String source, long bytes) {}

    private record Reply(HttpResponse<InputStream> response, String serverSha256, List<Stated> sizes) {}

    /** The kept part does not fit the file (HTTP 416, or its bytes fail the hash): removed, then one fresh try. */
    private static final class StartOver extends IOException {
        final DownloadException failure;

        StartOver(DownloadException failure) {
            super(failure.getMessage());
            this.failure = failure;
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
