package com.arpgstudio.inference.checkpoint;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mutates the fixture checkpoints thousands of times (truncations, flipped bytes, huge lengths,
 * shifted or absurd offsets, aimed mostly at headers, pickles and zip directories) and requires
 * every case to end, within a second of CPU time, in a clean success (every tensor readable) or a
 * CheckpointException: never another exception, an OutOfMemoryError, a hang or a crash. The
 * loaders above StateDict (models, tokenizer, registry) are fuzzed by {@code ModelLoadFuzzTest}.
 */
class CheckpointFuzzTest {

    @TempDir
    Path dir;

    @ReferenceFixtures.Needed
    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"arpg.pt, 250", "arpg.safetensors, 800", "vq.pt, 80", "vq.safetensors, 200", "malicious.pt, 200",
            "torch/training.pt, 500", "torch/views_legacy.pt, 400"})
    void mutatedFilesFailCleanly(String name, int cases) throws Exception {
        byte[] original = Files.readAllBytes(name.startsWith("torch/")
                ? Path.of(CheckpointFuzzTest.class.getResource(name).toURI()) : ReferenceFixtures.file(name));
        Random random = new Random(name.hashCode() * 31L + cases);
        try (FuzzRunner fuzz = new FuzzRunner("StateDict.open " + name, 1000, CheckpointException.class)) {
            for (int i = 0; i < FuzzRunner.cases(cases); i++) {
                Mutations.Mutant mutant = Mutations.checkpoint(original, random);
                Path file = dir.resolve("case" + i);
                Files.write(file, mutant.bytes());
                fuzz.run("case " + i + " (" + mutant.description() + ")", () -> openAndReadEverything(file));
                Files.delete(file);
            }
        }
    }

    /**
     * Hostile shapes ({@link Mutations#hostileCheckpoint}: dict keys with one hash code, stride-0
     * views, foreign classes used every way, terminal codes in names) and special files in place
     * of the checkpoint, within the CPU limit and 256 MiB of allocation a case.
     */
    @Test
    void hostileShapesFailCleanlyAndQuickly() throws Exception {
        Random random = new Random(18);
        try (FuzzRunner fuzz = new FuzzRunner("StateDict.open hostile shapes", 1000, CheckpointException.class)
                .allocationLimit(256L << 20)) {
            for (int i = 0; i < FuzzRunner.cases(60); i++) {
                Path file = dir.resolve("hostile" + i + ".pt");
                String description = Mutations.writeCase(file, random, 8, () -> Mutations.hostileCheckpoint(random));
                fuzz.run("case " + i + " (" + description + ")", () -> openAndReadEverything(file));
                Files.delete(file);
            }
        }
    }

    private static StateDict openAndReadEverything(Path file) throws IOException {
        StateDict dict = StateDict.open(file);
        for (StoredTensor tensor : dict.tensors().values()) {
            if (tensor.dtype().isFloating()) {
                tensor.toFloats();
            } else {
                tensor.toLongs();
            }
        }
        return dict;
    }
}
