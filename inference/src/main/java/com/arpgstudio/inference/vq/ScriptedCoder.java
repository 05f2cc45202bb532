package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import com.arpgstudio.inference.runtime.TorchScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link Encoder} and {@link Decoder}: the encoder with {@code quant_conv}, or
 * {@code post_quant_conv} with the decoder, as one call of a TorchScript module
 * ({@code VqCoder.torchscript}, compiled by libtorch when the tokenizer loads); the op-by-op
 * coders ({@link Encoder#forwardOpByOp}, {@link Decoder#forwardOpByOp}) stay the reference it is
 * tested against.
 *
 * <p>The module holds no weights: a coder is passed as a program, one code per stage in the order
 * the op-by-op coder runs them, and the list of the weights those stages read.
 */
final class ScriptedCoder implements AutoCloseable {

    private static final long CONV = 0;
    private static final long RESNET = 1;
    private static final long RESNET_WITH_SHORTCUT = 2;
    private static final long ATTENTION = 3;
    private static final long UPSAMPLE = 4;
    private static final long OUTPUT = 5;
    private static final long DOWNSAMPLE = 6;

    private final PtSymbolBlock module;
    private final IValue weightList;
    private final IValue program;
    private final int groups;

    private ScriptedCoder(List<Long> codes, List<NDArray> tensors, int groups, NDManager manager) {
        this.module = TorchScripts.load((PtNDManager) manager, ScriptedCoder.class, "VqCoder.torchscript",
                "VqCoder", Map.of());
        this.weightList = IValue.listFrom(tensors.toArray(PtNDArray[]::new));
        this.program = IValue.listFrom(codes.stream().mapToLong(Long::longValue).toArray());
        this.groups = groups;
    }

    /** The encoder, then {@code quant_conv}: images (B, 3, H, W) to latents (B, codebook_embed_dim, H/f, W/f). */
    static ScriptedCoder encoder(VqWeights weights, NDManager manager) {
        List<Long> codes = new ArrayList<>();
        List<NDArray> tensors = new ArrayList<>();
        VqWeights.Coder encoder = weights.encoder();
        conv(CONV, encoder.convIn(), codes, tensors);
        for (VqWeights.Level level : encoder.levels()) {
            blocks(level, codes, tensors);
            if (level.resample() != null) {
                conv(DOWNSAMPLE, level.resample(), codes, tensors);
            }
        }
        mid(encoder.mid(), codes, tensors);
        output(encoder, codes, tensors);
        conv(CONV, weights.quantConv(), codes, tensors);
        return new ScriptedCoder(codes, tensors, weights.config().normGroups(), manager);
    }

    /** {@code post_quant_conv}, then the decoder: latents (B, codebook_embed_dim, h, w) to images (B, 3, h*f, w*f). */
    static ScriptedCoder decoder(VqWeights weights, NDManager manager) {
        List<Long> codes = new ArrayList<>();
        List<NDArray> tensors = new ArrayList<>();
        VqWeights.Coder decoder = weights.decoder();
        conv(CONV, weights.postQuantConv(), codes, tensors);
        conv(CONV, decoder.convIn(), codes, tensors);
        mid(decoder.mid(), codes, tensors);
        for (VqWeights.Level level : decoder.levels()) {           // conv_blocks: deepest level first
            blocks(level, codes, tensors);
            if (level.resample() != null) {
                conv(UPSAMPLE, level.resample(), codes, tensors);
            }
        }
        output(decoder, codes, tensors);
        return new ScriptedCoder(codes, tensors, weights.config().normGroups(), manager);
    }

    /** Runs the coder on {@code x}; the result is on the manager of {@code x}. */
    NDArray forward(NDArray x) {
        IValue input = IValue.from((PtNDArray) x);
        IValue groupCount = IValue.from(groups);
        IValue eps = IValue.from(VqConfig.NORM_EPS);
        try (IValue result = IValueUtils.runMethod(module, "run", weightList, program, input, groupCount, eps)) {
            return result.toTensor((PtNDManager) x.getManager());
        } finally {
            input.close();
            groupCount.close();
            eps.close();
        }
    }

    private static void conv(long code, VqWeights.Conv conv, List<Long> codes, List<NDArray> tensors) {
        codes.add(code);
        tensors.addAll(List.of(conv.weight(), conv.bias()));
    }

    /** A level's ResNet blocks, each followed by its attention block where the level has them. */
    private static void blocks(VqWeights.Level level, List<Long> codes, List<NDArray> tensors) {
        for (int i = 0; i < level.res().size(); i++) {
            resnet(level.res().get(i), codes, tensors);
            if (!level.attn().isEmpty()) {
                attention(level.attn().get(i), codes, tensors);
            }
        }
    }

    private static void mid(VqWeights.Mid mid, List<Long> codes, List<NDArray> tensors) {
        resnet(mid.first(), codes, tensors);
        attention(mid.attn(), codes, tensors);
        resnet(mid.second(), codes, tensors);
    }

    private static void output(VqWeights.Coder coder, List<Long> codes, List<NDArray> tensors) {
        codes.add(OUTPUT);
        tensors.addAll(List.of(coder.normOut().weight(), coder.normOut().bias(), coder.convOut().weight(),
                coder.convOut().bias()));
    }

    private static void resnet(VqWeights.Resnet block, List<Long> codes, List<NDArray> tensors) {
        codes.add(block.ninShortcut() == null ? RESNET : RESNET_WITH_SHORTCUT);
        tensors.addAll(List.of(block.norm1().weight(), block.norm1().bias(), block.conv1().weight(), block.conv1().bias(),
                block.norm2().weight(), block.norm2().bias(), block.conv2().weight(), block.conv2().bias()));
        if (block.ninShortcut() != null) {
            tensors.addAll(List.of(block.ninShortcut().weight(), block.ninShortcut().bias()));
        }
    }

    private static void attention(VqWeights.Attn block, List<Long> codes, List<NDArray> tensors) {
        codes.add(ATTENTION);
        tensors.addAll(List.of(block.norm().weight(), block.norm().bias(), block.q().weight(), block.q().bias(),
                block.k().weight(), block.k().bias(), block.v().weight(), block.v().bias(), block.projOut().weight(),
                block.projOut().bias()));
    }

    @Override
    public void close() {
        weightList.close();
        program.close();
        module.close();
    }
}
