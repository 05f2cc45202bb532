package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.EditModels;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.ModelIdentity;
import com.arpgstudio.inference.edit.Operation;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.Texts;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers the API's requests on one connection, one at a time (a request sent before the previous
 * one was answered closes the connection). Runs on a request thread, not a network thread: forms
 * and images are decoded here. Every failure becomes a JSON error with a fitting status; the server
 * goes on serving.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** The id of the job a direct call ran (to find its events or record later). */
    static final String JOB_HEADER = "X-Arpg-Job";
    /** The seed of the variant a PNG answer holds. */
    static final String SEED_HEADER = "X-Arpg-Seed";

    private final ArpgServer server;
    private boolean busy;

    ApiHandler(ArpgServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            ctx.close(); // pipelined: answers must keep the order of requests, which a running job would break
            return;
        }
        busy = true;
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            if (request.decoderResult().isFailure()) {
                keepAlive = false;
                throw ApiException.badRequest("malformed HTTP request: "
                        + Texts.escaped(request.decoderResult().cause().getMessage()));
            }
            checkAccess(request);
            route(ctx, request, keepAlive);
        } catch (RuntimeException e) {
            reply(ctx, keepAlive, Responses.error(ApiException.of(e)));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a connection reset or a failed write: nothing more can be sent on it
    }

    private void reply(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        busy = false;
        Responses.send(ctx.channel(), keepAlive, response);
    }

    private void checkAccess(FullHttpRequest request) {
        ServeConfig config = server.config();
        if (config.token() != null) {
            String given = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
            byte[] expected = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(HttpResponseStatus.UNAUTHORIZED, given.isEmpty()
                        ? "this server needs a token: send the header Authorization: Bearer TOKEN"
                        : "wrong token", Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer"));
            }
            return;
        }
        // Without a token only this machine's programs may use the server; a web page the user has
        // open must not (it could send a request, or read answers after rebinding a name to 127.0.0.1).
        String host = request.headers().get(HttpHeaderNames.HOST, "");
        if (!isLoopbackAuthority(host)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "Host \"" + Texts.printable(host)
                    + "\" is not this machine's loopback name; without a token the server answers only "
                    + "localhost, 127.0.0.1 or [::1]");
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !isLoopbackOrigin(origin)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "requests from web pages (Origin "
                    + Texts.printable(origin) + ") are refused; start the server with a token to allow them");
        }
    }

    private static boolean isLoopbackAuthority(String authority) {
        try {
            String host = URI.create("http://" + authority).getHost();
            return host != null && (host.equalsIgnoreCase("localhost") || host.startsWith("127.")
                    || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = URI.create(origin);
            return "http".equals(uri.getScheme()) && uri.getRawAuthority() != null
                    && isLoopbackAuthority(uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        if (!path.startsWith(Responses.API + "/")) {
            throw notFound(path);
        }
        String[] parts = path.substring(Responses.API.length() + 1).split("/", -1);
        switch (parts[0]) {
            case "health" -> {
                only(method, parts, 1, HttpMethod.GET);
                reply(ctx, keepAlive, Responses.json(HttpResponseStatus.OK, health()));
            }
            case "models" -> {
                only(method, parts, 1, HttpMethod.GET);
                reply(ctx, keepAlive, Responses.json(HttpResponseStatus.OK, models()));
            }
            case "openapi.json" -> {
                only(method, parts, 1, HttpMethod.GET);
                reply(ctx, keepAlive, Responses.bytes(HttpResponseStatus.OK, "application/json; charset=utf-8",
                        server.openApi()));
            }
            case "inpaint", "outpaint", "expand", "generate" -> {
                only(method, parts, 1, HttpMethod.POST);
                Operation operation = Operation.valueOf(parts[0].toUpperCase(Locale.ROOT));
                runAndReply(ctx, request, keepAlive, EditForm.read(request, operation, server.config().maxPixels(),
                        server.model().recommended()));
            }
            case "jobs" -> jobs(ctx, request, keepAlive, method, parts, uri);
            default -> throw notFound(path);
        }
    }

    private void jobs(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, HttpMethod method,
                      String[] parts, QueryStringDecoder uri) {
        if (parts.length == 1) {
            only(method, parts, 1, HttpMethod.POST);
            Job job = server.queue().submit(EditForm.read(request, null, server.config().maxPixels(),
                    server.model().recommended()));
            FullHttpResponse response = Responses.json(HttpResponseStatus.ACCEPTED,
                    Responses.statusJson(job, server.queue().position(job)));
            response.headers().set(HttpHeaderNames.LOCATION, Responses.jobUrl(job));
            reply(ctx, keepAlive, response);
            return;
        }
        Job job = server.queue().find(parts[1]).orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND,
                "no job " + Texts.printable(parts[1]) + " (the last " + server.config().keptJobs()
                        + " finished jobs are kept for " + server.config().keptFor().toMinutes() + " min)"));
        if (parts.length == 2) {
            if (method.equals(HttpMethod.DELETE)) {
                if (job.state().finished()) {
                    throw new ApiException(HttpResponseStatus.CONFLICT, "job " + job.id() + " has already ended ("
                            + job.state().label() + ")");
                }
                server.queue().cancel(job);
                reply(ctx, keepAlive, Responses.json(HttpResponseStatus.ACCEPTED,
                        Responses.statusJson(job, server.queue().position(job))));
                return;
            }
            only(method, parts, 2, HttpMethod.GET, HttpMethod.DELETE);
            reply(ctx, keepAlive, Responses.json(HttpResponseStatus.OK,
                    Responses.statusJson(job, server.queue().position(job))));
            return;
        }
        switch (parts[2]) {
            case "events" -> {
                only(method, parts, 3, HttpMethod.GET);
                stream(ctx, job);
            }
            case "result" -> {
                only(method, parts, 3, HttpMethod.GET);
                reply(ctx, keepAlive, result(job, uri));
            }
            default -> throw notFound(uri.path());
        }
    }

    /** Queues an edit and answers when it ends; the connection closing first cancels it. */
    private void runAndReply(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, EditRequest edit) {
        boolean json = request.headers().get(HttpHeaderNames.ACCEPT, "").contains("application/json");
        Job job = server.queue().submit(edit);
        job.addClient();
        AtomicBoolean left = new AtomicBoolean();
        ChannelFutureListener leave = f -> {
            if (left.compareAndSet(false, true)) {
                job.removeClient();
            }
        };
        ctx.channel().closeFuture().addListener(leave);
        job.outcome().whenComplete((result, failure) -> ctx.executor().execute(() -> {
            ctx.channel().closeFuture().removeListener(leave);
            if (left.compareAndSet(false, true)) {
                job.removeClient();
            }
            if (!ctx.channel().isActive()) {
                return;
            }
            FullHttpResponse response;
            try {
                response = failure == null ? resultResponse(job, result, json)
                        : Responses.error(ApiException.of(unwrap(failure)));
            } catch (RuntimeException e) {
                response = Responses.error(ApiException.of(e));
            }
            response.headers().set(JOB_HEADER, job.id());
            reply(ctx, keepAlive, response);
        }));
    }

    private static FullHttpResponse resultResponse(Job job, EditResult result, boolean json) {
        if (result.images().size() == 1 && !json) {
            FullHttpResponse png = Responses.bytes(HttpResponseStatus.OK, "image/png", job.png(0));
            png.headers().set(SEED_HEADER, Long.toString(result.record().settings().seed()));
            return png;
        }
        return Responses.json(HttpResponseStatus.OK, Responses.resultJson(job, result, true));
    }

    private static FullHttpResponse result(Job job, QueryStringDecoder uri) {
        Job.State state = job.state();
        if (state == Job.State.FAILED) {
            throw ApiException.of(unwrap(job.outcome().handle((r, e) -> e).join()));
        }
        if (state != Job.State.DONE) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "job " + job.id() + " is " + state.label()
                    + (state.finished() ? "; it has no result" : "; its events stream says when the result is ready"));
        }
        EditResult result = job.outcome().join();
        List<String> asked = uri.parameters().getOrDefault("variant", List.of("0"));
        int variant;
        try {
            variant = Integer.parseInt(asked.get(0));
        } catch (NumberFormatException e) {
            variant = -1;
        }
        if (variant < 0 || variant >= result.images().size()) {
            throw ApiException.badRequest("variant: expected 0.." + (result.images().size() - 1) + ", found "
                    + Texts.printable(asked.get(0)));
        }
        FullHttpResponse png = Responses.bytes(HttpResponseStatus.OK, "image/png", job.png(variant));
        png.headers().set(SEED_HEADER, Long.toString(result.record().settings().seedOf(variant)));
        return png;
    }

    /** Streams a job's events until it ends; the stream closing first cancels the job if no one else waits. */
    private void stream(ChannelHandlerContext ctx, Job job) {
        SseStream stream = new SseStream(ctx.channel(), false);
        stream.open();
        job.addClient();
        ctx.channel().closeFuture().addListener(f -> {
            job.unsubscribe(stream);
            job.removeClient();
        });
        job.subscribe(stream);
    }

    private JsonObject health() {
        JsonObject root = new JsonObject();
        root.addProperty("status", "ok");
        root.add("model", loadedModel());
        JsonObject queue = new JsonObject();
        Job running = server.queue().running();
        queue.addProperty("running", running == null ? 0 : 1);
        queue.addProperty("waiting", server.queue().waitingCount());
        queue.addProperty("limit", server.config().queueLimit());
        root.add("queue", queue);
        return root;
    }

    private JsonObject loadedModel() {
        EditModels models = server.editor().models();
        JsonObject model = new JsonObject();
        model.addProperty("id", server.model().id());
        model.addProperty("device", server.model().device());
        model.add("sampling", recommendedSampling());
        model.add("generator", identity(models.generatorWeights()));
        model.add("tokenizer", identity(models.tokenizerWeights()));
        model.addProperty("classes", models.generator().numClasses());
        model.addProperty("windowWidth", models.generator().gridColumns() * models.tokenizer().patchSize());
        model.addProperty("windowHeight", models.generator().gridRows() * models.tokenizer().patchSize());
        return model;
    }

    /** The settings a request's {@code settings} part leaves out take: the model's recommended sampler. */
    private JsonObject recommendedSampling() {
        JsonObject all = Responses.GSON.toJsonTree(server.model().recommended()).getAsJsonObject();
        JsonObject sampling = new JsonObject();
        SamplingSettings.RECOMMENDABLE.forEach(key -> sampling.add(key, all.get(key)));
        return sampling;
    }

    private static JsonObject identity(ModelIdentity id) {
        JsonObject o = new JsonObject();
        o.addProperty("name", id.name());
        o.addProperty("sha256", id.sha256());
        return o;
    }

    private JsonObject models() {
        JsonObject root = new JsonObject();
        root.add("loaded", loadedModel());
        JsonArray known = new JsonArray();
        for (ModelEntry entry : server.catalogue().get()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", entry.id());
            o.addProperty("name", entry.name());
            o.addProperty("source", entry.source().name().toLowerCase(Locale.ROOT));
            o.addProperty("present", entry.present());
            if (entry.shape() != null) {
                o.addProperty("windowPixels", entry.shape().windowPixels());
                o.addProperty("classes", entry.shape().classCount());
            }
            known.add(o);
        }
        root.add("models", known);
        return root;
    }

    private static void only(HttpMethod method, String[] parts, int length, HttpMethod... allowed) {
        if (parts.length != length) {
            throw notFound(Responses.API + "/" + String.join("/", parts));
        }
        for (HttpMethod m : allowed) {
            if (m.equals(method)) {
                return;
            }
        }
        String allow = String.join(", ", java.util.Arrays.stream(allowed).map(HttpMethod::name).toList());
        throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, method.name() + " is not allowed here; use "
                + allow, Map.of(HttpHeaderNames.ALLOW.toString(), allow));
    }

    private static ApiException notFound(String path) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "no endpoint " + Texts.printable(path)
                + "; the API is described at " + Responses.API + "/openapi.json");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
