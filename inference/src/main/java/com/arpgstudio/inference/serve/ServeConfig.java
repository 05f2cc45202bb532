package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.ImageDecoder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How {@code arpg serve} listens and what it accepts. Every limit bounds the memory or time one
 * client can take: a request's body, the pixels of its images, how long it may take to arrive, how
 * many jobs wait, how many finished results are kept.
 *
 * @param host              address to bind; a loopback address unless a token is set
 * @param port              TCP port (0: any free port, for tests)
 * @param token             bearer token every request must carry, or null for none (loopback only)
 * @param queueLimit        jobs that may wait behind the running one; more get 503 with Retry-After
 * @param maxBodyBytes      largest request body
 * @param maxPixels         largest image (width x height) a request may upload
 * @param requestTimeout    time a request has to arrive whole, and an idle connection to send one
 * @param maxConnections    open connections at once; more are closed at once
 * @param previewEverySteps a preview PNG on the events stream every this many steps (and on a
 *                          window's last step)
 * @param previewMaxSide    longest side of a preview PNG
 * @param keptJobs          finished jobs whose results stay available
 * @param keptFor           how long a finished job's result stays available
 */
public record ServeConfig(String host, int port, String token, int queueLimit, long maxBodyBytes, long maxPixels,
                          Duration requestTimeout, int maxConnections, int previewEverySteps, int previewMaxSide,
                          int keptJobs, Duration keptFor) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7860;
    /** The largest request body: what one byte array holds. */
    public static final long MAX_BODY_BYTES = Integer.MAX_VALUE;

    /** Loopback on port 7860, no token, 4 jobs waiting, 64 MiB bodies, the decoder's pixel cap. */
    public static ServeConfig defaults() {
        return new ServeConfig(DEFAULT_HOST, DEFAULT_PORT, null, 4, 64L << 20, ImageDecoder.DEFAULT_MAX_PIXELS,
                Duration.ofSeconds(60), 64, 4, 256, 16, Duration.ofMinutes(10));
    }

    /** Throws {@link IllegalArgumentException} naming the first value out of range. */
    public ServeConfig validate() {
        require(host != null && !host.isBlank(), "host: expected an address, found none");
        require(port >= 0 && port <= 65535, "port: expected 0..65535, found " + port);
        require(token == null || token.length() >= 16,
                "token: expected at least 16 characters, found " + (token == null ? 0 : token.length()));
        require(token != null || isLoopback(host), "host " + host + " is not a loopback address: serving another "
                + "host needs a token (--token or ARPG_SERVE_TOKEN)");
        require(queueLimit >= 0 && queueLimit <= 1000, "queue limit: expected 0..1000, found " + queueLimit);
        require(maxBodyBytes >= 1024 && maxBodyBytes <= MAX_BODY_BYTES,
                "max body: expected 1 KiB..2 GiB, found " + maxBodyBytes + " bytes");
        require(maxPixels >= 1 && maxPixels <= ImageDecoder.DEFAULT_MAX_PIXELS,
                "max pixels: expected 1.." + ImageDecoder.DEFAULT_MAX_PIXELS + ", found " + maxPixels);
        require(requestTimeout.compareTo(Duration.ofMillis(100)) >= 0, "request timeout: expected at least 100 ms");
        require(maxConnections >= 1, "max connections: expected at least 1, found " + maxConnections);
        require(previewEverySteps >= 1, "preview interval: expected at least 1 step, found " + previewEverySteps);
        require(previewMaxSide >= 16 && previewMaxSide <= 1024, "preview size: expected 16..1024, found "
                + previewMaxSide);
        require(keptJobs >= 1 && keptJobs <= 1000, "kept jobs: expected 1..1000, found " + keptJobs);
        require(!keptFor.isNegative() && !keptFor.isZero(), "kept-for: expected a positive duration");
        return this;
    }

    /** A builder starting from these values; {@link Builder#build()} validates the result. */
    public Builder edit() {
        return new Builder(this);
    }

    /** Changes a few values of a configuration. */
    public static final class Builder {
        private String host;
        private int port;
        private String token;
        private int queueLimit;
        private long maxBodyBytes;
        private long maxPixels;
        private Duration requestTimeout;
        private int maxConnections;
        private int previewEverySteps;
        private int previewMaxSide;
        private int keptJobs;
        private Duration keptFor;

        private Builder(ServeConfig c) {
            host = c.host;
            port = c.port;
            token = c.token;
            queueLimit = c.queueLimit;
            maxBodyBytes = c.maxBodyBytes;
            maxPixels = c.maxPixels;
            requestTimeout = c.requestTimeout;
            maxConnections = c.maxConnections;
            previewEverySteps = c.previewEverySteps;
            previewMaxSide = c.previewMaxSide;
            keptJobs = c.keptJobs;
            keptFor = c.keptFor;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder token(String value) {
            token = value;
            return this;
        }

        public Builder queueLimit(int value) {
            queueLimit = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder maxPixels(long value) {
            maxPixels = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder previewEverySteps(int value) {
            previewEverySteps = value;
            return this;
        }

        /** The configuration; {@link IllegalArgumentException} naming the first value out of range. */
        public ServeConfig build() {
            return new ServeConfig(host, port, token, queueLimit, maxBodyBytes, maxPixels, requestTimeout,
                    maxConnections, previewEverySteps, previewMaxSide, keptJobs, keptFor).validate();
        }
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
