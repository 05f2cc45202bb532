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
 * The fast path of {@link Decoder}: {@code post_quant_conv} and the decoder as one call of a
 * TorchScript module ({@code VqDecoder.torchscript}, compiled by libtorch when the tokenizer
 * loads), with GroupNorm as {@code torch.group_norm}; the op-by-op decoder
 * ({@link Decoder#forwardOpByOp}) stays the reference it is tested against.
 *
 * <p>The module holds no weights: the decoder is passed as a program, one code per stage in the
 * order {@link Decoder#forwardOpByOp} runs them, and the list of the weights those stages read.
 */
final class ScriptedDecoder implements AutoCloseable {

    private static final long CONV = 0;
    private static final long RESNET = 1;
    private static final long RESNET_WITH_SHORTCUT = 2;
    private static final long ATTENTION = 3;
    private static final long UPSAMPLE = 4;
    private static final long OUTPUT = 5;

    private final PtSymbolBlock module;
    private final IValue weightList;
    private final IValue program;
    private final int groups;

    ScriptedDecoder(VqWeights weights, NDManager manager) {
        List<Long> codes = new ArrayList<>();
        List<NDArray> tensors = new ArrayList<>();
        VqWeights.Coder decoder = weights.decoder();
        conv(CONV, weights.postQuantConv(), codes, tensors);
        conv(CONV, decoder.convIn(), codes, tensors);
        VqWeights.Mid mid = decoder.mid();
        resnet(mid.first(), codes, tensors);
        attention(mid.attn(), codes, tensors);
        resnet(mid.second(), codes, tensors);
        for (VqWeights.Level level : decoder.levels()) {           // conv_blocks: deepest level first
            for (int i = 0; i < level.res().size(); i++) {
                resnet(level.res().get(i), codes, tensors);
                if (!level.attn().isEmpty()) {
                    attention(level.attn().get(i), codes, tensors);
                }
            }
            if (level.resample() != null) {
                conv(UPSAMPLE, level.resample(), codes, tensors);
            }
        }
        codes.add(OUTPUT);
        tensors.addAll(List.of(decoder.normOut().weight(), decoder.normOut().bias(), decoder.convOut().weight(),
                decoder.convOut().bias()));
        this.module = TorchScripts.load((PtNDManager) manager, ScriptedDecoder.class, "VqDecoder.torchscript",
                "VqDecoder", Map.of());
        this.weightList = IValue.listFrom(tensors.toArray(PtNDArray[]::new));
        this.program = IValue.listFrom(codes.stream().mapToLong(Long::longValue).toArray());
        this.groups = weights.config().normGroups();
    }

    /** Quantised latents (B, codebook_embed_dim, h, w) to images (B, 3, h*f, w*f), on the manager of {@code quant}. */
    NDArray forward(NDArray quant) {
        IValue latents = IValue.from((PtNDArray) quant);
        IValue groupCount = IValue.from(groups);
        IValue eps = IValue.from(VqConfig.NORM_EPS);
        try (IValue result = IValueUtils.runMethod(module, "decode", weightList, program, latents, groupCount, eps)) {
            return result.toTensor((PtNDManager) quant.getManager());
        } finally {
            latents.close();
            groupCount.close();
            eps.close();
        }
    }

    private static void conv(long code, VqWeights.Conv conv, List<Long> codes, List<NDArray> tensors) {
        codes.add(code);
        tensors.addAll(List.of(conv.weight(), conv.bias()));
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
