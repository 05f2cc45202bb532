package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.arpgstudio.inference.runtime.CudaGraphs;
import com.arpgstudio.inference.runtime.GraphCapture;
import com.arpgstudio.inference.runtime.RecentlySeen;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted coder's calls ({@link ScriptedCoder}) replayed as CUDA graphs on a GPU. Encoding or
 * decoding one 256x256 window launches some 200 kernels, a few milliseconds of GPU work behind
 * more of host work (the script's interpreter); a graph launches them with one call.
 *
 * <p>A replay runs the very kernels of its capture on the same buffers, so a graph belongs to one
 * input shape and type: the input is copied into the graph's own input buffer before each replay
 * and the output copied out after it. When to capture follows
 * {@code -Darpg.coderGraphs=off|repeated|always} ({@code off} unset): {@code repeated} captures a
 * shape at its second call, so one-off shapes never pay for a capture; calls on a single
 * cell (the 1 x 1 latents of a preview's per-code patches, whose batch varies step by step) always
 * run scripted. At most {@value #HELD} shapes are held, each with its
 * activations' memory in the graph's pool; another shape releases the least recently used. The first replay of a capture
 * must give what the scripted call just gave; where graphs are unavailable, a capture fails or
 * that check does, calls run as scripted calls, said once in the log.
 *
 * <p>Calls are serialised: the tokenizer may be called from several threads.
 */
final class CoderGraphs implements AutoCloseable {

    static final String PROPERTY = "arpg.coderGraphs";
    private static final int HELD = 2;
    /** Height x width of the smallest input captured. */
    private static final long MIN_CELLS = 2;
    /** Shapes remembered as run once (for {@link GraphCapture#REPEATED}). */
    private static final int REMEMBERED = 16;
    private static final Logger LOG = LoggerFactory.getLogger(CoderGraphs.class);

    private record Key(Shape shape, DataType type) {}

    /** One shape's graph, its input buffer and the output it writes. */
    private record Held(NDManager manager, NDArray input, CudaGraphs.Graph graph, NDArray output)
            implements AutoCloseable {
        @Override
        public void close() {
            graph.close();
            manager.close();
        }
    }

    private final ScriptedCoder coder;
    private final NDManager manager;
    private final GraphCapture policy;
    private final RecentlySeen<Key> seen = new RecentlySeen<>(REMEMBERED);
    /** In order of use, least recent first. */
    private final Map<Key, Held> held = new LinkedHashMap<>(4, 0.75f, true);
    private CudaGraphs cuda;
    /** Why graphs are not used, once known (then logged once). */
    private String unavailable;

    /**
     * @param manager the tokenizer's manager: the graphs' buffers live in sub-managers of it
     */
    CoderGraphs(ScriptedCoder coder, NDManager manager, GraphCapture policy) {
        this.coder = coder;
        this.manager = manager;
        this.policy = policy;
    }

    /** The coder on {@code x}, replayed where a graph of its shape is held; the result is on the manager of {@code x}. */
    synchronized NDArray forward(NDArray x) {
        Shape shape = x.getShape();
        if (policy == GraphCapture.OFF || !x.getDevice().isGpu() || shape.get(2) * shape.get(3) < MIN_CELLS
                || !available(x)) {
            return coder.forward(x);
        }
        Key key = new Key(shape, x.getDataType());
        Held graph = held.get(key);
        if (graph == null) {
            return policy == GraphCapture.REPEATED && seen.firstTime(key) ? coder.forward(x) : capture(key, x);
        }
        try (CudaGraphs.StreamScope stream = cuda.onGraphStream()) {
            graph.input().set(all(x), x);
            graph.graph().replay();
            NDArray out = graph.output().duplicate();
            out.attach(x.getManager());
            return out;
        }
    }

    private boolean available(NDArray x) {
        if (cuda == null && unavailable == null) {
            try {
                cuda = CudaGraphs.bind(x.getDevice().getDeviceId());
            } catch (IllegalStateException e) {
                disable(e.getMessage(), null);
            }
        }
        return unavailable == null;
    }

    /** Captures the coder on {@code x}'s shape and returns the scripted result on {@code x}. */
    private NDArray capture(Key key, NDArray x) {
        if (held.size() >= HELD) {
            Iterator<Held> oldest = held.values().iterator();
            cuda.synchronize();
            oldest.next().close();
            oldest.remove();
            JniUtils.emptyCudaCache();    // the released pool goes back to the device only then
        }
        NDManager buffers = manager.newSubManager(x.getDevice());
        NDArray input = buffers.zeros(key.shape(), key.type());
        NDScope.unregister(input);
        input.set(all(x), x);
        CudaGraphs.Captured<NDArray> captured;
        try {
            captured = cuda.capture(cuda.newPool(), () -> coder.forward(input), NDArray::close);
        } catch (CudaGraphs.CaptureException e) {
            buffers.close();
            disable("capturing a call on " + key.shape() + " failed: " + e.getMessage(), e);
            return coder.forward(x);
        }
        NDScope.unregister(captured.result());
        NDArray scripted = captured.warmUp();
        scripted.attach(x.getManager());      // the caller's, out of the graph's buffers
        Held graph = new Held(buffers, input, captured.graph(), captured.result());
        boolean same;
        try (CudaGraphs.StreamScope stream = cuda.onGraphStream()) {
            graph.graph().replay();
            same = graph.output().contentEquals(scripted);
        }
        if (!same) {
            graph.close();
            disable("the replay of a call on " + key.shape() + " differs from the scripted call", null);
        } else {
            held.put(key, graph);
        }
        return scripted;
    }

    private void disable(String reason, Throwable cause) {
        unavailable = reason;
        LOG.warn("CUDA graphs off for the tokenizer, its calls run as scripted calls: {}", reason, cause);
    }

    /** Every element of an array of {@code like}'s rank. */
    private static NDIndex all(NDArray like) {
        return new NDIndex(String.join(", ", Collections.nCopies(like.getShape().dimension(), ":")));
    }

    @Override
    public synchronized void close() {
        if (!held.isEmpty()) {
            cuda.synchronize();
            held.values().forEach(Held::close);
            held.clear();
        }
        coder.close();
    }
}
