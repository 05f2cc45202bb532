package com.arpgstudio.inference.serve;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Collects a request's body up to the server's limit. A larger body (announced by Content-Length,
 * by {@code Expect: 100-continue}, or found while it streams in) is answered with a JSON 413 and
 * the connection is closed, so the rest is never read.
 */
final class BodyLimit extends HttpObjectAggregator {

    private final long maxBytes;

    BodyLimit(long maxBytes) {
        super((int) maxBytes, true);
        this.maxBytes = maxBytes;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            return Responses.error(tooLarge());
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(Responses.error(tooLarge())).addListener(ChannelFutureListener.CLOSE);
    }

    private ApiException tooLarge() {
        return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than this server's limit of "
                        + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes"));
    }
}
