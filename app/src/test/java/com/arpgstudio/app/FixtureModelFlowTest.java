package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.editing.InferenceEngine;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.Settings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The editor on the real engine: the reference fixture's tiny models (folder from
 * {@code -Darpg.reference}) on the CPU. A brush stroke, Generate, and the canvas changes near the
 * mask only; then undo.
 */
@ReferenceFixtures.Needed
@ExtendWith(ApplicationExtension.class)
class FixtureModelFlowTest {

    @RegisterExtension
    final EditorHarness<InferenceEngine> editor = EditorHarness.showing(settings -> new InferenceEngine(
            () -> new InferenceEngine.ResolvedModel("fixture",
                    ModelFiles.resolve(ReferenceFixtures.dir(), null, Settings.defaults()), null),
            () -> new Devices.Selection(ai.djl.Device.cpu(), "CPU", ""), java.util.List::of), 4, 1).classId(3).withPhoto(200, 150);

    /** Opaque preview pixels on {@code mask} and off it (the preview's pixels sampled at document pixels). */
    private static int[] outsideTheMask(Preview preview, PixelMask mask) {
        Rect p = preview.region();
        ArgbImage pixels = preview.image();
        int[] counts = new int[2];
        for (int y = Math.max(0, p.y()); y < Math.min(mask.height(), p.bottom()); y++) {
            for (int x = Math.max(0, p.x()); x < Math.min(mask.width(), p.right()); x++) {
                int px = (x - p.x()) * pixels.width() / p.width();
                int py = (y - p.y()) * pixels.height() / p.height();
                if (pixels.get(px, py) >>> 24 != 0) {
                    counts[mask.get(x, y) ? 0 : 1]++;
                }
            }
        }
        return counts;
    }

    @Test
    void outpaintShowsOneRisingFigureTheStageAndTheFillBuildingUp(FxRobot robot) {
        FxToolkit.waitFor("the fixture model to load", 60000, () -> "fixture".equals(editor.model.modelStatus().modelNameProperty().get()));
        robot.interact(() -> editor.model.files().open(editor.photo));
        FxToolkit.waitFor("the photo", 5000, () -> editor.doc() != null);
        List<Double> fractions = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        Label pill = robot.lookup("#generation-step").queryAs(Label.class);
        Preview[] last = new Preview[1];
        robot.interact(() -> {
            editor.model.outpaint().rightProperty().set(200);
            editor.model.outpaint().bottomProperty().set(100);
            editor.model.generation().progressProperty().addListener((obs, old, now) -> fractions.add(now.doubleValue()));
            pill.textProperty().addListener((obs, old, now) -> lines.add(now));
            editor.model.addPreviewListener((preview, changed) -> {
                if (editor.model.generation().generatingProperty().get()) {
                    last[0] = preview;
                }
            });
        });
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the outpaint", 240000, () -> !editor.model.generation().generatingProperty().get() && editor.model.history().canUndoProperty().get());
        assertEquals(400, FxToolkit.call(() -> editor.doc().width()));

        List<Double> running = fractions.stream().filter(f -> f > 0).toList();
        assertTrue(running.size() >= 3, "progress updates: " + fractions);
        for (int i = 1; i < running.size(); i++) {
            assertTrue(running.get(i) >= running.get(i - 1), "the figure only goes up: " + running);
        }
        int windows = lines.stream().map(l -> l.replaceAll(".*window \\d+ of (\\d+).*", "$1"))
                .filter(n -> n.matches("\\d+")).mapToInt(Integer::parseInt).max().orElse(0);
        assertTrue(windows >= 2, "the stage names the window of several: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*window 2 of \\d+.*\\d+%.*")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(" left")), "the time left: " + lines);

        // The last preview before the result: every window's fill is there, none went back to checkerboard.
        ArgbImage shown = last[0].image();
        Rect placement = last[0].region();
        long opaqueNew = 0;
        long newArea = 0;
        for (int y = placement.y(); y < placement.bottom(); y++) {
            for (int x = placement.x(); x < placement.right(); x++) {
                if (x >= 200 || y >= 150) {
                    newArea++;
                    int px = (x - placement.x()) * shown.width() / placement.width();
                    int py = (y - placement.y()) * shown.height() / placement.height();
                    opaqueNew += shown.get(px, py) >>> 24 != 0 ? 1 : 0;
                }
            }
        }
        assertTrue(newArea >= 400L * 250 - 200L * 150, "the preview covers the new area: " + placement);
        assertTrue(opaqueNew > newArea * 9 / 10, "filled windows stay on the canvas: " + opaqueNew + " of " + newArea);
    }

    @Test
    void brushGenerateChangesTheCanvasNearTheMaskOnly(FxRobot robot) {
        FxToolkit.waitFor("the fixture model to load", 60000, () -> "fixture".equals(editor.model.modelStatus().modelNameProperty().get()));
        assertEquals(10, editor.model.modelStatus().classNamesProperty().get().size(), "the fixture model's class count");
        robot.interact(() -> editor.model.files().open(editor.photo));
        FxToolkit.waitFor("the photo", 5000, () -> editor.doc() != null);
        robot.interact(() -> editor.window.tools().brushSizeProperty().set(20));
        robot.moveTo(editor.onScreen(70, 70))
                .press(MouseButton.PRIMARY)
                .moveTo(editor.onScreen(110, 80))
                .release(MouseButton.PRIMARY);
        PixelMask painted = FxToolkit.call(() -> editor.doc().mask().copy());
        assertTrue(painted.count() > 400, "painted " + painted.count());
        Rect maskBox = Rect.ofCorners(55, 55, 125, 95);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                if (painted.get(x, y)) {
                    assertTrue(x >= maskBox.x() && x < maskBox.right() && y >= maskBox.y() && y < maskBox.bottom());
                }
            }
        }

        List<int[]> previews = new CopyOnWriteArrayList<>();
        robot.interact(() -> editor.model.addPreviewListener((preview, changed) -> {
            if (preview != null && editor.model.generation().generatingProperty().get()) {
                previews.add(outsideTheMask(preview, painted));
            }
        }));
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the fill", 120000, () -> !editor.model.generation().generatingProperty().get() && editor.model.history().canUndoProperty().get()
                && !editor.model.history().editRecordProperty().get().isEmpty());
        ArgbImage result = FxToolkit.call(() -> editor.doc().image().copy());
        int band = 24;
        int changedInside = 0;
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                boolean far = x < maskBox.x() - band || x >= maskBox.right() + band
                        || y < maskBox.y() - band || y >= maskBox.bottom() + band;
                if (far) {
                    assertEquals(editor.original.get(x, y), result.get(x, y), "far from the mask at " + x + "," + y);
                } else if (painted.get(x, y) && result.get(x, y) != editor.original.get(x, y)) {
                    changedInside++;
                }
            }
        }
        assertTrue(changedInside > painted.count() / 2, "changed " + changedInside + " of " + painted.count());
        assertTrue(editor.model.history().editRecordProperty().get().contains("INPAINT"), editor.model.history().editRecordProperty().get());
        assertTrue(previews.size() >= 2, "previews during the run: " + previews.size());
        for (int[] counts : previews) {
            assertTrue(counts[0] > 0, "the preview shows generated pixels in the mask");
            assertEquals(0, counts[1], "the preview covers no pixel outside the mask (they stay sharp)");
        }

        robot.interact(editor.model::undo);
        assertTrue(java.util.Arrays.equals(editor.original.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone())));
    }
}
