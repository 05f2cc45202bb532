package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.inference.checkpoint.StateDict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ARPG parameters in native memory, immutable after loading. Every checkpoint key of the
 * model is named in this class. Linear weights are held as (in, out) views of PyTorch's (out, in)
 * tensors, ready for {@code x.matMul(w)}; projections that
 * read the same input are fused into one matrix (q/k/v, w1/w3, the shared to_k/to_v) so that a
 * step runs one matmul where the official code runs two or three, the attention scale
 * {@code 1/sqrt(head_dim)} is folded into the query rows, and every RMSNorm gain is folded into
 * the input columns of the linear layer that reads that norm (so the norms themselves carry no weight).
 */
public final class ArpgWeights {

    /** The seed of {@link #random}'s weights. */
    static final int RANDOM_SEED = 1;

    /** One self-decoder block ({@code layers.self_dec.i}); qkv (D, 3D), proj (D, D), w13 (D, 2 hidden), w2 (hidden, D). */
    public record SelfLayer(NDArray qkv, NDArray proj, NDArray w13, NDArray w2) {}

    /** One cross-decoder block ({@code layers.cross_dec.i}): queries only, keys/values come from the shared cache; q (D, D). */
    public record CrossLayer(NDArray q, NDArray proj, NDArray w13, NDArray w2) {}

    private final ArpgConfig config;
    private final DataType dataType;
    private final NDArray embeddings;      // (codes + mask + classes + null + drop, D)
    private final List<SelfLayer> selfLayers;
    private final List<CrossLayer> crossLayers;
    private final NDArray contextKv;       // layers.norm gain * (layers.to_k ++ layers.to_v), (D, 2D)
    private final NDArray head;            // norm gain * head, (D, V)

    private ArpgWeights(ArpgConfig config, DataType dataType, NDArray embeddings, List<SelfLayer> selfLayers,
            List<CrossLayer> crossLayers, NDArray contextKv, NDArray head) {
        this.config = config;
        this.dataType = dataType;
        this.embeddings = embeddings;
        this.selfLayers = List.copyOf(selfLayers);
        this.crossLayers = List.copyOf(crossLayers);
        this.contextKv = contextKv;
        this.head = head;
    }

    /**
     * Loads every tensor of the model from a checkpoint into {@code manager} (on its device), as
     * {@code dataType} (FLOAT32 or FLOAT16). Shapes are checked against {@code config}; a missing or
     * mis-shaped key is a {@link com.arpgstudio.inference.checkpoint.CheckpointException} naming it.
     */
    public static ArpgWeights load(StateDict dict, ArpgConfig config, NDManager manager, DataType dataType)
            throws IOException {
        return build(config, dataType, new Source() {
            @Override
            public NDArray tensor(String name, long... shape) throws IOException {
                // Loaded as float32 so that fusing and scale folding happen at full precision.
                return dict.get(name, shape).toNDArray(manager, DataType.FLOAT32);
            }
        });
    }

    /**
     * Random weights of the official initialisation ({@code normal(0, 0.02)} for linear and
     * embedding weights, ones for norms), for benchmarks; the head is random too so that
     * sampling is not degenerate. Drawn by libtorch's generator seeded with {@link #RANDOM_SEED}
     * (which reseeds it), so every process gets the same weights on a device and a benchmark's
     * results compare across builds and invocations.
     */
    public static ArpgWeights random(ArpgConfig config, NDManager manager, DataType dataType) throws IOException {
        manager.getEngine().setRandomSeed(RANDOM_SEED);
        return build(config, dataType, new Source() {
            @Override
            public NDArray tensor(String name, long... shape) {
                if (name.endsWith("norm.weight")) {
                    return manager.ones(new Shape(shape), DataType.FLOAT32);
                }
                return manager.randomNormal(0f, 0.02f, new Shape(shape), DataType.FLOAT32);
            }
        });
    }

    private interface Source {
        NDArray tensor(String name, long... shape) throws IOException;
    }

