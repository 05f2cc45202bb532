package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the window while a generation runs, in a separate JVM running the real application on
 * the embedded default model ({@link QuitDuringGenerationChild}): the unsaved-edits dialog appears;
 * Cancel keeps the window and the generation going; Stop it cancels the generation, the engine thread
 * ends within {@link StudioApplication#ENGINE_STOP_SECONDS}, the autosave is removed (a clean exit:
 * the user chose to discard), and the JVM ends by itself, so no non-daemon thread was left behind.
 */
class QuitDuringGenerationTest {

    private static final long CHILD_TIMEOUT_SECONDS = 300;

    @TempDir
    Path dir;

    @Test
    void closingTheWindowMidGenerationCancelsItAndTheJvmEnds() throws Exception {
        Path model = EmbeddedModel.bundled().extractTo(dir.resolve("model"));
        ArgbImage image = ArgbImage.blank(256, 192);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                image.set(x, y, 0xff000000 | x << 16 | (y + 40) << 8 | ((x + y) & 0x7f));
            }
        }
        Path photo = dir.resolve("photo.png");
        DocumentImages.writePng(image, photo, java.util.List.of());

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Darpg.home=" + dir.resolve("home"), "-Darpg.model=" + model, "-Dai.djl.offline=true"));
        for (String property : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text", "java.awt.headless")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(QuitDuringGenerationChild.class.getName());
        command.add(photo.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the child is gone
            }
        });
        reader.start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            reader.join(5000);
            fail("the application's JVM did not end by itself within " + CHILD_TIMEOUT_SECONDS + " s:\n" + String.join("\n", lines));
        }
        reader.join(5000);
        String output = String.join("\n", lines);
        System.out.println(output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(lines.stream().anyMatch(l -> l.matches("GENERATING .*step \\d+ of \\d+.*")), "it was generating:\n" + output);
        assertTrue(lines.contains("AUTOSAVE-BEFORE true"), "the document was autosaved while open:\n" + output);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DIALOG ") && l.contains("generation is running")),
                "closing asked about the running generation (the mask alone is no unsaved edit):\n" + output);
        assertTrue(lines.stream().anyMatch(l -> l.matches("KEPT-OPEN true, .*step \\d+ of \\d+.*")),
                "Cancel in the dialog kept the window open and the generation running:\n" + output);
        assertTrue(lines.contains("CLOSING"), output);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("LAST-MESSAGE Cancelled")), "the generation was cancelled:\n" + output);
        assertTrue(lines.contains("ENGINE-THREAD ENDED"), "the engine thread ended before the toolkit exited:\n" + output);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("NON-DAEMON ")), "no non-daemon thread was left:\n" + output);
        assertTrue(lines.contains("AUTOSAVE-AFTER false"), "a clean exit removes the autosave:\n" + output);
        long exitMillis = lines.stream().filter(l -> l.startsWith("EXITED after ")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElseThrow(() -> new AssertionError(output));
        assertTrue(exitMillis < StudioApplication.ENGINE_STOP_SECONDS * 1000,
                "the application stopped " + exitMillis + " ms after Stop it:\n" + output);
    }
}
