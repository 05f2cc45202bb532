package com.arpgstudio.inference.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * One client's Server-Sent Events stream over a chunked response. Progress events are dropped while
 * the client reads slower than they come (the connection's outbound buffer is full), so a slow
 * reader costs a bounded amount of memory; the final event is always written, then the response
 * ends.
 */
final class SseStream {

    /** One event: its sequence number within the job, type and JSON data (one line). */
    record Event(long id, String type, String json, boolean last) {

        String text() {
            return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n";
        }
    }

    private final Channel channel;
    private final boolean keepAlive;
    private boolean ended;

    SseStream(Channel channel, boolean keepAlive) {
        this.channel = channel;
        this.keepAlive = keepAlive;
    }

    Channel channel() {
        return channel;
    }

    /** Writes the response head. */
    void open() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        channel.writeAndFlush(head);
    }

    /** Sends an event; ends the response after the last one. */
    synchronized void send(Event event) {
        if (ended || !channel.isActive() || !event.last() && !channel.isWritable()) {
            return;
        }
        channel.write(new DefaultHttpContent(Unpooled.copiedBuffer(event.text(), StandardCharsets.UTF_8)));
        if (event.last()) {
            ended = true;
            var end = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                end.addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            channel.flush();
        }
    }
}
