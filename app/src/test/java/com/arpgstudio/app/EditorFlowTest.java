package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.actions.ActionId;
import com.arpgstudio.app.actions.Shortcuts;
import com.arpgstudio.app.canvas.EditorCanvas;
import com.arpgstudio.app.canvas.OutpaintFrame;
import com.arpgstudio.app.canvas.Tool;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** The editor driven like a user: mouse on the canvas, buttons, shortcuts. */
@ExtendWith(ApplicationExtension.class)
class EditorFlowTest {

    @RegisterExtension
    final EditorHarness<FakeEngine> editor = EditorHarness.showing(settings -> new FakeEngine(15), 8, 1)
            .withPhoto(320, 240);

    /** The strip is docked under the canvas: wait until it has its place in the layout. */
    private void waitForStrip(FxRobot robot) {
        FxToolkit.waitForLayout(robot, "#variant-0");
    }

    private void waitIdle() {
        FxToolkit.waitFor("generation to end", 10000, () -> !editor.model.generation().generatingProperty().get());
    }

    private void paintStroke(FxRobot robot) {
        robot.interact(() -> editor.window.tools().toolProperty().set(Tool.ERASER));
        robot.type(KeyCode.B);
        assertEquals(Tool.BRUSH, editor.window.tools().toolProperty().get(), "B selects the brush");
        robot.interact(() -> editor.window.tools().brushSizeProperty().set(30));
        robot.moveTo(editor.onScreen(80, 100)).press(MouseButton.PRIMARY)
                .moveTo(editor.onScreen(160, 110)).moveTo(editor.onScreen(220, 120)).release(MouseButton.PRIMARY);
    }

