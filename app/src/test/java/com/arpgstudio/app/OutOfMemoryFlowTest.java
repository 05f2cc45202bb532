package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.editing.EditEngine;
import com.arpgstudio.app.editing.EditJob;
import com.arpgstudio.app.editing.Engines;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DjlRuntime;
import com.arpgstudio.inference.runtime.SettingsStore;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * Out of device memory in the editor, on the real engine with the fixture models (CPU): libtorch
 * failing to allocate in the middle of a generation, and the device memory limit of the settings
 * refusing an edit. An error dialog says what happened and what to do, the document is as it was,
 * and the next Generate works.
 */
@ReferenceFixtures.Needed
@ExtendWith(ApplicationExtension.class)
class OutOfMemoryFlowTest {

    @RegisterExtension
    final EditorHarness<FaultyEngine> editor = EditorHarness.showing(OutOfMemoryFlowTest::applicationEngine, 4, 2)
            .classId(1).withPhoto(160, 120);

    /** The application's engine, with a real libtorch allocation failure at step 2 of the next run when armed. */
    private static final class FaultyEngine implements EditEngine {
        final EditEngine real;
        volatile boolean faultNextRun;

        FaultyEngine(EditEngine real) {
            this.real = real;
        }

        @Override
        public Description describe() throws Exception {
            return real.describe();
        }

        @Override
        public EditListener.Progress estimate(EditJob job, SamplingSettings settings) throws Exception {
            return real.estimate(job, settings);
        }

        @Override
        public EditResult run(EditJob job, SamplingSettings settings, EditListener listener, Cancellation cancellation)
                throws Exception {
            boolean fault = faultNextRun;
            faultNextRun = false;
            return real.run(job, settings, new EditListener() {
                @Override
                public void onProgress(Progress progress) {
                    listener.onProgress(progress);
                    if (fault && progress.stage().phase() == EditListener.Phase.GENERATE && progress.stage().step() == 1) {
                        allocateOnePebibyte(); // in the second generation step
                    }
                }

                @Override
                public void onStep(Step step) {
                    listener.onStep(step);
                }
            }, cancellation);
        }
    }

    /** Asks libtorch for 1 PiB, which fails in libtorch's allocator like any device allocation too large. */
    private static void allocateOnePebibyte() {
        try (NDManager manager = DjlRuntime.newManager(Device.cpu())) {
            manager.zeros(new Shape(1L << 48));
        }
        throw new AssertionError("libtorch allocated 1 PiB");
    }

    /** The application's engine (its wiring, the memory limit from {@code settings}) on the fixture models. */
    private static FaultyEngine applicationEngine(SettingsStore settings) {
        System.setProperty(Engines.MODEL_PROPERTY, ReferenceFixtures.dir().toString());
        try {
            return new FaultyEngine(Engines.forApplication(settings));
        } finally {
            System.clearProperty(Engines.MODEL_PROPERTY);
        }
    }

    private PixelMask openAndMask(FxRobot robot) {
        String folder = ReferenceFixtures.dir().getFileName().toString(); // the name Engines gives it
        FxToolkit.waitFor("the fixture model", 60000, () -> folder.equals(editor.model.modelStatus().modelNameProperty().get()));
        robot.interact(() -> editor.model.files().open(editor.photo));
        FxToolkit.waitFor("the photo", 5000, () -> editor.doc() != null);
        robot.interact(() -> editor.doc().editMask("Brush", m -> MaskPaint.rectangle(m, new Rect(40, 30, 60, 40), true)));
        return FxToolkit.call(() -> editor.doc().mask().copy());
    }

