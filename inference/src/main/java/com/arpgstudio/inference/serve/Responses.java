package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.EditResult;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The JSON documents and HTTP responses of the API, in one place so every endpoint words them alike. */
final class Responses {

    /** Compact (an event's data is one line) and without HTML escaping ({@code =} stays {@code =}). */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    static final String API = "/api/v1";

    private Responses() {}

    /** {@code {"error": {"status": 400, "message": "..."}}}. */
    static JsonObject errorJson(ApiException e) {
        JsonObject error = new JsonObject();
        error.addProperty("status", e.status().code());
        error.addProperty("message", e.getMessage());
        JsonObject root = new JsonObject();
        root.add("error", error);
        return root;
    }

    static JsonObject queuedJson(int position) {
        JsonObject data = new JsonObject();
        data.addProperty("position", position);
        return data;
    }

    static String jobUrl(Job job) {
        return API + "/jobs/" + job.id();
    }

    static String resultUrl(Job job, int variant) {
        return jobUrl(job) + "/result?variant=" + variant;
    }

    /**
     * A finished job's result: each variant's seed and URL (and its PNG in base64 when
     * {@code withPngs}), and the edit record that repeats it ({@code arpg replay}).
     */
    static JsonObject resultJson(Job job, EditResult result, boolean withPngs) {
        JsonObject root = new JsonObject();
        root.addProperty("id", job.id());
        root.addProperty("operation", EditForm.name(job.operation()));
        JsonArray variants = new JsonArray();
        for (int v = 0; v < result.images().size(); v++) {
            JsonObject variant = new JsonObject();
            variant.addProperty("seed", result.record().settings().seedOf(v));
            variant.addProperty("width", result.images().get(v).width());
            variant.addProperty("height", result.images().get(v).height());
            variant.addProperty("url", resultUrl(job, v));
            if (withPngs) {
                variant.addProperty("png", Base64.getEncoder().encodeToString(job.png(v)));
            }
            variants.add(variant);
        }
        root.add("variants", variants);
        root.add("record", JsonParser.parseString(result.record().toJson()));
        return root;
    }

    /** What {@code GET /api/v1/jobs/{id}} answers. */
    static JsonObject statusJson(Job job, int position) {
        JsonObject root = new JsonObject();
        root.addProperty("id", job.id());
        root.addProperty("operation", EditForm.name(job.operation()));
        Job.State state = job.state();
        root.addProperty("state", state.label());
        root.addProperty("events", jobUrl(job) + "/events");
        if (state == Job.State.QUEUED) {
            root.addProperty("position", position);
        }
        JobProgress progress = job.progress();
        if (progress != null && progress.lastProgress() != null) {
            root.add("progress", progress.lastProgress());
        }
        if (progress != null && progress.lastStep() != null) {
            root.add("step", progress.lastStep());
        }
        if (state == Job.State.DONE) {
            root.add("result", resultJson(job, job.outcome().join(), false));
        } else if (state == Job.State.FAILED) {
            root.add("error", errorJson(ApiException.of(failure(job))).get("error"));
        }
        return root;
    }

    private static Throwable failure(Job job) {
        try {
            job.outcome().join();
            return new IllegalStateException("the job did not fail");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    static FullHttpResponse json(HttpResponseStatus status, JsonElement body) {
        return bytes(status, "application/json; charset=utf-8", GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    static FullHttpResponse error(ApiException e) {
        FullHttpResponse response = json(e.status(), errorJson(e));
        e.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
    }

    static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    /** Writes a response, then closes the connection unless the request asked to keep it. */
    static void send(Channel channel, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = channel.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
