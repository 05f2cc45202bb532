package com.arpgstudio.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.ModelIdentity;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.testing.RandomWeights;
import com.arpgstudio.inference.vq.Tokenizer;
import com.arpgstudio.inference.vq.VqConfig;
import com.arpgstudio.inference.vq.VqWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line of the editing benches: {@code [MODEL_DIR_OR_FILE [TOKENIZER]] [--NAME N]...}, where
 * the integer options and their defaults are the bench's own; no model means the embedded default.
 */
final class EditBenchArgs {

    private final Path model;
    private final Path tokenizer;
    private final Map<String, Integer> options;

    private EditBenchArgs(Path model, Path tokenizer, Map<String, Integer> options) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.options = options;
    }

    static EditBenchArgs parse(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> options = new LinkedHashMap<>(defaults);
        Path model = null;
        Path tokenizer = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name != null) {
                if (!options.containsKey(name) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected one of --" + String.join(", --", defaults.keySet())
                            + " followed by a number, found " + args[i]);
                }
                options.put(name, Integer.parseInt(args[++i]));
            } else if (model == null) {
                model = Path.of(args[i]);
            } else {
                tokenizer = Path.of(args[i]);
            }
        }
        return new EditBenchArgs(model, tokenizer, options);
    }

    ModelFiles modelFiles() throws IOException {
        return ModelFiles.resolve(model, tokenizer, SettingsStore.open().get());
    }

    int option(String name) {
        return options.get(name);
    }

    /** A deterministic square test picture: horizontal red and vertical green ramps over a blue checkerboard. */
    static ArgbImage picture(int size) {
        return picture(size, size);
    }

    /** {@link #picture(int)} of any size. */
    static ArgbImage picture(int width, int height) {
        int[] px = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / Math.max(1, width - 1);
                int g = y * 255 / Math.max(1, height - 1);
                int b = ((x / 8 + y / 8) % 2) * 80 + 60;
                px[y * width + x] = 0xff000000 | r << 16 | g << 8 | b;
            }
        }
        return new ArgbImage(width, height, px);
    }

    /** ARPG-L and VQ-16 shapes with random weights, in the precision the editor uses on the device. */
    static LoadedModels randomReleased(Device device) throws IOException {
        return random(ArpgConfig.arpgL(), VqConfig.vq16(), "", device);
    }

    /**
     * The released models' geometry (16 x 16 tokens of 16 px, ImageNet's vocabulary and classes) at
     * a tiny width, with random weights: an edit plans, crops, pastes and heals exactly as with ARPG-L
     * and VQ-16 while the models cost little, so a CPU run shows the host's share of a GPU run.
     */
    static LoadedModels randomSmall(Device device) throws IOException {
        VqConfig vq16 = VqConfig.vq16();
        VqConfig vq = new VqConfig(16, vq16.chMult().stream().map(m -> 1).toList(), 16, vq16.codebookSize(),
                vq16.codebookEmbedDim(), true, 1, 16);
        return random(ArpgConfig.standard(64, 2, 4), vq, "small ", device);
    }

    private static LoadedModels random(ArpgConfig config, VqConfig vq, String size, Device device) throws IOException {
        DataType dataType = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        ArpgModel generator = ArpgModel.random(config, device, dataType);
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.load(RandomWeights.stateDict(VqWeights.expectedShapes(vq), 1, "random " + size + "VQ-16"), vq,
                    device, dataType);
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
        return LoadedModels.of(generator, new ModelIdentity("random " + size + "ARPG-L", ""), tokenizer,
                new ModelIdentity("random " + size + "VQ-16", ""), null);
    }
}
