package com.arpgstudio.inference.serve;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time a connection may hold the server without work to show for it: a request must
 * arrive whole within the timeout of its first line (so a client sending one byte a minute is cut
 * off), its answer must be taken within the same time once it is written, and a connection with no
 * request in progress is closed after the same time idle. While a request is being answered (a job
 * running, an events stream open) no timeout applies: the job's own end closes the exchange.
 */
final class ConnectionTimeouts extends ChannelDuplexHandler {

    private final long timeoutNanos;
    private ScheduledFuture<?> deadline;
    /** Whether the request being read was already answered (a refused body still streaming in). */
    private boolean answered;

    ConnectionTimeouts(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            answered = false;
            arm(ctx); // from the first line on, the whole request has this long to arrive
        }
        if (msg instanceof LastHttpContent) {
            if (answered) {
                arm(ctx); // idle until the next request
            } else {
                disarm(); // answering it may take as long as the job
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && !isInterim(msg)) {
            answered = true;
            arm(ctx); // a client that does not read its answer does not hold the connection (and the answer) forever
            promise.addListener(f -> {
                if (ctx.channel().isActive() && answered) {
                    arm(ctx); // the response is out: idle until the next request
                }
            });
        }
        ctx.write(msg, promise);
    }

    /** A 100 Continue: the request goes on after it. */
    private static boolean isInterim(Object msg) {
        return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        deadline = ctx.executor().schedule(() -> {
            ctx.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
