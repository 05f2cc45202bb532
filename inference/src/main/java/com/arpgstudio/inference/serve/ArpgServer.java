package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.runtime.ModelEntry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code arpg serve}: the HTTP API over one loaded model. Netty carries HTTP (it keeps reading a
 * connection while its job runs, so a client that leaves is noticed at once and its job
 * cancelled); one engine thread runs the jobs ({@link JobQueue}) through the same {@link Editor}
 * as the command line and the editor; two request threads decode forms and images; every
 * connection is bounded in body size ({@link BodyLimit}), time ({@link ConnectionTimeouts}) and
 * number.
 */
public final class ArpgServer implements AutoCloseable {

    /** Headers and the request line: far more than any client of this API sends. */
    private static final int MAX_INITIAL_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 16 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;
    private static final String OPENAPI = "openapi.json";

    /**
     * What the server runs: the model as the user named it, the device it is on, and the sampling
     * settings it recommends (what a request's settings leave out).
     */
    public record Model(String id, String device, SamplingSettings recommended) {}

    private final Editor editor;
    private final Model model;
    private final Supplier<List<ModelEntry>> catalogue;
    private final ServeConfig config;
    private final JobQueue queue;
    private final byte[] openApi;
    private final EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup network = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final EventExecutorGroup requests = new DefaultEventExecutorGroup(2);
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Channel listener;

    private ArpgServer(Editor editor, Model model, Supplier<List<ModelEntry>> catalogue, ServeConfig config) {
        this.editor = editor;
        this.model = model;
        this.catalogue = catalogue;
        this.config = config;
        this.queue = new JobQueue(editor, config);
        this.openApi = readOpenApi();
    }

    /**
     * Starts serving; the editor then belongs to the server's engine thread until {@link #close()}.
     *
     * @param catalogue the models this installation knows, for {@code GET /api/v1/models}
     * @throws IOException when the address cannot be bound (in use, not this machine's)
     */
    public static ArpgServer start(Editor editor, Model model, Supplier<List<ModelEntry>> catalogue,
                                   ServeConfig config) throws IOException {
        ArpgServer server = new ArpgServer(editor, model, catalogue, config.validate());
        try {
            server.bind();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void bind() throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, network)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (connections.incrementAndGet() > config.maxConnections()) {
                            connections.decrementAndGet();
                            channel.close();
                            return;
                        }
                        channel.closeFuture().addListener(f -> connections.decrementAndGet());
                        channel.pipeline()
                                .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                                .addLast(new ConnectionTimeouts(config.requestTimeout()))
                                .addLast(new BodyLimit(config.maxBodyBytes()))
                                .addLast(requests, new ApiHandler(ArpgServer.this));
                    }
                });
        try {
            listener = bootstrap.bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + config.host() + ":" + config.port(), e);
        } catch (Exception e) { // Netty rethrows the bind's checked exception undeclared
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** The port listened on (the chosen one when the configuration asked for 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The base URL, for messages and tests. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /** Blocks until {@link #close()} has finished: the engine thread no longer uses the editor. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    ServeConfig config() {
        return config;
    }

    JobQueue queue() {
        return queue;
    }

    Editor editor() {
        return editor;
    }

    Model model() {
        return model;
    }

    Supplier<List<ModelEntry>> catalogue() {
        return catalogue;
    }

    byte[] openApi() {
        return openApi;
    }

    /** Stops listening, cancels every job (the running one within a step), closes every connection. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        queue.close();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        network.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        requests.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        closed.countDown();
    }

    private static byte[] readOpenApi() {
        try (InputStream in = ArpgServer.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IOException("resource " + OPENAPI + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document: " + e.getMessage(), e);
        }
    }
}
