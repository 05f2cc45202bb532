package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.editing.EditJob;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.VariantNode;
import com.arpgstudio.app.reroll.VariantTreeView;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Rect;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** Re-rolls driven like a user: the re-roll brush on the canvas, R, the variant tree, Undo. */
@ExtendWith(ApplicationExtension.class)
class RerollFlowTest {

    @RegisterExtension
    final EditorHarness<FakeEngine> editor = EditorHarness.showing(settings -> new FakeEngine(10), 6, 2)
            .withPhoto(320, 240);

    /** Opens the photo, fills its top-left quarter and waits for the two variants. */
    private void fillWithVariants(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(0, 0, 160, 120), true)));
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("variants", 10000, () -> editor.model.variants().images().size() == 2 && !editor.model.generation().generatingProperty().get());
        FxToolkit.waitForLayout(robot, "#variant-1");
    }

    @Test
    void brushOverAPartOfAVariantRerollAndUndoReturnsThePreviousFill(FxRobot robot) {
        fillWithVariants(robot);
        robot.clickOn("#variant-1");
        VariantNode variant = FxToolkit.call(() -> editor.model.variants().tree().shown());
        ArgbImage before = FxToolkit.call(() -> editor.model.previewProperty().get().image().copy());

        long maskBefore = FxToolkit.call(() -> editor.doc().mask().count());
        robot.type(KeyCode.G);
        assertEquals(RerollControls.Brush.REROLL, editor.model.rerollControls().brushProperty().get(), "G: re-roll brush");
        robot.interact(() -> editor.window.tools().brushSizeProperty().set(12));
        robot.moveTo(editor.onScreen(40, 40)).press(MouseButton.PRIMARY).moveTo(editor.onScreen(70, 42))
                .moveTo(editor.onScreen(100, 44)).release(MouseButton.PRIMARY);
        assertFalse(editor.model.rerollControls().rerollStrokes().isEmpty(), "the stroke went to the re-roll layer");
        assertEquals(maskBefore, FxToolkit.call(() -> editor.doc().mask().count()), "not to the document's mask");
        robot.type(KeyCode.R);
        FxToolkit.waitFor("the re-roll", 10000, () -> !editor.model.generation().generatingProperty().get()
                && editor.model.variants().tree().shown() != null && editor.model.variants().tree().shown().parent() == variant);
        ArgbImage after = FxToolkit.call(() -> editor.model.previewProperty().get().image().copy());
        int changed = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                if (after.get(x, y) != before.get(x, y)) {
                    changed++;
                    assertTrue(x >= 30 && x < 112 && y >= 30 && y < 54, "changed outside the stroke at " + x + "," + y);
                }
            }
        }
        assertTrue(changed > 100, "the brushed part was re-rolled: " + changed + " pixels");
        assertTrue(((EditJob.Reroll) editor.engine.lastJob).selection().count() > 0);
        VariantTreeView tree = robot.lookup("#variant-tree").queryAs(VariantTreeView.class);
        assertEquals(4, FxToolkit.call(() -> tree.getChildren().size()), "two variants and the re-roll's two");
        assertTrue(FxToolkit.call(() -> tree.rowOf(editor.model.variants().tree().shown()).getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("selected"))), "the re-roll shown is selected");
        assertArrayEquals(editor.original.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()),
                "nothing applied yet");

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertSame(variant, editor.model.variants().tree().shown(), "undo returns the previous fill");
        assertArrayEquals(before.pixels(), FxToolkit.call(() -> editor.model.previewProperty().get().image().pixels()));
        assertEquals(2, FxToolkit.call(() -> tree.getChildren().size()));

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.type(KeyCode.ENTER);
        assertArrayEquals(after.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()),
                "Enter (Apply) commits the re-roll shown");
        VariantNode applied = FxToolkit.call(() -> editor.model.variants().tree().applied());
        assertSame(variant, applied.parent(), "the re-roll is on the image");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertArrayEquals(editor.original.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()));
        assertSame(null, FxToolkit.call(() -> editor.model.variants().tree().applied()), "the photo is no result of the tree");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        assertSame(applied, FxToolkit.call(() -> editor.model.variants().tree().applied()), "redone: the re-roll is on it again");
    }

    @Test
    void theConfidenceHeatMapAndTheUnsureThreshold(FxRobot robot) {
        fillWithVariants(robot);
        robot.clickOn("#variant-0");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        assertTrue(editor.model.rerollControls().showConfidenceProperty().get(), "View > Confidence heat map");
        Slider threshold = robot.lookup("#unsure-threshold").queryAs(Slider.class);
        robot.interact(() -> threshold.setValue(Math.log10(0.6)));                 // a logarithmic slider
        assertEquals(0.6, editor.model.rerollControls().thresholdProperty().get(), 1e-9);
        robot.clickOn("#reroll-unsure-button");
        FxToolkit.waitFor("the re-roll", 10000, () -> !editor.model.generation().generatingProperty().get()
                && editor.model.variants().tree().shown() != null && editor.model.variants().tree().shown().parent() != null);
        EditJob.Reroll job = (EditJob.Reroll) editor.engine.lastJob;
        assertTrue(job.unsure());
        float[] probabilities = job.tokens().windows().get(0).probabilities();
        for (int cell : job.selection().of(0)) {
            assertTrue(probabilities[cell] < 0.6f, "cell " + cell + " is unsure");
        }
    }
}
