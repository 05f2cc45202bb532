package com.arpgstudio.app.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.fuzz.Mutations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutosaveTest {

    @TempDir
    Path dir;

    private static void assertSameDocument(Document expected, Document actual) {
        assertArrayEquals(expected.image().pixels(), actual.image().pixels(), "image");
        assertArrayEquals(expected.mask().coverageValues(), actual.mask().coverageValues(), "mask");
        assertEquals(expected.file(), actual.file(), "file");
        assertEquals(expected.editRecords(), actual.editRecords(), "edit records");
    }

    @Test
    void snapshotRoundTripsAndDiscardRemovesIt() throws Exception {
        Autosave autosave = new Autosave(dir.resolve("autosave"));
        assertTrue(autosave.read().isEmpty());
        Document document = AutosaveCrashChild.afterEdits(3);
        autosave.write(Autosave.Snapshot.of(document));
        autosave.write(Autosave.Snapshot.of(document)); // older generations are removed
        try (var files = Files.list(autosave.dir())) {
            assertEquals(3, files.count(), "index, image and mask of the latest generation only");
        }
        Document restored = autosave.read().orElseThrow().toDocument(64L << 20);
        assertSameDocument(document, restored);
        autosave.discard();
        assertTrue(autosave.read().isEmpty());
    }

    @Test
    void damagedIndexIsAClearErrorNotACrash() throws Exception {
        Autosave autosave = new Autosave(dir.resolve("autosave"));
        autosave.write(Autosave.Snapshot.of(AutosaveCrashChild.afterEdits(1)));
        Files.writeString(autosave.dir().resolve("autosave.json"), "{\"format\": 1, \"image\": ");
        IOException e = assertThrows(IOException.class, autosave::read);
        assertTrue(e.getMessage().contains("autosave index") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void aPipeDeviceOrHugeFileInTheIndexsPlaceIsAClearErrorNotAHang() throws Exception {
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO, Mutations.Special.FOLDER,
            Mutations.Special.LINK_TO_DEV_ZERO, Mutations.Special.SPARSE_3_GB}) {
            Autosave autosave = new Autosave(Files.createDirectories(dir.resolve("autosave-" + special)));
            Mutations.special(autosave.dir().resolve("autosave.json"), special);
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(IOException.class, autosave::read), special.toString());
            assertTrue(e.getMessage().contains("autosave.json") && e.getMessage().contains("autosave index"),
                    special + ": " + e.getMessage());
        }
    }

    /** kill -9 while the child is editing and autosaving: the next start finds a complete, equal document. */
    @Test
    void documentSurvivesKillNine() throws Exception {
        Path autosaveDir = dir.resolve("autosave");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AutosaveCrashChild.class.getName(),
                autosaveDir.toString()).redirectErrorStream(true).start();
        int announced = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (announced < 5 && (line = out.readLine()) != null) {
                assertFalse(line.startsWith("FAILED"), line);
                if (line.startsWith("SAVED ")) {
                    announced = Integer.parseInt(line.substring(6));
                }
            }
            assertEquals(5, announced, "the child reported its autosaves");
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, writes cut wherever they are
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by signal 9");

        Autosave.Snapshot snapshot = new Autosave(autosaveDir).read().orElseThrow();
        List<String> records = snapshot.editRecords();
        int edits = records.size() - 1; // the opened file's record, then one per edit
        assertTrue(edits >= announced, "the restored state is at least the last announced one, found " + edits);
        assertSameDocument(AutosaveCrashChild.afterEdits(edits), snapshot.toDocument(64L << 20));
    }
}
