package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.HfCache;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.ModelShape;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.UserModel;
import com.arpgstudio.inference.vq.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every entry point that loads a model from user files, fed a copy of the fixture model folder
 * with one file damaged ({@link Mutations}: checkpoints at their headers, zip directories and
 * pickles; config.json with absurd numbers, swapped types, broken punctuation, deep nesting): each
 * case loads cleanly or is refused with the entry point's documented exception and a message,
 * within the CPU limit, and failed loads leave no native array behind. A model that loads from a
 * damaged config.json must also run a one-step inpaint (a shape the config let through must not
 * crash libtorch later). The embedded default model's unpacked copy and manifest are damaged the
 * same way, and a user model pair in the registry is described without an exception.
 */
@ReferenceFixtures.Needed
class ModelLoadFuzzTest {

    private static final long CPU_LIMIT_MS = 3000;
    /** A load and a one-step inpaint of a quarter of the fixture model's window. */
    private static final long GENERATE_CPU_LIMIT_MS = 20_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with a damaged {1} x {2}")
    @CsvSource({
            "LoadedModels, arpg.safetensors, 30", "LoadedModels, arpg.pt, 15", "LoadedModels, vq.safetensors, 15",
            "LoadedModels, vq.pt, 8", "LoadedModels, config.json, 6",
            "ArpgModel, arpg.safetensors, 30", "ArpgModel, arpg.pt, 20", "ArpgModel, config.json, 60",
            "Tokenizer, vq.safetensors, 20", "Tokenizer, vq.pt, 8", "Tokenizer, config.json, 60",
            "ModelShape, arpg.safetensors, 60", "ModelShape, vq.safetensors, 40", "ModelShape, config.json, 100",
            "ModelRegistry.describe, arpg.pt, 60", "ModelRegistry.describe, config.json, 100",
            "ModelConfigs.readConfigBeside, config.json, 300"})
    void damagedModelFolder(String entryPoint, String damaged, int cases) throws Exception {
        String format = damaged.endsWith(".pt") ? ".pt" : ".safetensors";
        Path arpg = dir.resolve("arpg" + format);
        Path vq = dir.resolve("vq" + format);
        Path config = dir.resolve("config.json");
        for (Path file : List.of(arpg, vq, config)) {
            Files.copy(ReferenceFixtures.file(file.getFileName().toString()), file);
        }
        Path target = dir.resolve(damaged);
        byte[] original = Files.readAllBytes(target);
        Random random = new Random(entryPoint.hashCode() * 31L + damaged.hashCode());
        boolean generates = entryPoint.equals("LoadedModels") && damaged.equals("config.json");
        Callable<?> load = switch (entryPoint) {
            case "LoadedModels" -> () -> loadAndUse(ModelFiles.resolve(dir, null, Settings.defaults()), generates);
            case "ArpgModel" -> () -> {
                try (ArpgModel model = ArpgModel.load(arpg, Device.cpu(), DataType.FLOAT32)) {
                    return model.config();
                }
            };
            case "Tokenizer" -> () -> {
                try (Tokenizer tokenizer = Tokenizer.load(vq)) {
                    return tokenizer.config();
                }
            };
            case "ModelShape" -> () -> ModelShape.of(arpg, vq, config);
            case "ModelRegistry.describe" -> () -> describedOrExplained(new UserModel("fuzz", arpg.toString(), vq.toString(), null));
            case "ModelConfigs.readConfigBeside" -> () -> ModelConfigs.readConfigBeside(arpg);
            default -> throw new IllegalArgumentException(entryPoint);
        };
        int arrays = DjlRuntime.liveArrays();
        try (FuzzRunner fuzz = new FuzzRunner(entryPoint + " " + damaged, generates ? GENERATE_CPU_LIMIT_MS : CPU_LIMIT_MS,
                documented(entryPoint))) {
            for (int i = 0; i < FuzzRunner.cases(cases); i++) {
                Mutations.Mutant mutant = damaged.endsWith(".json") ? Mutations.json(original, random)
                        : Mutations.checkpoint(original, random);
                Files.write(target, mutant.bytes());
                fuzz.run("case " + i + " (" + mutant.description() + ")", load);
            }
        }
        assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays left behind by failed or closed loads");
    }

