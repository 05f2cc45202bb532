package com.arpgstudio.inference.arpg;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.arpgstudio.inference.runtime.CudaGraphs;
import com.arpgstudio.inference.runtime.GraphCapture;
import com.arpgstudio.inference.runtime.RunStreak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generation steps replayed as CUDA graphs. On a GPU a scripted step launches some 330 kernels,
 * each a few microseconds of GPU work and more of host work, so the GPU waits on the host; a
 * graph captures a step's kernels once and launches them again with one call.
 *
 * <p>A replay launches the very kernels the capture recorded, with the same arguments: the same
 * addresses and sizes. So graphs belong to a {@link StepPlan} (batch, known and fill counts,
 * settings), which fixes every step's sizes, cache slots and slices, and a held plan owns what the
 * kernels touch: the KV cache at the plan's capacity, the inputs (prefill tokens and rows, query
 * rows, uniforms, and for a padded plan the rows' valid slots and guidance scales: copied in
 * before each run), and each step's output, which is the next step's
 * input. The randomness is in the uniforms, drawn on the host from each row's seed, so a replay
 * samples exactly what the scripted step samples: a plan's steps are the captured launches of
 * {@link ScriptedPasses#step}, and the first replay of each is checked against the scripted step
 * run just before the capture.
 *
 * <p>A plan is captured at its third run in a row (the first two run the scripted steps as they
 * are): capturing costs about two runs, worth it for a shape that keeps repeating (re-rolls,
 * windows of one size, benchmarks) and not for an edit seen once, nor for waves that come in
 * pairs (a checkerboard's two halves of one shape), whose second run would be captured and never
 * replayed. Only one plan is held, with its cache; running another releases it first, so memory
 * stays what one generation needs. So a plan that recurs with others between (an outpaint's
 * layout, detail and heal, re-rolled) is never captured: its capture would be released before any
 * replay. {@code -Darpg.cudaGraphs=always} captures at the first run, {@code off} never. Where
 * graphs are unavailable (the CPU, another libtorch) or a capture fails, steps run as scripted
 * steps, said once in the log.
 *
 * <p>While a step's graph runs, the host already launches the next one and only then copies the
 * step's tokens out, so the GPU does not wait for the host between steps.
 *
 * <p>Not thread-safe: the model's generating thread uses it.
 */
final class StepGraphs implements AutoCloseable {

    /** The run in a row of a plan at which {@link GraphCapture#REPEATED} captures it. */
    static final int CAPTURED_AT_RUN = 3;
    private static final Logger LOG = LoggerFactory.getLogger(StepGraphs.class);

    private final ArpgModel model;
    private final ScriptedPasses passes;
    private final Device device;
    private final RunStreak<StepPlan> streak = new RunStreak<>();
    private GraphCapture policy;
    private CudaGraphs cuda;
    /** Why graphs are not used, once known (then logged once). */
    private String unavailable;
    private Held held;

    StepGraphs(ArpgModel model, ScriptedPasses passes, GraphCapture policy) {
        this.model = model;
        this.passes = passes;
        this.device = model.manager().getDevice();
        this.policy = policy;
        if (!device.isGpu()) {
            unavailable = "the model is on the CPU";
            LOG.debug("CUDA graphs off: {}", unavailable);
        }
    }

    void usePolicy(GraphCapture newPolicy) {
        policy = newPolicy;
    }

    /**
     * Opens a generation of scripted steps. Where graphs are used, the calling thread's current
     * CUDA stream is the graph stream until the session closes: all of the generation's work,
     * captured or not, runs on it, and cuBLAS keeps one workspace (it makes one per stream).
     */
    Session open() {
        boolean use = policy != GraphCapture.OFF && available();
        if (!use) {
            release();
        }
        return new Session(use ? cuda.onGraphStream() : null);
    }

    private boolean available() {
        if (unavailable == null && Boolean.getBoolean("ai.djl.pytorch.enable_cuda_stream")) {
            // DJL would then run each scripted call on a stream of its own, not the capturing one
            disable("DJL runs TorchScript on separate CUDA streams (ai.djl.pytorch.enable_cuda_stream)", null);
        }
        if (cuda == null && unavailable == null) {
            try {
                cuda = CudaGraphs.bind(device.getDeviceId());
            } catch (IllegalStateException e) {
                disable(e.getMessage(), null);
            }
        }
        return cuda != null && unavailable == null;
    }

    private void disable(String reason, Throwable cause) {
        unavailable = reason;
        LOG.warn("CUDA graphs off, generation steps run one by one: {}", reason, cause);
    }

    /** Releases the held plan: its graphs, their memory pool and its buffers. */
    private void release() {
        if (held != null) {
            cuda.synchronize();
            held.close();
            held = null;
            JniUtils.emptyCudaCache();    // the released pool goes back to the device only then
        }
    }

    @Override
    public void close() {
        release();
    }

    /** One generation's use of the graphs; see {@link #open}. */
    final class Session implements AutoCloseable {
        private final CudaGraphs.StreamScope stream;

        private Session(CudaGraphs.StreamScope stream) {
            this.stream = stream;
        }

        /**
         * A run of {@code plan} on graphs, its inputs copied in, or null when this run should
         * use the scripted steps (no graphs here, or a plan not run twice in a row just before); a
         * held plan of another shape is released either way. The inputs are to be made in this session.
         *
         * @param prefillIds (P, 1 + K) int64 class and known tokens
         * @param prefillRows (P, 1 + K) int64 their RoPE rows
         * @param queryRows (P, N) int64 RoPE rows of every row's order
         * @param uniforms (B, N) float32 the sampler's uniforms
         * @param valid a padded plan's (P, capacity) boolean valid cache slots, else null
         * @param scales a padded guided plan's (steps, B, 1) float32 rows' guidance scales, else null
         */
        Run begin(StepPlan plan, NDArray prefillIds, NDArray prefillRows, NDArray queryRows, NDArray uniforms,
                NDArray valid, NDArray scales) {
            if (held != null && (stream == null || !held.plan.equals(plan))) {
                release();
            }
            if (stream == null) {
                return null;
            }
            if (held == null) {
                if (policy == GraphCapture.REPEATED && streak.run(plan) < CAPTURED_AT_RUN) {
                    return null;
                }
                held = new Held(plan);
            }
            held.prefillIds.set(new NDIndex(":, :"), prefillIds);
            held.prefillRows.set(new NDIndex(":, :"), prefillRows);
            held.queryRows.set(new NDIndex(":, :"), queryRows);
            held.uniforms.set(new NDIndex(":, :"), uniforms);
            if (held.valid != null) {
                held.valid.set(new NDIndex(":, :"), valid);
            }
            if (held.scales != null) {
                held.scales.set(new NDIndex(":, :, :"), scales);
            }
            return new Run(held);
        }

        @Override
        public void close() {
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** The buffers and graphs of one plan; graphs.get(s) exists once step s is captured. */
    private final class Held implements AutoCloseable {
        private final StepPlan plan;
        private final NDManager manager;
        private final KvCache cache;
        private final NDArray prefillIds;
        private final NDArray prefillRows;
        private final NDArray queryRows;
        private final NDArray uniforms;
        /** A padded plan's (P, capacity) valid slots, and when guided its (steps, B, 1) scales; else null. */
        private final NDArray valid;
        private final NDArray scales;
        /** (2, B, N) float32: the steps' probabilities and entropies of their tokens. */
        private final NDArray confidence;
        private final CudaGraphs.Pool pool;
        private final List<CudaGraphs.Graph> graphs = new ArrayList<>();
        private final List<NDArray> outputs = new ArrayList<>();
        /** Where the graph stream's work ends after an even step's replay, and after an odd step's. */
        private final List<CudaGraphs.Marker> markers = new ArrayList<>();

        Held(StepPlan plan) {
            this.plan = plan;
            this.manager = model.manager().newSubManager();
            try {
                int rows = plan.passRows();
                this.cache = model.newCache(manager, rows, plan.capacity());
                this.prefillIds = manager.zeros(new Shape(rows, 1 + plan.known()), DataType.INT64);
                this.prefillRows = manager.zeros(new Shape(rows, 1 + plan.known()), DataType.INT64);
                this.queryRows = manager.zeros(new Shape(rows, plan.fill()), DataType.INT64);
                this.uniforms = manager.zeros(new Shape(plan.batch(), plan.fill()), DataType.FLOAT32);
                this.valid = plan.padded() ? manager.zeros(new Shape(rows, plan.capacity()), DataType.BOOLEAN) : null;
                this.scales = plan.padded() && plan.settings().guided()
                        ? manager.zeros(new Shape(plan.steps(), plan.batch(), 1), DataType.FLOAT32)
                        : null;
                this.confidence = manager.zeros(new Shape(2, plan.batch(), plan.fill()), DataType.FLOAT32);
                // kept across generations: out of the caller's NDScope
                cache.keepBeyondScope();
                NDScope.unregister(prefillIds, prefillRows, queryRows, uniforms, confidence);
                if (valid != null) {
                    NDScope.unregister(valid);
                }
                if (scales != null) {
                    NDScope.unregister(scales);
                }
                this.pool = cuda.newPool();
                markers.add(cuda.newMarker());
                markers.add(cuda.newMarker());
            } catch (RuntimeException e) {
                markers.forEach(CudaGraphs.Marker::close);
                manager.close();
                throw e;
            }
        }

        /** Step {@code step}'s scripted call on this plan's buffers, feeding {@code tokens}. */
        NDArray scriptedStep(int step, NDArray tokens) {
            return passes.step(cache, tokens, step == 0 ? prefillRows : queryRows, plan.rowsOffset(step),
                    plan.start(step), plan.feedMask(step) == ArpgModel.Mask.CAUSAL, queryRows, plan.done(step),
                    plan.count(step), plan.guidance(step), new ScriptedPasses.Sampling(uniforms, plan.codeLimit(),
                            plan.settings(), plan.samplingElements(), confidence),
                    valid == null ? null : new ScriptedPasses.Padding(valid, scales == null ? null : scales.get(step)));
        }

        @Override
        public void close() {
            graphs.forEach(CudaGraphs.Graph::close);
            markers.forEach(CudaGraphs.Marker::close);
            cache.close();
            manager.close();
        }
    }

    /**
     * One generation on a held plan: step by step, each step's graph replayed (captured first
     * when it has none). If a capture fails, this step and the rest run as scripted steps on the
     * same buffers and graphs stay off.
     */
    final class Run {
        private final Held held;
        /** The last step's tokens when it ran as a scripted step (its graph's output otherwise). */
        private NDArray scripted;
        /** The last step whose graph this run replayed. */
        private int launched = -1;

        private Run(Held held) {
            this.held = held;
        }

        /**
         * Runs step {@code step} (steps in order from 0) and returns its (P, count) tokens,
         * flattened; the next step's graph, when there is one, is already running.
         */
        long[] tokens(int step) {
            NDArray tokens = step == 0 ? held.prefillIds : scripted != null ? scripted : held.outputs.get(step - 1);
            if (scripted != null || unavailable != null) {
                NDArray next = held.scriptedStep(step, tokens);
                NDScope.unregister(next);
                if (scripted != null) {
                    scripted.close();
                }
                scripted = next;
                return next.toLongArray();
            }
            if (step == held.graphs.size()) {
                return capture(step, tokens);
            }
            if (launched < step) {
                launch(step);
            }
            if (step + 1 < held.graphs.size()) {
                launch(step + 1);
            }
            return cuda.read(held.markers.get(step % 2), () -> held.outputs.get(step).toLongArray());
        }

        /** (2, B, N) float32: each token's probability and entropy, written by the steps (read it after the last). */
        NDArray confidence() {
            return held.confidence;
        }

        private void launch(int step) {
            held.graphs.get(step).replay();
            held.markers.get(step % 2).set();
            launched = step;
        }

        private long[] capture(int step, NDArray tokens) {
            if (step == 0) {
                LOG.info("preparing GPU graphs for {} steps of {} rows", held.plan.steps(), held.plan.batch());
            }
            CudaGraphs.Captured<NDArray> captured;
            try {
                captured = cuda.capture(held.pool, () -> held.scriptedStep(step, tokens), NDArray::close);
            } catch (CudaGraphs.CaptureException e) {
                disable("capturing step " + step + " failed: " + e.getMessage(), e);
                return tokens(step);
            }
            NDScope.unregister(captured.result(), captured.warmUp());
            held.graphs.add(captured.graph());
            held.outputs.add(captured.result());
            captured.graph().replay();
            launched = step;
            // the first replay must give what the scripted step gave (the warm-up): the same
            // kernels on the same data; anything else and this run goes on with scripted steps
            long[] scriptedTokens = captured.warmUp().toLongArray();
            long[] replayed = captured.result().toLongArray();
            if (!Arrays.equals(scriptedTokens, replayed)) {
                disable("the replay of step " + step + " differs from the scripted step", null);
                scripted = captured.warmUp();
                return scriptedTokens;
            }
            captured.warmUp().close();
            return replayed;
        }
    }
}
