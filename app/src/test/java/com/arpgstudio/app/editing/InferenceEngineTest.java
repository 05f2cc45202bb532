package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.cli.ArpgCli;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The editor's engine on the embedded default model, against the command line on the same inputs. */
class InferenceEngineTest {

    private static final Rect HOLE = new Rect(40, 30, 56, 44);
    private static final long SEED = 7;
    private static final int STEPS = 8;
    /** A class, so that guidance and its ramp matter (with none both halves of the batch are alike). */
    private static final int CLASS = 3;

    @TempDir
    Path dir;
    private ExecutorService executor;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @BeforeEach
    void home() {
        System.setProperty(AppDirectories.HOME_PROPERTY, dir.resolve("home").toString());
        executor = EngineExecutor.create();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        System.clearProperty(AppDirectories.HOME_PROPERTY);
    }

    /**
     * Generate in the editor (view model, settings file, {@link InferenceEngine}) and
     * {@code arpg inpaint} with the same photo, mask, seed, steps and class and every other setting
     * left at the model's recommended one (guidance 1.5 linear, temperature 1.0, no top-k: loading
     * the model applies them in the editor; the command line takes them as its defaults) give the
     * same pixels.
     */
    @Test
    void theEditorsFillEqualsTheCommandLinesForTheSameSettings() throws Exception {
        Path model = EmbeddedModel.bundled().extractTo(dir.resolve("model"));
        ArgbImage original = FxToolkit.gradientPhoto(160, 120);
        Path photo = dir.resolve("photo.png");
        DocumentImages.writePng(original, photo, java.util.List.of());
        Path mask = dir.resolve("mask.png");

        InferenceEngine engine = new InferenceEngine(
                () -> new InferenceEngine.ResolvedModel("default",
                        ModelFiles.resolve(model, null, Settings.defaults()), null),
                () -> new Devices.Selection(Device.cpu(), "CPU", ""), List::of);
        SettingsStore store = SettingsStore.open(dir.resolve("settings.json"));
        EditorViewModel editor = FxToolkit.call(() -> new EditorViewModel(engine, executor, store));
        List<EditorViewModel.Failure> failures = new ArrayList<>();
        FxToolkit.run(() -> {
            editor.setFailureHandler(failures::add);
            editor.modelStatus().load();
        });
        SamplingSettings recommended = ModelFiles.resolve(model, null, Settings.defaults()).recommendedSettings();
        FxToolkit.waitFor("the model", 60000,
                () -> recommended.equals(editor.settings().recommendedProperty().get()));
        SamplingSettings inPanel = FxToolkit.call(() -> editor.settings().snapshot());
        assertEquals(inPanel.withRecommended(recommended), inPanel, "the panel shows the model's settings");
        FxToolkit.run(() -> {
            editor.settings().seedLockedProperty().set(true);
            editor.settings().seedProperty().set(SEED);
            editor.settings().stepsProperty().set(STEPS);
            editor.settings().classIdProperty().set(CLASS);
            editor.files().open(photo);
        });
        FxToolkit.waitFor("the photo", 10000, () -> editor.documentProperty().get() != null);
        FxToolkit.run(() -> {
            editor.documentProperty().get().editMask("rect", m -> MaskPaint.rectangle(m, HOLE, true));
            try {
                DocumentImages.writeMask(editor.documentProperty().get().mask(), mask);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            editor.generate();
        });
        FxToolkit.waitFor("the editor's fill", 120000, () -> !editor.generation().generatingProperty().get());
        assertEquals(List.of(), failures);
        int[] fromEditor = FxToolkit.call(() -> editor.documentProperty().get().image().pixels().clone());

        Path out = dir.resolve("out.png");
        StringWriter err = new StringWriter();
        CommandLine cli = ArpgCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("inpaint", "--image", photo.toString(), "--mask", mask.toString(),
                "--out", out.toString(), "--model", model.toString(), "--device", "cpu",
                "--seed", String.valueOf(SEED), "--steps", String.valueOf(STEPS), "--class", String.valueOf(CLASS),
                "--quiet");
        assertEquals(0, status, err.toString());
        int[] fromCli = DocumentImages.read(out).image().pixels();

        int changed = 0;
        for (int y = HOLE.y(); y < HOLE.bottom(); y++) {
            for (int x = HOLE.x(); x < HOLE.right(); x++) {
                changed += fromCli[y * original.width() + x] != original.get(x, y) ? 1 : 0;
            }
        }
        assertTrue(changed > HOLE.area() / 2, "the hole was filled: " + changed + " pixels changed");
        assertArrayEquals(fromCli, fromEditor, "the editor's pixels differ from the command line's");
    }
}