    private static Class<? extends Exception>[] documented(String entryPoint) {
        @SuppressWarnings("unchecked")
        Class<? extends Exception>[] none = new Class[0];
        return switch (entryPoint) {
            case "ModelRegistry.describe" -> none; // unusable files are a note on the entry, never an exception
            case "ModelConfigs.readConfigBeside" -> types(CheckpointException.class);
            default -> types(IOException.class);
        };
    }

    @SafeVarargs
    private static Class<? extends Exception>[] types(Class<? extends Exception>... types) {
        return types;
    }

    /**
     * Loads the models; when the configuration came from a damaged config.json, also runs a short
     * inpaint on them, whose only allowed refusal is an EditException.
     */
    private static Object loadAndUse(ModelFiles files, boolean configDamaged) throws IOException {
        try (LoadedModels loaded = LoadedModels.load(files, Device.cpu())) {
            if (configDamaged) {
                int size = Math.max(16, loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize() / 4);
                PixelMask mask = PixelMask.ofRect(size, size, new Rect(size / 4, size / 4, size / 2, size / 2));
                try {
                    new Editor(loaded.models(), PreviewPolicy.ADAPTIVE).run(
                            EditRequest.inpaint(ArgbImage.blank(size, size), mask,
                                    SamplingSettings.DEFAULTS.withSteps(1).withClassId(0)),
                            EditListener.NONE, Cancellation.none());
                } catch (EditException refused) {
                    // the request itself is sound: only what the damaged config changed may refuse it
                    assertTrue(refused.reason() == EditException.Reason.INVALID_SETTINGS
                            || refused.reason() == EditException.Reason.IMAGE_TOO_LARGE,
                            refused.reason() + ": " + refused.getMessage());
                }
            }
            return loaded;
        }
    }

    /** The registry's entry for a user pair: a shape, or (when unusable) a note saying why. */
    private static ModelEntry describedOrExplained(UserModel model) {
        ModelEntry entry = ModelRegistry.describe(model);
        assertTrue(entry.shape() != null || !entry.note().isBlank(), "an unusable pair says why");
        return entry;
    }

    /**
     * The embedded default model after it was unpacked: its manifest damaged (the copies are then
     * made again) or one unpacked file damaged in place with its size kept (the manifest still
     * matches, so the damaged copy is used): the registry lists the model with a shape or a note,
     * never an exception, and loading a model it offers is clean or an IOException.
     */
    @Test
    void damagedUnpackedDefaultModel() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), new HfCache(dir.resolve("hub")),
                EmbeddedModel.bundled(), "http://127.0.0.1:9");
        registry.refresh();
        Path folder = dir.resolve("models").resolve(ModelRegistry.DEFAULT_MODEL_ID);
        List<String> names = List.of("extracted.sha256", EmbeddedModel.CONFIG_FILE, EmbeddedModel.ARPG_FILE,
                EmbeddedModel.VQ_FILE);
        Random random = new Random(7);
        int arrays = DjlRuntime.liveArrays();
        try (FuzzRunner fuzz = new FuzzRunner("embedded default model", CPU_LIMIT_MS * 2, IOException.class)) {
            for (int i = 0; i < FuzzRunner.cases(5); i++) {
                Path target = folder.resolve(names.get(random.nextInt(names.size())));
                byte[] original = Files.readAllBytes(target);
                Mutations.Mutant mutant = sameSize(original, target.toString().endsWith(".safetensors")
                        ? Mutations.checkpoint(original, random) : Mutations.json(original, random), random);
                Files.write(target, mutant.bytes());
                fuzz.run("case " + i + " (" + target.getFileName() + ": " + mutant.description() + ")", () -> {
                    registry.refresh(); // must not throw
                    ModelEntry entry = registry.find(ModelRegistry.DEFAULT_MODEL_ID).orElseThrow();
                    assertTrue(entry.shape() != null || !entry.note().isBlank(), "an unusable default model says why");
                    return loadAndUse(ModelFiles.resolve(entry.generator().path(), entry.tokenizer().path(),
                            Settings.defaults()), false);
                });
                Files.write(target, original);
            }
        }
        assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays left behind");
    }

    /** The mutation, or (when it changed the length) a bit flip at the same place, so the manifest's size check passes. */
    private static Mutations.Mutant sameSize(byte[] original, Mutations.Mutant mutant, Random random) {
        if (mutant.bytes().length == original.length) {
            return mutant;
        }
        byte[] bytes = original.clone();
        int at = random.nextInt(Math.min(bytes.length, 4096));
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return new Mutations.Mutant(bytes, "flip a bit at " + at);
    }
}
