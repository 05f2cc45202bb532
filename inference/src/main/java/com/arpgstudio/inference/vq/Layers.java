package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The functional layers LlamaGen's VQ model is built from, on DJL arrays in NCHW layout. */
final class Layers {

    private static final Shape UNIT = new Shape(1, 1);

    private Layers() {}

    /**
     * Runs one block and frees its intermediates on return, keeping only the result: without
     * this, every activation of a pass would stay alive until the call's manager closes.
     */
    static NDArray scoped(Supplier<NDArray> block) {
        try (NDScope scope = new NDScope()) {
            NDArray result = block.get();
            NDScope.unregister(result);
            return result;
        }
    }

    /**
     * The next stage of a pass: applies {@code stage} to {@code h} and frees {@code h}, which must
     * be an intermediate of the pass (never the caller's input), so only one activation between
     * stages is alive at a time.
     */
    static NDArray advance(NDArray h, UnaryOperator<NDArray> stage) {
        NDArray next = stage.apply(h);
        h.close();
        return next;
    }

    /** {@code nn.Conv2d(in, out, k, stride, padding)}: weight (out, in, k, k), bias (out). */
    static NDArray conv2d(NDArray x, VqWeights.Conv conv, int stride, int padding) {
        return Conv2d.conv2d(x, conv.weight(), conv.bias(), new Shape(stride, stride),
                new Shape(padding, padding), UNIT, 1).singletonOrThrow();
    }

    /** A 3x3 convolution with padding 1 and stride 1, the shape-preserving conv of every block. */
    static NDArray conv3x3(NDArray x, VqWeights.Conv conv) {
        return conv2d(x, conv, 1, 1);
    }

    /** A 1x1 convolution (nin_shortcut, q/k/v, proj_out, quant_conv, post_quant_conv). */
    static NDArray conv1x1(NDArray x, VqWeights.Conv conv) {
        return conv2d(x, conv, 1, 0);
    }

    /** {@code nonlinearity}: swish, {@code x * sigmoid(x)}. */
    static NDArray swish(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    /** {@code F.interpolate(x, scale_factor=2.0, mode="nearest")}: each pixel becomes a 2x2 block. */
    static NDArray upsampleNearest2x(NDArray x) {
        Shape shape = x.getShape(); // (B, C, H, W)
        long b = shape.get(0);
        long c = shape.get(1);
        long h = shape.get(2);
        long w = shape.get(3);
        return x.reshape(b, c, h, 1, w, 1)
                .broadcast(b, c, h, 2, w, 2) // (B, C, H, 2, W, 2)
                .reshape(b, c, 2 * h, 2 * w);
    }

    /**
     * {@code Downsample} with conv: {@code F.pad(x, (0,1,0,1))} (one zero column right, one zero row
     * below), then a 3x3 stride-2 convolution without padding; halves H and W.
     */
    static NDArray downsample(NDArray x, VqWeights.Conv conv) {
        NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0); // (B, C, H+1, W+1)
        return conv2d(padded, conv, 2, 0);
    }
}
