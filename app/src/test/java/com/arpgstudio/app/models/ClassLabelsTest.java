package com.arpgstudio.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.arpgstudio.inference.fuzz.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLabelsTest {

    @TempDir
    Path dir;

    @Test
    void aModelsOwnNamesWhenTheyAreOnePerClass() throws IOException {
        Path file = Files.writeString(dir.resolve("classes.txt"), " sky \nsea\n\n");
        assertEquals(List.of("sky", "sea"), ClassLabels.forModel(file, 2));
        assertEquals(List.of("class 0", "class 1", "class 2"), ClassLabels.forModel(file, 3), "a list of another length");
        assertEquals(List.of("class 0"), ClassLabels.forModel(dir.resolve("missing.txt"), 1));
        assertEquals(ClassLabels.imagenet(), ClassLabels.forModel(null, 1000));
        assertEquals("tench", ClassLabels.imagenet().get(0));
    }

    @Test
    void controlCharactersFromTheFileAreEscaped() throws IOException {
        Path file = Files.writeString(dir.resolve("classes.txt"), "a\u001b]0;title\u0007b\n");
        assertEquals(List.of("a\\u001b]0;title\\u0007b"), ClassLabels.forModel(file, 1));
    }

    @Test
    void aPipeDeviceFolderOrHugeFileIsNotReadAndTheClassesAreNumbered() throws IOException {
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO, Mutations.Special.FOLDER,
            Mutations.Special.LINK_TO_DEV_ZERO, Mutations.Special.SPARSE_3_GB}) {
            Path file = Mutations.special(dir.resolve("classes-" + special + ".txt"), special);
            assertEquals(List.of("class 0", "class 1"), assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> ClassLabels.forModel(file, 2)), special.toString());
        }
    }
}