    @Test
    void paintGenerateUndoRedo(FxRobot robot) {
        editor.openPhoto(robot);
        paintStroke(robot);
        PixelMask painted = FxToolkit.call(() -> editor.doc().mask().copy());
        assertTrue(painted.count() > 80 * 20, "the stroke painted " + painted.count() + " pixels");
        assertTrue(painted.get(150, 106));
        assertFalse(painted.get(20, 20));

        robot.clickOn("#generate-button");
        waitIdle();
        ArgbImage result = FxToolkit.call(() -> editor.doc().image().copy());
        int changedInside = 0;
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                if (painted.get(x, y)) {
                    changedInside += result.get(x, y) != editor.original.get(x, y) ? 1 : 0;
                } else {
                    assertEquals(editor.original.get(x, y), result.get(x, y), "outside the mask at " + x + "," + y);
                }
            }
        }
        assertTrue(changedInside > painted.count() / 2, "the fill changed the masked pixels");
        assertTrue(robot.lookup("#edit-record").queryAs(TextArea.class).getText().contains("seed"));
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertArrayEquals(editor.original.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()), "undo");
        assertEquals(painted.count(), FxToolkit.call(() -> editor.doc().mask().count()), "undo brings the mask back");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        assertArrayEquals(result.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()), "redo");
        robot.clickOn("#undo-button").clickOn("#undo-button");
        assertTrue(FxToolkit.call(() -> editor.doc().mask().isEmpty()), "the stroke itself is one undo step");
    }

    @Test
    void cancelMidRunLeavesTheImage(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> {
            editor.model.settings().stepsProperty().set(250);
            editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(40, 40, 100, 60), true));
        });
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("a streamed preview", 5000, () -> editor.model.previewProperty().get() != null);
        assertTrue(robot.lookup("#progress-pill").query().isVisible());
        robot.clickOn("#cancel-button");
        assertFalse(editor.model.generation().generatingProperty().get());
        assertFalse(robot.lookup("#progress-pill").query().isVisible());
        robot.sleep(150);
        assertArrayEquals(editor.original.pixels(), FxToolkit.call(() -> editor.doc().image().pixels().clone()));
        assertEquals(6000, FxToolkit.call(() -> editor.doc().mask().count()));
    }

    @Test
    void dragAnEdgeHandleToOutpaint(FxRobot robot) {
        editor.openPhoto(robot);
        Point2D start = editor.handleOnScreen(OutpaintFrame.Edge.RIGHT);
        Point2D end = editor.onScreen(320 + 64, 120);
        robot.moveTo(start).press(MouseButton.PRIMARY).moveTo(start.add(20, 0)).moveTo(end).release(MouseButton.PRIMARY);
        int right = editor.model.outpaint().rightProperty().get();
        assertTrue(right >= 56 && right <= 72, "dragged the right edge by " + right + " px");
        assertEquals(0, editor.model.outpaint().leftProperty().get());

        robot.clickOn("#generate-button");
        waitIdle();
        ArgbImage result = FxToolkit.call(() -> editor.doc().image().copy());
        assertEquals(320 + right, result.width());
        assertEquals(240, result.height());
        for (int y = 0; y < 240; y += 7) {
            for (int x = 0; x < 320; x += 5) {
                assertEquals(editor.original.get(x, y), result.get(x, y));
            }
        }
        assertEquals(0, editor.model.outpaint().rightProperty().get(), "the pending area is consumed");
    }

    @Test
    void aHandleDraggedOutOfViewIsBroughtBackAndTypedAmountsSnapLikeDragged(FxRobot robot) {
        editor.openPhoto(robot);
        EditorCanvas canvas = editor.window.canvas();
        Point2D start = editor.handleOnScreen(OutpaintFrame.Edge.RIGHT);
        double beyond = FxToolkit.call(() -> canvas.localToScreen(canvas.getBoundsInLocal()).getMaxX()) + 150;
        robot.moveTo(start).press(MouseButton.PRIMARY).moveTo(start.add(20, 0)).moveTo(new Point2D(beyond, start.getY()))
                .release(MouseButton.PRIMARY);
        int right = editor.model.outpaint().rightProperty().get();
        assertTrue(right > 0 && right % OutpaintFrame.SNAP == 0, "dragged by " + right + " px");
        robot.sleep(100);
        double after = FxToolkit.call(() -> editor.positions().handle(OutpaintFrame.Edge.RIGHT).getX());
        double width = FxToolkit.call(canvas::getWidth);
        assertTrue(after >= 0 && after <= width, "the handle is back in view: " + after + " of " + width);

        scrollSidePanelTo(robot, "#outpaint-top");
        robot.clickOn("#outpaint-top").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("61")
                .type(KeyCode.TAB);
        assertEquals(64, editor.model.outpaint().topProperty().get(), "a typed amount snaps as a dragged one");
    }

    /** Scrolls the side panel to the node of {@code query}: TestFX clicks only nodes inside the window. */
    private static void scrollSidePanelTo(FxRobot robot, String query) {
        robot.interact(() -> {
            javafx.scene.Node node = robot.lookup(query).query();
            javafx.scene.control.ScrollPane scroll = robot.lookup(".side-scroll").queryAs(javafx.scene.control.ScrollPane.class);
            javafx.scene.Node content = scroll.getContent();
            double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
            double range = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            scroll.setVvalue(range <= 0 ? 0 : Math.min(1, Math.max(0, (y - 40) / range)));
        });
        robot.sleep(100);
    }

    private void pasteFile(FxRobot robot, Path file) {
        robot.interact(() -> javafx.scene.input.Clipboard.getSystemClipboard().setContent(
                java.util.Map.of(javafx.scene.input.DataFormat.FILES, java.util.List.of(file.toFile()))));
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
    }

    @Test
    void unsavedEditsAreAskedAboutWithSaveAsTheDefault(FxRobot robot) throws Exception {
        editor.openPhoto(robot);
        Path other = editor.dir.resolve("other-" + System.nanoTime() + ".png");
        DocumentImages.writePng(FxToolkit.gradientPhoto(64, 48), other, java.util.List.of());
        paintStroke(robot);
        assertFalse(editor.model.history().modifiedProperty().get(), "a mask alone is not an unsaved edit");
        assertFalse(stage().getTitle().startsWith("•"), stage().getTitle());

        robot.interact(() -> editor.model.settings().stepsProperty().set(250));
        editor.engine.stepDelayMillis = 200; // long enough to answer the question while it runs
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the run", 30000, () -> editor.model.generation().progressProperty().get() > 0);
        pasteFile(robot, other);
        FxToolkit.waitFor("the question", 5000, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        javafx.scene.control.DialogPane question = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(question.getContentText().contains("generation is running"), question.getContentText());
        robot.clickOn(dialogButton(question, "Cancel"));
        assertTrue(editor.model.generation().generatingProperty().get(), "Cancel leaves the generation running");
        editor.engine.stepDelayMillis = 0;
        FxToolkit.waitFor("generation to end", 60000, () -> !editor.model.generation().generatingProperty().get());
        assertTrue(editor.model.history().modifiedProperty().get(), "the fill is an unsaved edit");

        pasteFile(robot, other);
        FxToolkit.waitFor("the question", 5000, () -> robot.lookup("Don't Save").tryQuery().isPresent());
        question = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        javafx.scene.control.Button save = (javafx.scene.control.Button) dialogButton(question, "Save");
        assertTrue(save.isDefaultButton(), "Save is the default");
        assertTrue(question.getButtonTypes().size() == 3, "Save, Don't Save, Cancel");
        assertTrue(question.getContentText().contains(ActionId.SAVE_MASK.menuPath()), "names the menu item that saves the mask");
        ArgbImage filled = FxToolkit.call(() -> editor.doc().image().copy());
        robot.type(KeyCode.ENTER);
        FxToolkit.waitFor("the other image", 10000, () -> editor.doc().width() == 64);
        assertArrayEquals(filled.pixels(), DocumentImages.read(editor.photo).image().pixels(), "saved before the other opened");
        assertFalse(editor.model.history().modifiedProperty().get());
    }

    @Test
    void nothingToPasteIsSaidInTheStatusBar(FxRobot robot) {
        robot.interact(() -> javafx.scene.input.Clipboard.getSystemClipboard().setContent(
                java.util.Map.of(javafx.scene.input.DataFormat.PLAIN_TEXT, "not an image")));
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        robot.sleep(300);
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no modal dialog");
        assertTrue(status(robot).startsWith("Nothing to paste"), status(robot));
    }

    private static javafx.scene.Node dialogButton(javafx.scene.control.DialogPane pane, String text) {
        return pane.getButtonTypes().stream().filter(type -> type.getText().equals(text))
                .map(pane::lookupButton).findFirst().orElseThrow();
    }

    private Stage stage() {
        return (Stage) editor.window.scene().getWindow();
    }

    @Test
    void everyEditIsRecordedInTheExportAndItsSettingsCanBeReused(FxRobot robot) throws Exception {
        editor.openPhoto(robot);
        paintStroke(robot);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        FxToolkit.waitFor("the first fill", 10000, () -> !editor.model.generation().generatingProperty().get() && editor.model.history().editRecords().size() == 1);
        long firstSeed = editor.engine.lastSettings.seed();
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(10, 10, 40, 40), true)));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        FxToolkit.waitFor("the second fill", 10000, () -> !editor.model.generation().generatingProperty().get() && editor.model.history().editRecords().size() == 2);
        java.util.List<String> records = java.util.List.copyOf(editor.model.history().editRecords());
        Path out = editor.dir.resolve("exported-" + System.nanoTime() + ".png");
        robot.interact(() -> editor.model.files().exportPng(out));
        FxToolkit.waitFor("the export", 5000, () -> Files.exists(out));
        assertEquals(records, DocumentImages.read(out).editRecords(), "both edits are in the exported file, oldest first");

        robot.interact(() -> editor.model.files().open(out));
        FxToolkit.waitFor("the reopened file", 5000, () -> editor.doc().file().orElseThrow().equals(out));
        robot.interact(() -> {
            robot.lookup("#pane-record").queryAs(javafx.scene.control.TitledPane.class).setExpanded(true);
            robot.lookup(".side-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1);
        });
        javafx.scene.control.ListView<?> list = robot.lookup("#edit-records").queryAs(javafx.scene.control.ListView.class);
        assertEquals(2, list.getItems().size());
        robot.interact(() -> list.getSelectionModel().select(0));
        javafx.scene.control.ListCell<?> chosenRow = robot.from(list).lookup(".list-cell:selected").queryAs(javafx.scene.control.ListCell.class);
        assertFalse(list.isFocused());
        double rowContrast = FxToolkit.call(() -> contrast(background(chosenRow), (javafx.scene.paint.Color) chosenRow.getTextFill()));
        assertTrue(rowContrast >= 4.5, "the chosen record's row reads while the list lacks focus: " + rowContrast);
        TextArea shown = robot.lookup("#edit-record").queryAs(TextArea.class);
        assertTrue(shown.getText().contains("\"seed\": " + firstSeed), shown.getText());
        robot.interact(() -> editor.model.settings().seedLockedProperty().set(false));
        robot.clickOn("#reuse-settings");
        assertEquals(firstSeed, editor.model.settings().seedProperty().get(), "the first edit's seed is back in the panel");
        assertTrue(editor.model.settings().seedLockedProperty().get(), "and locked, so Generate makes the same again");
    }

    /** Opens the photo, generates three variants of its top left corner and waits for their strip. */
    private void threeVariantsOfTheCorner(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> {
            editor.model.settings().variantsProperty().set(3);
            editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(0, 0, 50, 50), true));
        });
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("variants", 10000, () -> editor.model.variants().images().size() == 3);
        waitForStrip(robot);
    }

    @Test
    void variantsComeBackAsAStrip(FxRobot robot) {
        threeVariantsOfTheCorner(robot);
        assertTrue(robot.lookup("#variant-strip").query().isVisible());
        long seed = editor.engine.lastSettings.seed();
        robot.clickOn("#variant-2").clickOn("#apply-variant");
        assertEquals(FakeEngine.fillColour(seed, 2), FxToolkit.call(() -> editor.doc().image().get(10, 10)));
        assertFalse(robot.lookup("#variant-strip").query().isVisible());
    }

    @Test
    void enterAppliesTheVariantClickedInTheStrip(FxRobot robot) {
        threeVariantsOfTheCorner(robot);
        long seed = editor.engine.lastSettings.seed();
        robot.clickOn("#variant-1").type(KeyCode.ENTER);
        assertEquals(FakeEngine.fillColour(seed, 1), FxToolkit.call(() -> editor.doc().image().get(10, 10)),
                "Enter applies the variant shown after a click on its thumbnail");
        assertTrue(editor.model.variants().images().isEmpty());
    }

    @Test
    void aValueTypedInASpinnerCountsWhenGenerateIsPressedByShortcut(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(0, 0, 50, 50), true)));
        java.util.List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        editor.model.messageProperty().addListener((obs, old, now) -> messages.add(now));
        robot.clickOn("#steps-spinner").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("5");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        FxToolkit.waitFor("the run", 10000, () -> editor.engine.lastSettings != null && !editor.model.generation().generatingProperty().get());
        assertEquals(5, editor.engine.lastSettings.steps(), "the typed steps are used");
        assertEquals(5, editor.model.settings().stepsProperty().get());
        assertTrue(messages.stream().noneMatch(m -> m.contains("already running")), messages.toString());
    }

    @Test
    void theDeviceChooserOpensByClickAndSpace(FxRobot robot) {
        javafx.scene.control.ChoiceBox<?> devices = robot.lookup("#device-choice").queryAs(javafx.scene.control.ChoiceBox.class);
        robot.interact(() -> {
            robot.lookup("#pane-model").queryAs(javafx.scene.control.TitledPane.class).setExpanded(true);
            robot.lookup(".side-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1);
        });
        robot.clickOn(devices);
        assertTrue(devices.isShowing(), "a click opens it");
        robot.type(KeyCode.ESCAPE);
        assertFalse(devices.isShowing());
        robot.type(KeyCode.SPACE);
        assertTrue(devices.isShowing(), "Space opens it");
        robot.type(KeyCode.ESCAPE);
    }

    private String status(FxRobot robot) {
        return FxToolkit.call(() -> robot.lookup("#status-message").queryAs(javafx.scene.control.Label.class).getText());
    }

    @Test
    void theStatusBarSaysOnlyWhatIsStillTrue(FxRobot robot) {
        FxToolkit.waitFor("the model", 5000, () -> editor.model.modelStatus().modelNameProperty().get().equals("fake-model"));
        assertFalse(status(robot).contains("Loading"), "the model is loaded: " + status(robot));
        robot.interact(() -> robot.lookup("#pane-model").queryAs(javafx.scene.control.TitledPane.class).setExpanded(true));
        FxToolkit.waitFor("the model list", 5000, () -> !editor.model.modelStatus().choices().isEmpty());
        robot.sleep(100);
        assertFalse(status(robot).contains("Listing"), "the models are listed: " + status(robot));

        editor.openPhoto(robot);
        robot.interact(() -> {
            editor.model.settings().variantsProperty().set(2);
            editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(0, 0, 50, 50), true));
        });
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("variants", 10000, () -> editor.model.variants().images().size() == 2);
        waitForStrip(robot);
        assertTrue(status(robot).contains("pick one"), status(robot));
        robot.clickOn("#discard-variants");
        assertFalse(status(robot).contains("pick one"), "discarded: " + status(robot));

        robot.clickOn("#generate-button");
        FxToolkit.waitFor("variants", 10000, () -> editor.model.variants().images().size() == 2);
        waitForStrip(robot);
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        assertFalse(status(robot).contains("pick one"), "mask cleared: " + status(robot));
    }

    @Test
    void aLongMessageLeavesTheStatusFieldsWhole(FxRobot robot) throws Exception {
        Path longName = editor.dir.resolve("a-photo-with-a-name-long-enough-to-fill-the-status-bar-".repeat(3) + System.nanoTime() + ".png");
        Files.copy(editor.photo, longName);
        robot.interact(() -> editor.model.files().open(longName));
        FxToolkit.waitFor("the photo", 5000, () -> editor.doc() != null && editor.model.messageProperty().get().contains("a-photo-with"));
        robot.sleep(100);
        for (String id : java.util.List.of("#status-size", "#status-model", "#status-device", "#status-memory")) {
            javafx.scene.control.Label field = robot.lookup(id).queryAs(javafx.scene.control.Label.class);
            double[] widths = FxToolkit.call(() -> new double[] {field.getWidth(), field.prefWidth(-1)});
            assertTrue(widths[0] >= widths[1] - 0.5, id + " is cut: " + widths[0] + " of " + widths[1] + " px");
        }
    }

    @Test
    void aLongEditIsAskedAboutBeforeItStarts(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> {
            editor.model.settings().variantsProperty().set(3);
            editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(0, 0, 50, 50), true));
        });
        editor.engine.estimateSeconds = 1200;
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the question", 5000, () -> robot.lookup("Don't start").tryQuery().isPresent());
        assertTrue(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText()
                .contains("about 20 min"));
        robot.clickOn("Don't start");
        FxToolkit.waitFor("the edit to be dropped", 5000, () -> !editor.model.generation().generatingProperty().get());
        assertEquals(0, editor.engine.runs.get(), "nothing ran");
        assertTrue(editor.model.messageProperty().get().contains("not started"), editor.model.messageProperty().get());

        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the question", 5000, () -> robot.lookup("Run 1 variant").tryQuery().isPresent());
        robot.clickOn("Run 1 variant");
        waitIdle();
        assertEquals(1, editor.engine.runs.get());
        assertEquals(1, editor.engine.lastSettings.variants(), "one variant instead of three");
        assertTrue(editor.model.variants().images().isEmpty(), "a single result is applied at once");
        assertTrue(FxToolkit.call(() -> editor.doc().history().lastImageChange().isPresent()));
    }

    @Test
    void anEditWithNoEstimateIsAskedAboutOnceItsOwnSpeedSaysItWillBeLong(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> editor.model.settings().variantsProperty().set(3));
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(0, 0, 50, 50), true)));
        ArgbImage before = FxToolkit.call(() -> editor.doc().image().copy());
        editor.engine.estimateSeconds = Double.NaN; // no earlier edit: nothing to ask about up front
        editor.engine.runningSecondsLeft = 420;
        editor.engine.stepDelayMillis = 500;        // the harness's 8 steps run past the warm-up seconds
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the question", 10000, () -> robot.lookup("Stop").tryQuery().isPresent());
        assertTrue(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText()
                .contains("about 7 min"));
        assertTrue(robot.lookup("Run 1 variant").tryQuery().isEmpty(), "no fewer variants once running");
        assertTrue(editor.model.generation().generatingProperty().get(), "it runs on while asked");
        robot.clickOn("Stop");
        FxToolkit.waitFor("the edit to stop", 5000, () -> !editor.model.generation().generatingProperty().get());
        assertTrue(editor.model.messageProperty().get().contains("Cancelled"), editor.model.messageProperty().get());
        assertArrayEquals(before.pixels(), FxToolkit.call(() -> editor.doc().image().pixels()), "the image as it was");

        editor.engine.estimateSeconds = 60;   // said short up front: the first seconds' speed is no second opinion
        robot.clickOn("#generate-button");
        waitIdle();
        assertTrue(robot.lookup("Stop").tryQuery().isEmpty(), "an edit estimated up front is asked about up front only");
        assertEquals(3, editor.model.variants().images().size(), "it ran on to the end");

        editor.engine.estimateSeconds = Double.NaN;
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the question", 10000, () -> robot.lookup("Continue").tryQuery().isPresent());
        robot.clickOn("Continue");
        waitIdle();
        assertEquals(3, editor.model.variants().images().size(), "it ran on to the end");

        editor.engine.runningSecondsLeft = 60; // short: nothing to ask
        editor.engine.stepDelayMillis = 300;
        robot.clickOn("#generate-button");
        waitIdle();
        assertTrue(robot.lookup("Stop").tryQuery().isEmpty(), "a short edit is not asked about");
        assertEquals(3, editor.model.variants().images().size());
    }

    @Test
    void variantThumbnailsShowTheEditedRegionAndTheStripLeavesTheImageInView(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> {
            editor.model.settings().variantsProperty().set(3);
            editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(200, 150, 40, 30), true));
            robot.lookup(".side-scroll").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1);
        });
        robot.clickOn("#toolbar-generate");
        FxToolkit.waitFor("variants", 10000, () -> editor.model.variants().images().size() == 3);
        waitForStrip(robot);
        long seed = editor.engine.lastSettings.seed();
        javafx.scene.image.ImageView thumbnail = (javafx.scene.image.ImageView)
                robot.lookup("#variant-1").queryAs(javafx.scene.control.ToggleButton.class).getGraphic();
        FxToolkit.waitFor("the thumbnail", 5000, () -> thumbnail.getImage() != null);
        javafx.scene.image.Image image = thumbnail.getImage();
        int centre = image.getPixelReader().getArgb((int) image.getWidth() / 2, (int) image.getHeight() / 2);
        assertEquals(FakeEngine.fillColour(seed, 1), centre, "the thumbnail shows the fill, not the whole photo");

        robot.sleep(200);
        javafx.geometry.Bounds strip = FxToolkit.call(() -> {
            javafx.scene.Node node = robot.lookup("#variant-strip").query();
            return node.localToScreen(node.getBoundsInLocal());
        });
        javafx.geometry.Bounds picture = FxToolkit.call(() -> {
            Point2D topLeft = editor.positions().onScreen(0, 0);
            Point2D bottomRight = editor.positions().onScreen(320, 240);
            return new javafx.geometry.BoundingBox(topLeft.getX(), topLeft.getY(), bottomRight.getX() - topLeft.getX(),
                    bottomRight.getY() - topLeft.getY());
        });
        assertFalse(strip.intersects(picture), "the strip " + strip + " covers the image " + picture);

        // Where the panel's content sits in the window: the same after Apply (the old bug: back at the top).
        java.util.function.Supplier<Double> panelTop = () -> FxToolkit.call(() -> robot.lookup(".side-panel")
                .queryAs(VBox.class).localToScene(0, 0).getY());
        double before = panelTop.get();
        assertTrue(before < -50, "the panel was scrolled down: " + before);
        robot.clickOn("#apply-variant");
        robot.sleep(200);
        assertEquals(before, panelTop.get(), 1, "the side panel stays where it was after Apply");
    }

    private static double luminance(javafx.scene.paint.Color c) {
        java.util.function.DoubleUnaryOperator linear = v -> v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * linear.applyAsDouble(c.getRed()) + 0.7152 * linear.applyAsDouble(c.getGreen())
                + 0.0722 * linear.applyAsDouble(c.getBlue());
    }

    /** The WCAG contrast ratio of two colours (1 to 21; text wants 4.5 or more). */
    private static double contrast(javafx.scene.paint.Color a, javafx.scene.paint.Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static javafx.scene.paint.Color background(javafx.scene.layout.Region region) {
        var fills = region.getBackground().getFills();
        return (javafx.scene.paint.Color) fills.get(fills.size() - 1).getFill();
    }

    @Test
    void bothThemesMarkTheChosenSelectionModeAndColourTheCanvasSurround(FxRobot robot) {
        editor.openPhoto(robot);
        robot.interact(() -> robot.lookup("#pane-mask").queryAs(javafx.scene.control.TitledPane.class).setExpanded(true));
        for (int pass = 0; pass < 2; pass++) {
            boolean dark = editor.model.settingsFile().darkTheme();
            robot.sleep(300);
            javafx.scene.control.ToggleButton add = robot.lookup("#selection-add").queryAs(javafx.scene.control.ToggleButton.class);
            javafx.scene.control.ToggleButton subtract =
                    robot.lookup("#selection-subtract").queryAs(javafx.scene.control.ToggleButton.class);
            assertTrue(add.isSelected());
            javafx.scene.paint.Color chosen = FxToolkit.call(() -> background(add));
            javafx.scene.paint.Color other = FxToolkit.call(() -> background(subtract));
            javafx.scene.paint.Color panel = FxToolkit.call(() -> background(robot.lookup(".side-panel").queryAs(VBox.class)));
            assertTrue(contrast(chosen, panel) > 2 * contrast(other, panel), (dark ? "dark" : "light")
                    + ": the chosen mode stands out, the other does not: " + chosen + " " + other + " on " + panel);
            assertTrue(contrast(chosen, (javafx.scene.paint.Color) add.getTextFill()) >= 4.5, "its label reads");

            javafx.scene.image.Image shot = FxToolkit.call(() -> editor.window.canvas().snapshot(null, null));
            double surround = luminance(shot.getPixelReader().getColor(3, 3));
            double bar = luminance(FxToolkit.call(() -> background(robot.lookup("#status-bar").queryAs(javafx.scene.layout.HBox.class))));
            assertTrue(dark ? surround < 0.2 : surround > 0.5, (dark ? "dark" : "light") + " canvas surround: " + surround);
            assertTrue(dark ? bar < 0.2 : bar > 0.5, (dark ? "dark" : "light") + " status bar: " + bar);
            robot.clickOn("#theme-button");
        }
    }

    @Test
    void aDamagedFileSaysWhyInWordsAndTheShortcutListIsReadable(FxRobot robot) throws Exception {
        Path broken = editor.dir.resolve("broken-" + System.nanoTime() + ".png");
        Files.writeString(broken, "plain text, not an image");
        robot.interact(() -> editor.model.files().open(broken));
        FxToolkit.waitFor("the failure", 10000, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        javafx.scene.control.DialogPane failure = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        String details = failure.getExpandableContent() == null ? ""
                : ((TextArea) failure.getExpandableContent()).getText();
        assertFalse(details.contains("\tat ") || details.contains("Exception"), "no stack trace for the user: " + details);
        robot.interact(() -> ((Stage) failure.getScene().getWindow()).close());

        robot.type(KeyCode.F1);
        FxToolkit.waitFor("the shortcuts dialog", 3000, () -> robot.lookup("#shortcuts-table").tryQuery().isPresent());
        robot.sleep(300);
        javafx.scene.control.DialogPane list = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        javafx.scene.control.Button ok = (javafx.scene.control.Button) list.lookupButton(javafx.scene.control.ButtonType.OK);
        double okContrast = FxToolkit.call(() -> contrast(background(ok), (javafx.scene.paint.Color) ok.getTextFill()));
        assertTrue(okContrast >= 4.5, "the OK button's label contrast: " + okContrast);
        java.util.Set<String> whole = new java.util.HashSet<>(java.util.List.of("Area", "Keys", "Action", ""));
        Shortcuts.all().forEach(s -> whole.addAll(java.util.List.of(s.group(), s.keys(), s.action())));
        for (javafx.scene.Node node : robot.lookup("#shortcuts-table").queryAs(javafx.scene.control.TableView.class)
                .lookupAll(".text")) {
            if (node instanceof javafx.scene.text.Text text) {
                assertTrue(whole.contains(text.getText()), "a cut cell: " + text.getText());
            }
        }
        robot.interact(() -> ((Stage) list.getScene().getWindow()).close());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void aClosedLargeDocumentGivesItsMemoryBackAndTheStatusBarSaysWhatOneHolds(FxRobot robot) throws Exception {
        Path large = editor.dir.resolve("large-" + System.nanoTime() + ".png");
        DocumentImages.writePng(FxToolkit.gradientPhoto(3000, 2000), large, java.util.List.of());
        editor.openPhoto(robot); // the state to come back to, everything of the app loaded once
        robot.sleep(500);
        long before = usedHeapAfterGc();
        robot.interact(() -> editor.model.files().open(large));
        FxToolkit.waitFor("the large photo", 20000, () -> editor.doc() != null && editor.doc().width() == 3000);
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(100, 100, 500, 400), true)));
        robot.clickOn("#toolbar-generate");
        FxToolkit.waitFor("the fill", 60000, () -> !editor.model.generation().generatingProperty().get() && editor.model.history().canUndoProperty().get()
                && editor.doc().history().lastImageChange().isPresent());
        editor.engine.lastJob = null; // the fake engine's own reference to the large image, not the editor's
        robot.interact(() -> editor.model.history().compareProperty().set(true));
        robot.sleep(500);
        robot.interact(() -> editor.model.history().compareProperty().set(false));
        long held = editor.model.history().documentBytesProperty().get();
        assertTrue(held >= 3000L * 2000 * 5, "image and mask at least: " + held);
        String shown = FxToolkit.call(() -> robot.lookup("#status-document").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals("Document " + ((held + (1 << 19)) >> 20) + " MB", shown);

        java.lang.ref.WeakReference<Document> closed = new java.lang.ref.WeakReference<>(FxToolkit.call(editor::doc));
        java.lang.ref.WeakReference<ArgbImage> pixels = new java.lang.ref.WeakReference<>(FxToolkit.call(() -> editor.doc().image()));
        robot.interact(() -> editor.model.files().open(editor.photo));
        FxToolkit.waitFor("the small photo", 10000, () -> editor.doc().width() == 320);
        robot.sleep(500); // the canvas draws the new document
        long after = usedHeapAfterGc();
        assertNull(closed.get(), "nothing refers to the closed document any more");
        assertNull(pixels.get(), "nor to its pixels (pyramid, comparison, autosave copies)");
        assertTrue(after - before < held / 4, "the heap after a GC grew by " + ((after - before) >> 20)
                + " MB for a document that held " + (held >> 20) + " MB");
    }

    @Test
    void zoomPanCompareAndShortcutsDialog(FxRobot robot) {
        editor.openPhoto(robot);
        double fitted = editor.window.canvas().zoomProperty().get();
        robot.moveTo("#editor-canvas").type(KeyCode.EQUALS);
        assertEquals(fitted * 1.25, editor.window.canvas().zoomProperty().get(), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        assertEquals(1.0, editor.window.canvas().zoomProperty().get(), 1e-9);
        double before = FxToolkit.call(() -> editor.positions().offsetX());
        robot.press(KeyCode.SPACE).press(MouseButton.PRIMARY).moveBy(40, 0).moveBy(30, 0)
                .release(MouseButton.PRIMARY).release(KeyCode.SPACE);
        assertEquals(before + 70, FxToolkit.call(() -> editor.positions().offsetX()), 2);
        assertTrue(FxToolkit.call(() -> editor.doc().mask().isEmpty()), "space-drag pans instead of painting");

        robot.press(KeyCode.BACK_SLASH);
        assertTrue(editor.model.history().compareProperty().get());
        robot.release(KeyCode.BACK_SLASH);
        assertFalse(editor.model.history().compareProperty().get());

        robot.type(KeyCode.F1);
        FxToolkit.waitFor("the shortcuts dialog", 3000, () -> robot.lookup("#shortcuts-table").tryQuery().isPresent());
        javafx.scene.control.TableView<?> table = robot.lookup("#shortcuts-table").queryAs(javafx.scene.control.TableView.class);
        assertEquals(Shortcuts.all().size(), table.getItems().size());
        assertEquals(Shortcuts.all().get(0).keys(), table.getColumns().get(1).getCellData(0), "the first row's keys");
        robot.interact(() -> ((Stage) table.getScene().getWindow()).close());
    }
}
