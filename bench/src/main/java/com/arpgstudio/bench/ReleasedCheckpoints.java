package com.arpgstudio.bench;

import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.AtomicFiles;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.runtime.ReleasedTokenizer;
import com.arpgstudio.inference.runtime.Sizes;
import com.arpgstudio.inference.testing.RandomWeights;
import com.arpgstudio.inference.vq.VqWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes random weights of a released model's shapes as the released files, so that the app can
 * be run end to end at the real size where the real weights cannot be downloaded (the GPU machine
 * has no network): {@code arpg_300m.pt} etc. as {@code torch.save({"state_dict": ...})} with every
 * key and shape of models/arpg.py, and {@code vq_ds16_c2i.pt} as {@code torch.save({"model": ...})}
 * with VQ-16's. Each file is then read back with the checks a download must pass
 * ({@link ReleasedModel#check}, {@link ReleasedTokenizer#check}), so the registry takes them as
 * downloaded models.
 *
 * <pre>java -cp "bench/target/*:bench/target/lib/*" com.arpgstudio.bench.ReleasedCheckpoints [--model arpg-l]
 *     [--out DIR (default: the app's models folder)] [--seed N]</pre>
 */
public final class ReleasedCheckpoints {

    private ReleasedCheckpoints() {}

    public static void main(String[] args) throws IOException {
        String id = "arpg-l";
        Path out = AppDirectories.current().modelsDir();
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> id = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("expected --model ID, --out DIR or --seed N, found "
                        + args[i]);
            }
        }
        String wanted = id;
        ReleasedModel model = ReleasedModel.ALL.stream().filter(m -> m.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of " + ReleasedModel.ALL.stream()
                        .map(ReleasedModel::id).toList() + ", found " + wanted));
        Files.createDirectories(out);
        write(out.resolve(model.hubFile()), "state_dict", arpgShapes(model), seed);
        model.check(out.resolve(model.hubFile()));
        ReleasedTokenizer tokenizer = model.tokenizer();
        write(out.resolve(tokenizer.file()), "model", VqWeights.expectedShapes(tokenizer.config()), seed + 1);
        tokenizer.check(out.resolve(tokenizer.file()));
        System.out.println(model.name() + " and " + tokenizer.file() + " pass the download checks");
    }

    /** Every key and shape of a released model (its vocabulary is its tokenizer's codebook). */
    static Map<String, long[]> arpgShapes(ReleasedModel model) {
        ArpgConfig config = ArpgConfig.standard(model.dim(), model.layers(), model.dim() / ModelConfigs.RELEASED_HEAD_DIM);
        return ModelConfigs.expectedArpgShapes(model.dim(), model.tokenizer().config().codebookSize(), model.classes(),
                model.layers() / 2, config.ffnHiddenDim());
    }

    private static void write(Path file, String section, Map<String, long[]> shapes, long seed) throws IOException {
        long start = System.nanoTime();
        AtomicFiles.write(file, temp -> TorchSave.write(RandomWeights.stateDict(shapes, seed, file.toString()),
                section, temp));
        System.out.printf(Locale.ROOT, "%s: %d tensors, %s, written in %.1f s%n", file, shapes.size(),
                Sizes.describe(Files.size(file)), (System.nanoTime() - start) / 1e9);
    }
}
