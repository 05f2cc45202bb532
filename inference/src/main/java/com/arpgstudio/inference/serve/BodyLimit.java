package com.arpgstudio.inference.serve;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Collects a request's body up to the server's limit. A larger body (announced by Content-Length,
 * by {@code Expect: 100-continue}, or found while it streams in) is answered with a JSON 413
 * without being kept.
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

    /**
     * As Netty's own: a client still sending keeps its connection, and the rest of its body is read
     * and dropped (closing while it writes would reset the connection before it reads the answer);
     * the connection's request deadline still bounds how long that may take.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = Responses.error(tooLarge());
        boolean close = oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        HttpUtil.setKeepAlive(response, !close);
        ctx.writeAndFlush(response).addListener(close ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private ApiException tooLarge() {
        return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than this server's limit of "
                        + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes"));
    }
}
