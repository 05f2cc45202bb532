package com.arpgstudio.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.checkpoint.CheckpointFormat;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.runtime.FixtureReleases;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.testing.RandomWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchSaveTest {

    @TempDir
    Path dir;

    @Test
    void theSafeReadersReadBackEveryTensorUnderItsSection() throws Exception {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("a.weight", new long[] {3, 4});
        shapes.put("b.norm.weight", new long[] {5});
        shapes.put("c", new long[] {2, 3, 2});
        StateDict written = RandomWeights.stateDict(shapes, 9, "written");
        Path file = dir.resolve("small.pt");

        TorchSave.write(written, "model", file);

        assertEquals(CheckpointFormat.TORCH_ZIP, CheckpointFormat.detect(file));
        StateDict read = StateDict.open(file, "model");
        assertEquals(List.copyOf(shapes.keySet()), List.copyOf(read.names()));
        for (String name : shapes.keySet()) {
            assertArrayEquals(shapes.get(name), read.get(name).shape(), name);
            assertArrayEquals(written.get(name).toFloats(), read.get(name).toFloats(), name);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(List.of("small/data.pkl", "small/byteorder", "small/data/0", "small/data/1", "small/data/2",
                    "small/version"), zip.stream().map(e -> e.getName()).toList());
        }
    }

    @ReferenceFixtures.Needed
    @Test
    void aReleasedModelsShapesPassTheDownloadCheck() throws Exception {
        ReleasedModel model = FixtureReleases.model("tiny", "Tiny", "tiny.pt");
        Path file = dir.resolve(model.hubFile());

        TorchSave.write(RandomWeights.stateDict(ReleasedCheckpoints.arpgShapes(model), 1, "tiny"), "state_dict", file);

        model.check(file);
    }
}
