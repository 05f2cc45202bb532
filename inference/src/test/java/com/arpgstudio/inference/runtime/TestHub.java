package com.arpgstudio.inference.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1 (random port): {@code /OWNER/NAME/resolve/main/FILE}
 * answers 302 with the LFS oid in X-Linked-Etag and the size in X-Linked-Size, as the hub does, and
 * {@code /cdn/FILE} serves the bytes with Range support. Each file can misbehave: drop the
 * connection after some bytes, serve wrong bytes, ignore Range, stall, leave out its hash or size,
 * declare a wrong length or range, redirect somewhere odd, or fail with a status first.
 *
 * <p>The hub is also an HTTP proxy: a request for an absolute address of any host is served as if
 * it were for the hub, and recorded in {@link #proxied}; with {@link #proxyCredentials} set, such a
 * request must carry them (Basic) or gets 407.
 */
public final class TestHub implements AutoCloseable {

    /** How a file is served. */
    public static final class Served {
        final byte[] content;
        public volatile int cutAfterBytes = -1; // drop the connection after this many body bytes...
        public volatile int cuts = 1;            // ...this many times
        public volatile boolean corrupt;        // flip one byte of the body
        public volatile boolean ignoreRange;    // answer 200 with the whole file to a Range request
        public volatile long stallMillis;       // after the first 1000 bytes, wait this long before the rest
        public volatile long chunkDelayMillis;  // pause between 8 KB chunks
        public volatile boolean withoutHash;    // no X-Linked-Etag on the redirect
        public volatile boolean withoutSize;    // no X-Linked-Size, and the body without a Content-Length
        public volatile int declaredLength = -1; // Content-Length to declare (and bytes to send) instead of the file's
        public volatile String contentRange;    // a Content-Range to send instead of the true one on 206
        public volatile String location;        // where the resolve URL redirects instead of /cdn/FILE
        public volatile int failures;           // answer failureStatus this many times first
        public volatile int failureStatus = 503;

        Served(byte[] content) {
            this.content = content;
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    /** Absolute addresses requested through the hub as a proxy. */
    public final List<String> proxied = new CopyOnWriteArrayList<>();
    /** "user:password" a proxied request must carry, or null for none. */
    public volatile String proxyCredentials;

    public TestHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cdn/", this::serveBytes);
        server.createContext("/", this::resolve);
        server.setExecutor(executor);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The Range header of every request for bytes ("" for none), in order. */
    public List<String> rangeHeaders() {
        return List.copyOf(rangeHeaders);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri(String repo, String file) {
        return ReleasedModel.resolveUri(endpoint(), repo, file);
    }

    public Served put(String file, byte[] content) {
        Served served = new Served(content);
        files.put(file, served);
        return served;
    }

    /** Downloads for tests: no proxy (whatever the environment says), short timeouts, no retries. */
    public static Downloads.Options options() {
        return Downloads.Options.standard().withProxies(HttpProxies.fromEnvironment(Map.of()))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))
                .withRetry(Downloads.Retry.NONE);
    }

    public static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** False (and answered 407) for a proxied request without the required credentials. */
    private boolean admitted(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        if (uri.getScheme() == null) {
            return true;
        }
        proxied.add(uri.toString());
        String required = proxyCredentials;
        String expected = required == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(required.getBytes(StandardCharsets.UTF_8));
        if (expected == null || expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
            return true;
        }
        exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"test hub\"");
        exchange.sendResponseHeaders(407, -1);
        exchange.close();
        return false;
    }

    private void resolve(HttpExchange exchange) throws IOException {
        if (!admitted(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        Served served = files.get(file);
        try (exchange) {
            if (served == null || !path.contains("/resolve/main/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (served.failures > 0) {
                served.failures--;
                exchange.sendResponseHeaders(served.failureStatus, -1);
                return;
            }
            if (!served.withoutHash) {
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(served.content) + "\"");
            }
            if (!served.withoutSize) {
                exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(served.content.length));
            }
            exchange.getResponseHeaders().add("Location", served.location != null ? served.location : "/cdn/" + file);
            exchange.sendResponseHeaders(302, -1);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void serveBytes(HttpExchange exchange) throws IOException {
        if (!admitted(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Served served = files.get(path.substring("/cdn/".length()));
        if (served == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] body = served.content.clone();
        if (served.corrupt) {
            body[body.length / 2] ^= 1;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        rangeHeaders.add(range == null ? "" : range);
        int start = 0;
        int end = served.declaredLength >= 0 ? Math.min(body.length, served.declaredLength) : body.length;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !served.ignoreRange) {
            start = Integer.parseInt(m.group(1));
            if (start >= body.length) {
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range", served.contentRange != null ? served.contentRange
                    : "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, served.withoutSize ? 0 : end - start);
        } else {
            exchange.sendResponseHeaders(200, served.withoutSize ? 0 : end);
        }
        OutputStream out = exchange.getResponseBody();
        int cut = served.cuts > 0 ? served.cutAfterBytes : -1;
        if (cut >= 0) {
            served.cuts--;
        }
        try {
            int stop = cut >= 0 ? Math.min(end, start + cut) : end;
            for (int at = start; at < stop; at += 8192) {
                int n = Math.min(8192, stop - at);
                out.write(body, at, n);
                out.flush();
                if (served.stallMillis > 0 && at - start >= 1000) {
                    Thread.sleep(served.stallMillis);
                }
                if (served.chunkDelayMillis > 0) {
                    Thread.sleep(served.chunkDelayMillis);
                }
            }
            if (cut >= 0) {
                exchange.close(); // fewer bytes than Content-Length: the server drops the connection
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (cancel, stall test): nothing more to send
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
