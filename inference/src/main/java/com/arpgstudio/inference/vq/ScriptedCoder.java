package com.arpgstudio.inference.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import com.arpgstudio.inference.runtime.TorchScripts;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fast path of {@link Encoder} and {@link Decoder}: the encoder with {@code quant_conv}, or
 * {@code post_quant_conv} with the decoder, as one call of a TorchScript module
 * ({@code VqCoder.torchscript}, compiled by libtorch when the tokenizer loads); the op-by-op
 * coders ({@link Encoder#forwardOpByOp}, {@link Decoder#forwardOpByOp}) stay the reference it is
 * tested against.
 *
 * <p>The module holds no weights: a coder is passed as its stages, in the order the op-by-op coder
 * runs them, each a kind and its weights by name. The script declares the names each kind reads
 * ({@code weight_names}); binding checks that every stage gives exactly those, so the two sides
 * cannot drift apart silently.
 */
final class ScriptedCoder implements AutoCloseable {

    static final String SOURCE = "VqCoder.torchscript";

    /** What a stage runs; the script knows each by {@link #scriptName}. */
    enum Kind {
        /** A convolution (1x1, or 3x3 with padding 1). */
        CONV,
        RESNET,
        /** A ResNet block with a 1x1 shortcut ({@code nin_shortcut}): input and output channels differ. */
        RESNET_SHORTCUT,
        ATTENTION,
        /** Nearest 2x, then a 3x3 convolution. */
        UPSAMPLE,
        /** {@code conv_out(nonlinearity(norm_out(h)))}. */
        OUTPUT,
        /** Pad right and bottom by one zero, then a 3x3 convolution of stride 2. */
        DOWNSAMPLE;

        String scriptName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One stage of a coder.
     *
     * @param weights its weights, named as in the checkpoint with dots as underscores
     *                ({@code norm1_weight}, {@code proj_out_bias}; a convolution's {@code weight}, {@code bias})
     */
    record Stage(Kind kind, Map<String, NDArray> weights) {}

    private final PtSymbolBlock module;
    private final IValue stageWeights;
    private final IValue kinds;
    private final int groups;

    private ScriptedCoder(PtSymbolBlock module, IValue stageWeights, IValue kinds, int groups) {
        this.module = module;
        this.stageWeights = stageWeights;
        this.kinds = kinds;
        this.groups = groups;
    }

    /** The encoder, then {@code quant_conv}: images (B, 3, H, W) to latents (B, codebook_embed_dim, H/f, W/f). */
    static ScriptedCoder encoder(VqWeights weights, NDManager manager) {
        return compile("encoder", encoderStages(weights), weights.config().normGroups(), manager);
    }

    /** {@code post_quant_conv}, then the decoder: latents (B, codebook_embed_dim, h, w) to images (B, 3, h*f, w*f). */
    static ScriptedCoder decoder(VqWeights weights, NDManager manager) {
        return compile("decoder", decoderStages(weights), weights.config().normGroups(), manager);
    }

    static List<Stage> encoderStages(VqWeights weights) {
        List<Stage> stages = new ArrayList<>();
        VqWeights.Coder encoder = weights.encoder();
        stages.add(conv(Kind.CONV, encoder.convIn()));
        for (VqWeights.Level level : encoder.levels()) {
            blocks(level, stages);
            if (level.resample() != null) {
                stages.add(conv(Kind.DOWNSAMPLE, level.resample()));
            }
        }
        mid(encoder.mid(), stages);
        stages.add(output(encoder));
        stages.add(conv(Kind.CONV, weights.quantConv()));
        return stages;
    }

    static List<Stage> decoderStages(VqWeights weights) {
        List<Stage> stages = new ArrayList<>();
        VqWeights.Coder decoder = weights.decoder();
        stages.add(conv(Kind.CONV, weights.postQuantConv()));
        stages.add(conv(Kind.CONV, decoder.convIn()));
        mid(decoder.mid(), stages);
        for (VqWeights.Level level : decoder.levels()) {           // conv_blocks: deepest level first
            blocks(level, stages);
            if (level.resample() != null) {
                stages.add(conv(Kind.UPSAMPLE, level.resample()));
            }
        }
        stages.add(output(decoder));
        return stages;
    }

    private static ScriptedCoder compile(String coder, List<Stage> stages, int groups, NDManager manager) {
        PtSymbolBlock module = TorchScripts.load((PtNDManager) manager, ScriptedCoder.class, SOURCE, "VqCoder",
                Map.of());
        try {
            checkNames(coder, TorchScripts.weightNames(module), stages);
        } catch (RuntimeException e) {
            module.close();
            throw e;
        }
        IValue[] kindNames = stages.stream().map(stage -> IValue.from(stage.kind().scriptName()))
                .toArray(IValue[]::new);
        try {
            return new ScriptedCoder(module, TorchScripts.dicts(stages.stream().map(Stage::weights).toList()),
                    IValue.listFrom(kindNames), groups);
        } finally {
            for (IValue kind : kindNames) {
                kind.close();
            }
        }
    }

    /**
     * Checks that every stage gives exactly the weights the script declares for its kind.
     *
     * @param coder    "encoder" or "decoder", for the message
     * @throws IllegalStateException naming each stage that differs, with the names expected and found
     */
    static void checkNames(String coder, Map<String, List<String>> declared, List<Stage> stages) {
        // stages that differ alike (every attention block, say) are named together
        Map<String, List<Integer>> problems = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            String kind = stage.kind().scriptName();
            List<String> expected = declared.get(kind);
            String problem;
            if (expected == null) {
                problem = " (" + kind + "): the script declares no such kind, only " + declared.keySet();
            } else {
                List<String> mismatch = TorchScripts.nameMismatch(expected, stage.weights().keySet());
                if (mismatch.isEmpty()) {
                    continue;
                }
                problem = " (" + kind + "): expected " + new TreeSet<>(expected) + ", found "
                        + new TreeSet<>(stage.weights().keySet()) + " (" + String.join(", ", mismatch) + ")";
            }
            problems.computeIfAbsent(problem, p -> new ArrayList<>()).add(i);
        }
        if (!problems.isEmpty()) {
            List<String> named = new ArrayList<>();
            problems.forEach((problem, indices) -> named.add(coder + (indices.size() == 1 ? " stage " : " stages ")
                    + indices.stream().map(String::valueOf).collect(Collectors.joining(", ")) + problem));
            throw new IllegalStateException(SOURCE + " and ScriptedCoder disagree on the weights: "
                    + String.join("; ", named));
        }
    }

    /** Runs the coder on {@code x}; the result is on the manager of {@code x}. */
    NDArray forward(NDArray x) {
        IValue input = IValue.from((PtNDArray) x);
        IValue groupCount = IValue.from(groups);
        IValue eps = IValue.from(VqConfig.NORM_EPS);
        try (IValue result = IValueUtils.runMethod(module, "run", stageWeights, kinds, input, groupCount, eps)) {
            return result.toTensor((PtNDManager) x.getManager());
        } finally {
            input.close();
            groupCount.close();
            eps.close();
        }
    }

    private static Stage conv(Kind kind, VqWeights.Conv conv) {
        return new Stage(kind, byName(conv));
    }

    /** A level's ResNet blocks, each followed by its attention block where the level has them. */
    private static void blocks(VqWeights.Level level, List<Stage> stages) {
        for (int i = 0; i < level.res().size(); i++) {
            stages.add(resnet(level.res().get(i)));
            if (!level.attn().isEmpty()) {
                stages.add(new Stage(Kind.ATTENTION, byName(level.attn().get(i))));
            }
        }
    }

    private static void mid(VqWeights.Mid mid, List<Stage> stages) {
        stages.add(resnet(mid.first()));
        stages.add(new Stage(Kind.ATTENTION, byName(mid.attn())));
        stages.add(resnet(mid.second()));
    }

    private static Stage output(VqWeights.Coder coder) {
        Map<String, NDArray> named = new LinkedHashMap<>();
        byName("norm_out_", coder.normOut(), named);
        byName("conv_out_", coder.convOut(), named);
        return new Stage(Kind.OUTPUT, named);
    }

    private static Stage resnet(VqWeights.Resnet block) {
        return new Stage(block.ninShortcut() == null ? Kind.RESNET : Kind.RESNET_SHORTCUT,
                byName(block));
    }

    private static Map<String, NDArray> byName(Record weights) {
        return byName("", weights, new LinkedHashMap<>());
    }

    /**
     * Puts the weights of a {@link VqWeights} record into {@code named} under its components' names
     * in snake case ({@code ninShortcut} as {@code nin_shortcut}), nested records joined by
     * {@code _}, absent (null) ones left out: a weight added to a record reaches the script under
     * its own name, and {@link #checkNames} refuses it until the script declares it.
     */
    private static Map<String, NDArray> byName(String prefix, Record weights, Map<String, NDArray> named) {
        for (RecordComponent component : weights.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(weights);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the weight " + component.getName(), e);
            }
            String name = prefix + component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
            if (value instanceof NDArray array) {
                named.put(name, array);
            } else if (value instanceof Record nested) {
                byName(name + "_", nested, named);
            } else if (value != null) {
                throw new IllegalStateException("the weight " + name + " is neither an array nor a record of them");
            }
        }
        return named;
    }

    @Override
    public void close() {
        stageWeights.close();
        kinds.close();
        module.close();
    }
}
