package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.editing.EditEngine;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.app.editing.InferenceEngine;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.beans.value.ChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * While a generation streams previews into the window, the FX thread never spends more than 50 ms
 * between two pulses working or blocked on a lock. Measured with a post-layout pulse listener on the
 * scene (an animation keeps pulses coming): for each pulse-to-pulse interval, the FX thread's own CPU
 * time plus the time it was blocked on locks ({@link FxThreadMeter}). Wall-clock gaps are printed
 * but not asserted: on a loaded machine they also hold time the OS gave other processes, and the
 * toolkit's wait for its render thread, neither of which is the engine holding the FX thread up.
 * Each case runs its generation twice and holds the second to the limit: the first also pays for
 * loading and compiling the code of the window's first result (the variant strip, the tree rows,
 * the record's text: 65 ms there against 15-18 ms the second time, measured), a one-off the JVM
 * does once per session; it is held to {@value #FIRST_RUN_LIMIT_MILLIS} ms, which still catches
 * engine work on the FX thread. Runs the test engine over a large photo and the embedded default
 * model on the CPU.
 */
@ExtendWith(ApplicationExtension.class)
class FxResponsivenessTest {

    private static final long LIMIT_NANOS = 50_000_000;
    private static final long FIRST_RUN_LIMIT_MILLIS = 250;

    @RegisterExtension
    final EditorHarness<EditEngine> editor = EditorHarness.showWhenAsked();

    @Test
    void fakeEngineStreamingPreviewsOverALargePhoto(FxRobot robot) throws Exception {
        Path photo = photo(1024, 768);
        editor.show(new FakeEngine(25), 32, 2);
        open(robot, photo, new Rect(300, 200, 400, 300));
        String what = "fake engine, 1024x768, 32 steps, 2 variants";
        assertResponsive(what + ", first run", measureGeneration(robot, 30), FIRST_RUN_LIMIT_MILLIS * 1_000_000);
        robot.interact(() -> editor.model.variants().discard());
        assertResponsive(what, measureGeneration(robot, 30), LIMIT_NANOS);
    }

    @Test
    void defaultModelInpainting(FxRobot robot) throws Exception {
        Path modelDir = EmbeddedModel.bundled().extractTo(editor.dir.resolve("default-model"));
        Path photo = photo(320, 240);
        InferenceEngine inference = new InferenceEngine(
                () -> new InferenceEngine.ResolvedModel("default",
                        ModelFiles.resolve(modelDir, null, Settings.defaults()), null),
                () -> new Devices.Selection(ai.djl.Device.cpu(), "CPU", ""), List::of);
        editor.show(inference, 8, 1);
        FxToolkit.waitFor("the model", 120_000, () -> !editor.model.modelStatus().modelNameProperty().get().startsWith("loading"));
        open(robot, photo, new Rect(100, 80, 120, 90));
        String what = "default model, 320x240, 8 steps";
        assertResponsive(what + ", first run", measureGeneration(robot, 300), FIRST_RUN_LIMIT_MILLIS * 1_000_000);
        robot.interact(() -> editor.model.undo()); // the hole and its mask are back
        assertResponsive(what, measureGeneration(robot, 300), LIMIT_NANOS);
    }

    private Path photo(int width, int height) throws Exception {
        ArgbImage image = ArgbImage.blank(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.set(x, y, 0xff000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8 | ((x * y) & 0x7f));
            }
        }
        return editor.photo(image);
    }

    private void open(FxRobot robot, Path photo, Rect hole) {
        robot.interact(() -> editor.model.files().open(photo));
        FxToolkit.waitFor("the photo", 10_000, () -> editor.model.documentProperty().get() != null);
        robot.interact(() -> editor.model.documentProperty().get().editMask("hole", m -> MaskPaint.rectangle(m, hole, true)));
    }

    /** Pulse-to-pulse FX-thread busy time from Generate until the result is on screen. */
    private List<FxThreadMeter.Interval> measureGeneration(FxRobot robot, int timeoutSeconds) throws Exception {
        FxThreadMeter meter = new FxThreadMeter();
        AnimationTimer keepPulsing = new AnimationTimer() {
            @Override
            public void handle(long now) {
            }
        };
        CountDownLatch finished = new CountDownLatch(1);
        ChangeListener<Boolean> onGenerating = (obs, was, now) -> {
            if (was && !now) {
                finished.countDown();
            }
        };
        robot.interact(() -> {
            editor.model.generation().generatingProperty().addListener(onGenerating);
            meter.start(editor.window.scene());
            keepPulsing.start();
            editor.model.generate();
        });
        assertTrue(finished.await(timeoutSeconds, TimeUnit.SECONDS), "the generation finished in " + timeoutSeconds + " s");
        // A few more pulses: the interval holding the result and the variant strip is measured too.
        int seen = meter.pulses();
        long deadline = System.currentTimeMillis() + 30_000;
        while (meter.pulses() < seen + 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        robot.interact(() -> {
            keepPulsing.stop();
            meter.stop();
            editor.model.generation().generatingProperty().removeListener(onGenerating);
        });
        assertTrue(editor.model.messageProperty().get().contains(" in "), "the generation succeeded: " + editor.model.messageProperty().get());
        return meter.intervals(editor.dir.resolve("fx-thread.jfr"));
    }

    private static void assertResponsive(String what, List<FxThreadMeter.Interval> intervals, long limitNanos) {
        System.out.println("FX thread, " + what + ": " + FxThreadMeter.summary(intervals));
        assertTrue(intervals.size() >= 3, "pulses during and after the generation: " + intervals.size());
        FxThreadMeter.Interval worst = FxThreadMeter.worst(intervals);
        assertTrue(worst.busyNanos() < limitNanos, String.format(Locale.ROOT, "%s: the FX thread was busy %.1f ms "
                + "(CPU %.1f + blocked %.1f) between two pulses", what, worst.busyNanos() / 1e6, worst.cpuNanos() / 1e6,
                worst.blockedNanos() / 1e6));
    }
}
