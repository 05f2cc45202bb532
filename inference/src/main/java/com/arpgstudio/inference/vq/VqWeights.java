package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.StateDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every tensor of a LlamaGen VQ checkpoint, by its state-dict key. This is the only class that
 * knows the key names; the forward-pass classes receive the records below.
 *
 * <p>Weights are immutable once loaded and live in the manager given to {@link #load}. The
 * codebook stays FLOAT32 whatever the compute type, so the nearest-code search is exact.
 */
public final class VqWeights {

    /** Checkpoint entries that are training state, not weights ({@code VectorQuantizer.codebook_used}). */
    private static final Set<String> TRAINING_BUFFERS = Set.of("quantize.codebook_used");

    /** A {@code nn.Conv2d}: weight (out, in, k, k), bias (out). */
    public record Conv(NDArray weight, NDArray bias) {}

    /** A {@code nn.GroupNorm} affine: weight (C), bias (C). */
    public record Norm(NDArray weight, NDArray bias) {}

    /** {@code ResnetBlock}; {@code ninShortcut} is null when input and output channels agree. */
    public record Resnet(Norm norm1, Conv conv1, Norm norm2, Conv conv2, Conv ninShortcut) {}

    /** {@code AttnBlock}: GroupNorm, 1x1 q/k/v convs and the 1x1 output projection. */
    public record Attn(Norm norm, Conv q, Conv k, Conv v, Conv projOut) {}

    /** One entry of {@code conv_blocks}; {@code resample} is the down/upsampling conv, null at the end level. */
    public record Level(List<Resnet> res, List<Attn> attn, Conv resample) {}

    /** {@code mid}: ResNet, attention, ResNet. */
    public record Mid(Resnet first, Attn attn, Resnet second) {}

    /** {@code Encoder} or {@code Decoder}: the levels in the order of their {@code conv_blocks} index. */
    public record Coder(Conv convIn, List<Level> levels, Mid mid, Norm normOut, Conv convOut) {}

    private final VqConfig config;
    private final Map<String, NDArray> tensors;
    private final Coder encoder;
    private final Conv quantConv;
    private final NDArray codebook;
    private final Conv postQuantConv;
    private final Coder decoder;

    private VqWeights(VqConfig config, Source source) throws IOException {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(source.loaded);
        this.encoder = encoder(config, source);
        this.quantConv = conv(source, "quant_conv", config.codebookEmbedDim(), config.zChannels(), 1);
        this.codebook = source.codebook("quantize.embedding.weight", config.codebookSize(), config.codebookEmbedDim());
        this.postQuantConv = conv(source, "post_quant_conv", config.zChannels(), config.codebookEmbedDim(), 1);
        this.decoder = decoder(config, source);
    }

    /**
     * Loads every tensor of {@code config} from {@code dict} into {@code manager} as {@code dtype}
     * (FLOAT32, or FLOAT16 on a GPU). Missing, mis-shaped or unexpected keys are errors naming the key.
     */
    public static VqWeights load(StateDict dict, VqConfig config, NDManager manager, DataType dtype)
            throws IOException {
        Set<String> unused = new TreeSet<>(dict.names());
        unused.removeAll(TRAINING_BUFFERS);
        Source source = new Source() {
            @Override
            public NDArray tensor(String name, DataType type, long... shape) throws IOException {
                unused.remove(name);
                NDArray array = dict.get(name, shape).toNDArray(manager, type);
                array.setName(name);
                loaded.put(name, array);
                return array;
            }
        };
        source.dtype = dtype;
        VqWeights weights = new VqWeights(config, source);
        if (!unused.isEmpty()) {
            throw new CheckpointException("unexpected keys for a VQ model of " + config + " in " + dict.source()
                    + ": " + unused);
        }
        return weights;
    }

    /** Every key this configuration reads, with its shape, in load order. */
    public static Map<String, long[]> expectedShapes(VqConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Source recorder = new Source() {
            @Override
            public NDArray tensor(String name, DataType type, long... shape) {
                shapes.put(name, shape.clone());
                return null;
            }
        };
        try {
            new VqWeights(config, recorder);
        } catch (IOException e) {
            throw new IllegalStateException("recording shapes reads nothing", e);
        }
        return shapes;
    }

    public VqConfig config() {
        return config;
    }

    /** Every loaded tensor by key, in load order. */
    public Map<String, NDArray> tensors() {
        return tensors;
    }

    /**
     * SHA-256 over the configuration and every tensor decoding reads (codebook,
     * {@code post_quant_conv}, decoder): names, shapes, types and values. Equal fingerprints decode
     * every code to the same pixels, so caches of decoded output can be keyed by it.
     */
    public byte[] decoderFingerprint() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        digest.update(config.toJson().toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("decoder.") || name.startsWith("post_quant_conv.")
                    || name.equals("quantize.embedding.weight")) {
                NDArray array = entry.getValue();
                digest.update((name + array.getShape() + array.getDataType()).getBytes(StandardCharsets.UTF_8));
                digest.update(ByteBuffer.wrap(array.toByteArray()));
            }
        }
        return digest.digest();
    }

    public Coder encoder() {
        return encoder;
    }

    public Conv quantConv() {
        return quantConv;
    }

    /** {@code quantize.embedding.weight} (codebook_size, codebook_embed_dim), FLOAT32, as stored (not normalised). */
    public NDArray codebook() {
        return codebook;
    }

    public Conv postQuantConv() {
        return postQuantConv;
    }

    public Coder decoder() {
        return decoder;
    }

    // Encoder.__init__: conv_in; per level num_res_blocks ResNet blocks (attention at the last
    // level) and a Downsample except at the last level; mid; norm_out; conv_out.
    private static Coder encoder(VqConfig config, Source source) throws IOException {
        String prefix = "encoder.";
        int levels = config.levels();
        Conv convIn = conv(source, prefix + "conv_in", config.ch(), 3, 3);
        List<Level> blocks = new ArrayList<>();
        int blockIn = config.ch();
        for (int level = 0; level < levels; level++) {
            String block = prefix + "conv_blocks." + level + ".";
            int blockOut = config.channels(level);
            List<Resnet> res = new ArrayList<>();
            List<Attn> attn = new ArrayList<>();
            for (int i = 0; i < config.numResBlocks(); i++) {
                res.add(resnet(source, block + "res." + i + ".", blockIn, blockOut));
                blockIn = blockOut;
                if (level == levels - 1) {
                    attn.add(attn(source, block + "attn." + i + ".", blockIn));
                }
            }
            Conv downsample = level == levels - 1 ? null
                    : conv(source, block + "downsample.conv", blockIn, blockIn, 3);
            blocks.add(new Level(List.copyOf(res), List.copyOf(attn), downsample));
        }
        Mid mid = mid(source, prefix + "mid.", blockIn);
        Norm normOut = norm(source, prefix + "norm_out", blockIn);
        Conv convOut = conv(source, prefix + "conv_out", config.zChannels(), blockIn, 3);
        return new Coder(convIn, List.copyOf(blocks), mid, normOut, convOut);
    }

    // Decoder.__init__: conv_in to the deepest width; mid; conv_blocks.j for i_level = levels-1-j
    // with num_res_blocks + 1 ResNet blocks (attention at the deepest level) and an Upsample
    // except at level 0; norm_out; conv_out to RGB.
    private static Coder decoder(VqConfig config, Source source) throws IOException {
        String prefix = "decoder.";
        int levels = config.levels();
        int blockIn = config.channels(levels - 1);
        Conv convIn = conv(source, prefix + "conv_in", blockIn, config.zChannels(), 3);
        Mid mid = mid(source, prefix + "mid.", blockIn);
        List<Level> blocks = new ArrayList<>();
        for (int j = 0; j < levels; j++) {
            int level = levels - 1 - j;
            String block = prefix + "conv_blocks." + j + ".";
            int blockOut = config.channels(level);
            List<Resnet> res = new ArrayList<>();
            List<Attn> attn = new ArrayList<>();
            for (int i = 0; i < config.numResBlocks() + 1; i++) {
                res.add(resnet(source, block + "res." + i + ".", blockIn, blockOut));
                blockIn = blockOut;
                if (level == levels - 1) {
                    attn.add(attn(source, block + "attn." + i + ".", blockIn));
                }
            }
            Conv upsample = level == 0 ? null : conv(source, block + "upsample.conv", blockIn, blockIn, 3);
            blocks.add(new Level(List.copyOf(res), List.copyOf(attn), upsample));
        }
        Norm normOut = norm(source, prefix + "norm_out", blockIn);
        Conv convOut = conv(source, prefix + "conv_out", 3, blockIn, 3);
        return new Coder(convIn, List.copyOf(blocks), mid, normOut, convOut);
    }

    private static Mid mid(Source source, String prefix, int channels) throws IOException {
        return new Mid(
                resnet(source, prefix + "0.", channels, channels),
                attn(source, prefix + "1.", channels),
                resnet(source, prefix + "2.", channels, channels));
    }

    private static Resnet resnet(Source source, String prefix, int in, int out) throws IOException {
        return new Resnet(
                norm(source, prefix + "norm1", in),
                conv(source, prefix + "conv1", out, in, 3),
                norm(source, prefix + "norm2", out),
                conv(source, prefix + "conv2", out, out, 3),
                in == out ? null : conv(source, prefix + "nin_shortcut", out, in, 1));
    }

    private static Attn attn(Source source, String prefix, int channels) throws IOException {
        return new Attn(
                norm(source, prefix + "norm", channels),
                conv(source, prefix + "q", channels, channels, 1),
                conv(source, prefix + "k", channels, channels, 1),
                conv(source, prefix + "v", channels, channels, 1),
                conv(source, prefix + "proj_out", channels, channels, 1));
    }

    private static Conv conv(Source source, String prefix, int out, int in, int kernel) throws IOException {
        return new Conv(source.tensor(prefix + ".weight", source.dtype, out, in, kernel, kernel),
                source.tensor(prefix + ".bias", source.dtype, out));
    }

    private static Norm norm(Source source, String prefix, int channels) throws IOException {
        return new Norm(source.tensor(prefix + ".weight", source.dtype, channels),
                source.tensor(prefix + ".bias", source.dtype, channels));
    }

    /** Where tensors come from: the checkpoint when loading, a shape recorder otherwise. */
    private abstract static class Source {
        DataType dtype = DataType.FLOAT32;
        final Map<String, NDArray> loaded = new LinkedHashMap<>();

        abstract NDArray tensor(String name, DataType type, long... shape) throws IOException;

        NDArray codebook(String name, long rows, long dim) throws IOException {
            return tensor(name, DataType.FLOAT32, rows, dim);
        }
    }
}
