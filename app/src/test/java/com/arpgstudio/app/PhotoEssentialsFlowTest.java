package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.editing.EditJob;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.app.editing.FxImages;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageFormat;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * What users of other editors reach for, driven like a user: what opening did in the status bar,
 * Save in the file's format and Save As another, Copy, the mask's grow / shrink / feather, the soft
 * brush.
 */
@ExtendWith(ApplicationExtension.class)
class PhotoEssentialsFlowTest {

    @RegisterExtension
    final EditorHarness<FakeEngine> editor = EditorHarness.showing(settings -> new FakeEngine(10), 4, 1);

    /** The status bar's text; on the FX thread (inside {@link FxToolkit#waitFor}). */
    private String statusNow() {
        return ((Label) editor.window.canvas().getScene().lookup("#status-message")).getText();
    }

    private String status(FxRobot robot) {
        return FxToolkit.call(this::statusNow);
    }

    private void open(FxRobot robot, Path file) {
        Document before = editor.doc();
        robot.interact(() -> editor.model.files().open(file));
        FxToolkit.waitFor("the image to open", 5000, () -> editor.doc() != before && editor.doc() != null && !editor.model.busyProperty().get());
    }

    /** The menu bar's item of this id (in a menu or a submenu). */
    private javafx.scene.control.MenuItem menuItem(String id) {
        javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) editor.window.canvas().getScene()
                .lookup(".menu-bar");
        java.util.ArrayDeque<javafx.scene.control.MenuItem> items = new java.util.ArrayDeque<>(bar.getMenus());
        while (!items.isEmpty()) {
            javafx.scene.control.MenuItem item = items.pop();
            if (id.equals(item.getId())) {
                return item;
            }
            if (item instanceof javafx.scene.control.Menu menu) {
                items.addAll(menu.getItems());
            }
        }
        throw new AssertionError("no menu item " + id);
    }

    private Path photo(String name, int width, int height) throws Exception {
        Path file = editor.dir.resolve(name + "-" + System.nanoTime() + ".png");
        DocumentImages.writePng(FxToolkit.gradientPhoto(width, height), file, java.util.List.of());
        return file;
    }

    @Test
    void openingSaysWhatItDidAndSixteenBitsAreEditedInEight(FxRobot robot) throws Exception {
        BufferedImage gray16 = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(3, 3, 0, 0x8080);
        Path tiff = editor.dir.resolve("deep-" + System.nanoTime() + ".tif");
        assertTrue(ImageIO.write(gray16, "tiff", tiff.toFile()));
        open(robot, tiff);
        assertTrue(status(robot).contains("16-bit image: edited in 8 bits"), status(robot));
        assertEquals(0xff808080, editor.doc().image().get(3, 3));
    }

    @Test
    void saveKeepsTheFormatAtTheJpegQualitySetAndSaveAsTakesTheExtensionsFormat(FxRobot robot) throws Exception {
        Path jpeg = editor.dir.resolve("photo-" + System.nanoTime() + ".jpg");
        assertTrue(ImageIO.write(toBufferedImage(FxToolkit.gradientPhoto(160, 120)), "jpeg", jpeg.toFile()));
        open(robot, jpeg);
        Spinner<?> quality = robot.lookup("#jpeg-quality").queryAs(Spinner.class);
        assertEquals(92, quality.getValue(), "the default JPEG quality");
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(10, 10, 40, 40), true)));
        robot.interact(() -> editor.model.files().saveSettings().jpegQualityProperty().set(30));
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        FxToolkit.waitFor("the save", 5000, () -> statusNow().startsWith("Saved"));
        assertTrue(status(robot).contains("JPEG, quality 30"), status(robot));
        assertEquals(ImageFormat.JPEG, ImageDecoder.read(jpeg).format(), "Save keeps the file's format");
        long poor = Files.size(jpeg);
        robot.interact(() -> {
            quality.requestFocus();
            quality.getEditor().setText("95");
        });
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        FxToolkit.waitFor("the save", 5000, () -> statusNow().contains("quality 95"));
        assertEquals(95, editor.model.files().saveSettings().jpegQualityProperty().get(), "typed into the Saving pane, then Ctrl+S");
        assertTrue(Files.size(jpeg) > poor * 3 / 2, "a higher quality, a larger file: " + Files.size(jpeg) + " vs " + poor);

        Path tiff = editor.dir.resolve("copy-" + System.nanoTime() + ".tiff");
        robot.interact(() -> editor.model.files().saveAs(tiff));
        FxToolkit.waitFor("the save", 5000, () -> statusNow().contains("(TIFF)"));
        assertEquals(ImageFormat.TIFF, ImageDecoder.read(tiff).format());
        assertArrayEquals(editor.doc().image().pixels(), DocumentImages.read(tiff).image().pixels(), "TIFF is lossless");
        assertEquals(tiff, editor.doc().file().orElseThrow(), "the document is the TIFF from now on");
        Path noExtension = editor.dir.resolve("plain-" + System.nanoTime());
        robot.interact(() -> editor.model.files().saveAs(noExtension));
        FxToolkit.waitFor("the save", 5000, () -> statusNow().contains("(PNG)"));
        assertTrue(Files.isRegularFile(noExtension.resolveSibling(noExtension.getFileName() + ".png")));
    }

    private static BufferedImage toBufferedImage(ArgbImage raster) {
        BufferedImage image = new BufferedImage(raster.width(), raster.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, raster.width(), raster.height(), raster.pixels(), 0, raster.width());
        return image;
    }

    @Test
    void copyTakesTheImageOrTheSelectionsBoundingBox(FxRobot robot) throws Exception {
        open(robot, photo("copy", 200, 150));
        robot.interact(() -> editor.window.canvas().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        ArgbImage whole = FxToolkit.call(() -> FxImages.fromImage(Clipboard.getSystemClipboard().getImage()));
        assertArrayEquals(editor.doc().image().pixels(), whole.pixels(), "no selection: the whole image");
        robot.interact(() -> editor.doc().editMask("lasso", m -> MaskPaint.polygon(m, new double[] {30, 90, 60},
                new double[] {20, 25, 70}, true)));
        Rect box = FxToolkit.call(() -> editor.doc().mask().bounds());
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        Image copied = FxToolkit.call(() -> Clipboard.getSystemClipboard().getImage());
        assertEquals(box.width(), (int) copied.getWidth());
        assertEquals(box.height(), (int) copied.getHeight());
        assertArrayEquals(editor.doc().image().crop(box).pixels(), FxToolkit.call(() -> FxImages.fromImage(copied)).pixels());
        assertTrue(status(robot).contains("bounding box"), status(robot));
    }

    @Test
    void growShrinkInvertFromThePaneAndMenuAndTheFeatherReachesTheFill(FxRobot robot) throws Exception {
        open(robot, photo("mask", 200, 150));
        Rect square = new Rect(60, 40, 30, 30);
        robot.interact(() -> editor.doc().editMask("rect", m -> MaskPaint.rectangle(m, square, true)));
        Spinner<?> distance = robot.lookup("#mask-distance").queryAs(Spinner.class);
        robot.interact(() -> editor.model.maskAdjustments().distanceProperty().set(5));
        assertEquals(5, distance.getValue());
        robot.interact(() -> robot.lookup("#mask-grow").queryAs(javafx.scene.control.Button.class).fire());
        long grown = PixelMask.ofRect(200, 150, new Rect(60, 40, 30, 30)).grown(5).count();
        assertEquals(grown, FxToolkit.call(() -> editor.doc().mask().count()));
        assertTrue(status(robot).contains("grown by 5 px"), status(robot));
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(square.area(), FxToolkit.call(() -> editor.doc().mask().count()), "one undo step");

        robot.interact(() -> menuItem("menu-shrink-mask").fire());
        assertEquals(PixelMask.ofRect(200, 150, new Rect(60, 40, 30, 30)).shrunk(5).count(), FxToolkit.call(() -> editor.doc().mask().count()));
        robot.press(KeyCode.CONTROL, KeyCode.I).release(KeyCode.I, KeyCode.CONTROL);
        assertEquals(200 * 150 - 20 * 20, FxToolkit.call(() -> editor.doc().mask().count()), "inverted");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);

        robot.interact(() -> menuItem("menu-mask-feather-32").fire());
        assertEquals(32, editor.model.maskAdjustments().featherProperty().get());
        assertEquals(32, robot.lookup("#mask-feather").queryAs(Spinner.class).getValue(), "the pane follows the menu");
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the fill", 10000, () -> editor.engine.lastJob != null && !editor.model.generation().generatingProperty().get());
        assertEquals(32, ((EditJob.Inpaint) editor.engine.lastJob).featherPixels());
    }

    @Test
    void aSoftBrushPaintsPartialCoverageThatTheFillReceives(FxRobot robot) throws Exception {
        open(robot, photo("soft", 240, 180));
        robot.interact(() -> editor.window.canvas().fit());
        Slider hardness = robot.lookup("#brush-hardness").queryAs(Slider.class);
        robot.interact(() -> hardness.setValue(0.2));
        assertEquals(0.2, editor.window.tools().hardnessProperty().get(), 1e-9);
        robot.interact(() -> editor.window.tools().brushSizeProperty().set(40));
        Point2D from = editor.onScreen(60, 90);
        Point2D to = editor.onScreen(160, 90);
        robot.type(KeyCode.B).moveTo(from).press(MouseButton.PRIMARY).moveTo(to).release(MouseButton.PRIMARY);
        PixelMask mask = FxToolkit.call(() -> editor.doc().mask().copy());
        int partial = 0;
        for (byte v : mask.coverageValues()) {
            partial += (v & 0xff) > 0 && (v & 0xff) < 255 ? 1 : 0;
        }
        assertTrue(partial > 500, "a soft edge of partly covered pixels: " + partial);
        assertEquals(255, mask.coverage(110, 90), "the stroke's middle is full");
        robot.clickOn("#generate-button");
        FxToolkit.waitFor("the fill", 10000, () -> editor.engine.lastJob != null && !editor.model.generation().generatingProperty().get());
        assertArrayEquals(mask.coverageValues(), ((EditJob.Inpaint) editor.engine.lastJob).mask().coverageValues(),
                "the fill gets the coverage");
    }
}