    private static ArpgWeights build(ArpgConfig c, DataType dataType, Source source) throws IOException {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
            throw new IllegalArgumentException("expected FLOAT32 or FLOAT16 weights, found " + dataType);
        }
        long d = c.dim();
        long hidden = c.ffnHiddenDim();
        float queryScale = (float) (1.0 / Math.sqrt(c.headDim()));
        List<NDArray> loaded = new ArrayList<>();
        try {
            NDArray embeddings = keep(loaded, source.tensor("embeddings.weight", c.embeddingRows(), d), dataType);
            List<SelfLayer> selfLayers = new ArrayList<>();
            for (int i = 0; i < c.nLayer() / 2; i++) {
                String p = "layers.self_dec." + i + ".";
                NDArray attnNorm = source.tensor(p + "attn_norm.weight", d);
                NDArray ffnNorm = source.tensor(p + "ffn_norm.weight", d);
                NDArray q = scale(source.tensor(p + "attn.to_q.weight", d, d), queryScale);
                NDArray qkv = fuse(q, source.tensor(p + "attn.to_k.weight", d, d), source.tensor(p + "attn.to_v.weight", d, d));
                NDArray w13 = fuse(source.tensor(p + "ffn.w1.weight", hidden, d), source.tensor(p + "ffn.w3.weight", hidden, d));
                selfLayers.add(new SelfLayer(
                        linear(loaded, scaleInputs(qkv, attnNorm), dataType),
                        linear(loaded, source.tensor(p + "attn.proj.weight", d, d), dataType),
                        linear(loaded, scaleInputs(w13, ffnNorm), dataType),
                        linear(loaded, source.tensor(p + "ffn.w2.weight", d, hidden), dataType)));
            }
            List<CrossLayer> crossLayers = new ArrayList<>();
            for (int i = 0; i < c.nLayer() / 2; i++) {
                String p = "layers.cross_dec." + i + ".";
                NDArray attnNorm = source.tensor(p + "attn_norm.weight", d);
                NDArray ffnNorm = source.tensor(p + "ffn_norm.weight", d);
                NDArray q = scale(source.tensor(p + "attn.to_q.weight", d, d), queryScale);
                NDArray w13 = fuse(source.tensor(p + "ffn.w1.weight", hidden, d), source.tensor(p + "ffn.w3.weight", hidden, d));
                crossLayers.add(new CrossLayer(
                        linear(loaded, scaleInputs(q, attnNorm), dataType),
                        linear(loaded, source.tensor(p + "attn.proj.weight", d, d), dataType),
                        linear(loaded, scaleInputs(w13, ffnNorm), dataType),
                        linear(loaded, source.tensor(p + "ffn.w2.weight", d, hidden), dataType)));
            }
            NDArray contextKv = fuse(source.tensor("layers.to_k.weight", d, d), source.tensor("layers.to_v.weight", d, d));
            contextKv = linear(loaded, scaleInputs(contextKv, source.tensor("layers.norm.weight", d)), dataType);
            NDArray head = linear(loaded, scaleInputs(source.tensor("head.weight", c.vocabSize(), d),
                    source.tensor("norm.weight", d)), dataType);
            return new ArpgWeights(c, dataType, embeddings, selfLayers, crossLayers, contextKv, head);
        } catch (IOException | RuntimeException e) {
            loaded.forEach(NDArray::close);
            throw e;
        }
    }

    /** {@code weight * factor}; the input is released (it would otherwise stay on the manager as long as the model). */
    private static NDArray scale(NDArray weight, float factor) {
        NDArray scaled = weight.mul(factor);
        weight.close();
        return scaled;
    }

    /**
     * Folds an RMSNorm gain into the linear layer that reads the norm's output:
     * {@code linear(norm(x) * g, W) == linear(norm(x), W * g)}, g scaling W's input columns.
     * Both inputs are released.
     */
    private static NDArray scaleInputs(NDArray weight, NDArray gain) {
        NDArray scaled = weight.mul(gain);   // (out, in) * (in)
        weight.close();
        gain.close();
        return scaled;
    }

    /** Stacks (out_i, in) weights into one (sum out_i, in) weight; the parts are released. */
    private static NDArray fuse(NDArray... parts) {
        NDArray fused = NDArrays.concat(new NDList(parts), 0);
        for (NDArray part : parts) {
            part.close();
        }
        return fused;
    }

    /** A linear weight as the (in, out) view that {@code x.matMul} takes, made once here rather than every step. */
    private static NDArray linear(List<NDArray> loaded, NDArray array, DataType dataType) {
        NDArray transposed = keep(loaded, array, dataType).transpose();
        loaded.add(transposed);
        return transposed;
    }

    private static NDArray keep(List<NDArray> loaded, NDArray array, DataType dataType) {
        NDArray typed = converted(array, dataType);
        loaded.add(typed);
        return typed;
    }

    /**
     * {@code array} as {@code dataType}; when that takes a copy the source is released, so that a
     * float32 original does not stay on its manager beside the converted array.
     */
    static NDArray converted(NDArray array, DataType dataType) {
        NDArray typed = array.toType(dataType, false);
        if (typed != array) {
            array.close();
        }
        return typed;
    }

    public ArpgConfig config() {
        return config;
    }

    public DataType dataType() {
        return dataType;
    }

    public NDArray embeddings() {
        return embeddings;
    }

    public List<SelfLayer> selfLayers() {
        return selfLayers;
    }

    public List<CrossLayer> crossLayers() {
        return crossLayers;
    }

    public NDArray contextKv() {
        return contextKv;
    }

    public NDArray head() {
        return head;
    }
}
