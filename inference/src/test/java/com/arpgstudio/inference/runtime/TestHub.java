package com.arpgstudio.inference.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
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
 * answers 302 with the LFS oid in X-Linked-Etag, as the hub does, and {@code /cdn/FILE} serves the bytes
 * with Range support. Each file can misbehave: drop the connection after some bytes, serve wrong
 * bytes, ignore Range, or stall.
 */
public final class TestHub implements AutoCloseable {

    /** How a file is served. */
    public static final class Served {
        final byte[] content;
        volatile int cutAfterBytes = -1; // drop the connection after this many body bytes (once)
        volatile boolean corrupt;        // flip one byte of the body
        volatile boolean ignoreRange;    // answer 200 with the whole file to a Range request
        volatile long stallMillis;       // after the first 1000 bytes, wait this long before the rest
        volatile long chunkDelayMillis;  // pause between 8 KB chunks

        Served(byte[] content) {
            this.content = content;
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    final List<String> rangeHeaders = new CopyOnWriteArrayList<>();

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

    URI uri(String repo, String file) {
        return ReleasedModel.resolveUri(endpoint(), repo, file);
    }

    public Served put(String file, byte[] content) {
        Served served = new Served(content);
        files.put(file, served);
        return served;
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private void resolve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        Served served = files.get(file);
        try (exchange) {
            if (served == null || !path.contains("/resolve/main/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(served.content) + "\"");
            exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(served.content.length));
            exchange.getResponseHeaders().add("Location", "/cdn/" + file);
            exchange.sendResponseHeaders(302, -1);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void serveBytes(HttpExchange exchange) throws IOException {
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
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !served.ignoreRange) {
            start = Integer.parseInt(m.group(1));
            if (start >= body.length) {
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length - start);
        } else {
            exchange.sendResponseHeaders(200, body.length);
        }
        OutputStream out = exchange.getResponseBody();
        int cut = served.cutAfterBytes;
        served.cutAfterBytes = -1;
        try {
            int end = cut >= 0 ? Math.min(body.length, start + cut) : body.length;
            for (int at = start; at < end; at += 8192) {
                int n = Math.min(8192, end - at);
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