    /** Waits for the error dialog, checks its text, closes it with OK; returns the text. */
    private static String acknowledgeFailure(FxRobot robot, String... expected) {
        FxToolkit.waitFor("the error dialog", 60000, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        String text = FxToolkit.call(pane::getContentText);
        for (String part : expected) {
            assertTrue(text.contains(part), "'" + part + "' in the dialog: " + text);
        }
        robot.clickOn((Node) FxToolkit.call(() -> pane.lookupButton(ButtonType.OK)));
        FxToolkit.waitFor("the dialog to close", 5000, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        return text;
    }

    private void assertDocumentUntouched(ArgbImage image, PixelMask mask, String when) {
        assertArrayEquals(image.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()), "image " + when);
        assertArrayEquals(mask.coverageValues(), FxToolkit.call(() -> editor.doc().mask().coverageValues()), "mask " + when);
        assertEquals("", FxToolkit.call(() -> editor.model.history().editRecordProperty().get()), "no edit recorded " + when);
        assertTrue(FxToolkit.call(() -> editor.model.variants().images().isEmpty()), "no variants offered " + when);
    }

    /** Generate succeeds: two variants come back, the first applied changes the masked area. */
    private void generateSucceeds(FxRobot robot, PixelMask mask) {
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the variants", 120000, () -> !editor.model.generation().generatingProperty().get()
                && editor.model.variants().images().size() == 2);
        robot.clickOn("#apply-variant");
        FxToolkit.waitFor("the applied fill", 5000, () -> !editor.model.history().editRecordProperty().get().isEmpty());
        ArgbImage result = FxToolkit.call(() -> editor.doc().image().copy());
        int changed = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                if (mask.get(x, y) && result.get(x, y) != editor.original.get(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > mask.count() / 2, "changed " + changed + " of " + mask.count());
    }

    @Test
    void libtorchOutOfMemoryMidGenerationShowsADialogAndTheNextGenerateWorks(FxRobot robot) {
        PixelMask mask = openAndMask(robot);
        editor.engine.faultNextRun = true;
        robot.clickOn("#generate-button");
        acknowledgeFailure(robot, "ran out of memory while generating 2 variants", "nothing was changed",
                "fewer variants", "DefaultCPUAllocator");
        assertEquals(false, FxToolkit.call(() -> editor.model.generation().generatingProperty().get()), "the run is over");
        assertDocumentUntouched(editor.original, mask, "after the failure");

        generateSucceeds(robot, mask);
        robot.interact(() -> editor.doc().editMask("Brush", m -> MaskPaint.rectangle(m, new Rect(40, 30, 60, 40), true))); // applying cleared it
        ArgbImage filled = FxToolkit.call(() -> editor.doc().image().copy());
        String record = FxToolkit.call(() -> editor.model.history().editRecordProperty().get());
        int arrays = liveArrays(); // after a whole run: the engine's lazily built tables exist now

        editor.engine.faultNextRun = true;
        robot.clickOn("#generate-button");
        acknowledgeFailure(robot, "ran out of memory", "fewer variants");
        assertArrayEquals(filled.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()),
                "the applied fill stays after the second failure");
        assertEquals(record, FxToolkit.call(() -> editor.model.history().editRecordProperty().get()));
        assertArrayEquals(mask.coverageValues(), FxToolkit.call(() -> editor.doc().mask().coverageValues()), "the mask stays");
        assertEquals(arrays, liveArrays(), "native arrays left by the failed run");
    }

    @Test
    void theSettingsMemoryLimitRefusesGenerateUntilRaised(FxRobot robot) throws Exception {
        PixelMask mask = openAndMask(robot);
        editor.settings.update(s -> s.edit().deviceMemoryLimitMiB(1).build()); // less than the fixture's weights
        robot.clickOn("#generate-button");
        acknowledgeFailure(robot, "above the limit of 1 MiB set by the setting deviceMemoryLimitMiB",
                "it was not started", "fewer variants");
        assertDocumentUntouched(editor.original, mask, "after the refusal");

        editor.settings.update(s -> s.edit().deviceMemoryLimitMiB(0).build());
        generateSucceeds(robot, mask);
    }

    private static int liveArrays() {
        try (NDManager probe = DjlRuntime.newManager(Device.cpu())) {
            return probe.getParentManager().getManagedArrays().size(); // the system manager, recursively
        }
    }
}
