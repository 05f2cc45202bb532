package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.DocumentImages;
import com.arpgstudio.app.document.MaskPaint;
import com.arpgstudio.app.reroll.BrushStrokes;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.VariantNode;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view model without any window: the FX toolkit runs, nothing is shown. */
class EditorViewModelTest {

    @TempDir
    Path dir;
    private ExecutorService executor;
    private FakeEngine engine;
    private EditorViewModel model;
    private final List<EditorViewModel.Failure> failures = new ArrayList<>();
    private ArgbImage original;

    @BeforeAll
    static void toolkit() throws InterruptedException {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws IOException {
        executor = EngineExecutor.create();
        engine = new FakeEngine(2);
        SettingsStore store = SettingsStore.open(dir.resolve("prefs.json"));
        model = FxToolkit.call(() -> new EditorViewModel(engine, executor, store));
        FxToolkit.run(() -> {
            model.setFailureHandler(failures::add);
            model.settings().stepsProperty().set(6);
            model.settings().variantsProperty().set(1);
        });
        original = ArgbImage.blank(96, 64);
        for (int i = 0; i < original.pixels().length; i++) {
            original.pixels()[i] = 0xff000000 | (i * 40503) & 0xffffff;
        }
        Path file = dir.resolve("photo.png");
        DocumentImages.writePng(original, file, java.util.List.of());
        FxToolkit.run(() -> model.files().open(file));
        FxToolkit.waitFor("the document", 5000, () -> model.documentProperty().get() != null);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    /** Only inside FxToolkit.call/run (the FX thread). */
    private Document doc() {
        return model.documentProperty().get();
    }

    private void maskRect(Rect r) {
        FxToolkit.run(() -> model.documentProperty().get().editMask("rect", m -> MaskPaint.rectangle(m, r, true)));
    }

    private void waitIdle() {
        FxToolkit.waitFor("generation to end", 10000, () -> !model.generation().generatingProperty().get());
    }

    @Test
    void generateChangesOnlyMaskedPixelsAndUndoRestores() {
        Rect r = new Rect(10, 20, 30, 16);
        maskRect(r);
        FxToolkit.run(model::generate);
        assertTrue(FxToolkit.call(() -> model.generation().generatingProperty().get()));
        waitIdle();
        ArgbImage result = FxToolkit.call(() -> doc().image().copy());
        int fill = FakeEngine.fillColour(engine.lastSettings.seed(), 0);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                boolean inside = x >= r.x() && x < r.right() && y >= r.y() && y < r.bottom();
                assertEquals(inside ? fill : original.get(x, y), result.get(x, y), "pixel " + x + "," + y);
            }
        }
        assertTrue(FxToolkit.call(() -> doc().mask().isEmpty()), "the mask is cleared with the fill");
        assertTrue(FxToolkit.call(() -> model.history().editRecordProperty().get()).contains("\"seed\""));
        assertNotEquals("–", FxToolkit.call(() -> model.generation().lastRunTimeProperty().get()));

        FxToolkit.run(model::undo);
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
        assertEquals(r.area(), FxToolkit.call(() -> doc().mask().count()));
        FxToolkit.run(model::redo);
        assertArrayEquals(result.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
    }

    @Test
    void unlockedSeedRollsEveryRunLockedSeedStays() {
        maskRect(new Rect(0, 0, 8, 8));
        FxToolkit.run(() -> {
            model.settings().seedLockedProperty().set(true);
            model.settings().seedProperty().set(777);
            model.generate();
        });
        waitIdle();
        assertEquals(777, engine.lastSettings.seed());
        maskRect(new Rect(0, 0, 8, 8));
        FxToolkit.run(() -> {
            model.settings().seedLockedProperty().set(false);
            model.generate();
        });
        waitIdle();
        assertEquals(FxToolkit.call(() -> model.settings().seedProperty().get()), engine.lastSettings.seed());
    }

    @Test
    void cancelStopsAtOnceAndLeavesTheImage() throws Exception {
        FakeEngine slow = new FakeEngine(20);
        SettingsStore store = SettingsStore.open(dir.resolve("prefs2.json"));
        EditorViewModel slowModel = FxToolkit.call(() -> new EditorViewModel(slow, executor, store));
        FxToolkit.run(() -> {
            slowModel.settings().stepsProperty().set(200);
            slowModel.settings().variantsProperty().set(1);
            slowModel.files().openImage(original.copy(), "test");
            slowModel.documentProperty().get().editMask("rect", m -> MaskPaint.rectangle(m, new Rect(5, 5, 20, 20), true));
            slowModel.generate();
        });
        FxToolkit.waitFor("a preview", 5000, () -> slowModel.previewProperty().get() != null);
        assertTrue(FxToolkit.call(() -> slowModel.generation().progressProperty().get()) > 0);
        FxToolkit.waitFor("the time left", 5000, () -> slowModel.generation().progressTextProperty().get().contains(" left"));
        String line = FxToolkit.call(() -> slowModel.generation().progressTextProperty().get());
        assertTrue(line.matches("window 1 of 1, step \\d+ of 200 · \\d+% · about \\d+ (s|min) left"), line);
        FxToolkit.run(slowModel::cancel);
        assertFalse(FxToolkit.call(() -> slowModel.generation().generatingProperty().get()));
        assertNull(FxToolkit.call(() -> slowModel.previewProperty().get()));
        Thread.sleep(200);
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> slowModel.documentProperty().get().image().pixels().clone()));
        assertEquals(400, FxToolkit.call(() -> slowModel.documentProperty().get().mask().count()), "the mask stays");
        assertFalse(FxToolkit.call(() -> slowModel.history().canUndoProperty().get() && slowModel.documentProperty().get()
                .history().lastImageChange().isPresent()));
    }

    @Test
    void variantsArePickedAndTheChosenOneAppliedAsOneEdit() {
        maskRect(new Rect(0, 0, 10, 10));
        FxToolkit.run(() -> {
            model.settings().variantsProperty().set(3);
            model.generate();
        });
        waitIdle();
        assertEquals(3, FxToolkit.call(() -> model.variants().images().size()));
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()),
                "nothing is applied before a variant is chosen");
        long seed = engine.lastSettings.seed();
        FxToolkit.run(() -> model.variants().choose(2));
        assertEquals(FakeEngine.fillColour(seed, 2),
                FxToolkit.call(() -> model.previewProperty().get().image().get(0, 0)));
        FxToolkit.run(model.variants()::applyChosen);
        assertEquals(FakeEngine.fillColour(seed, 2), FxToolkit.call(() -> doc().image().get(5, 5)));
        assertTrue(FxToolkit.call(() -> model.variants().images().isEmpty()));
        FxToolkit.run(model::undo);
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
    }

    /** A stroke of the re-roll (or pin) brush through the given document points. */
    private void stroke(RerollControls.Brush brush, double radius, double... xy) {
        FxToolkit.run(() -> {
            RerollControls controls = model.rerollControls();
            controls.brushProperty().set(brush);
            BrushStrokes strokes = controls.activeStrokes();
            strokes.begin(xy[0], xy[1], radius);
            for (int i = 2; i < xy.length; i += 2) {
                strokes.extend(xy[i], xy[i + 1]);
            }
            strokes.end();
        });
    }

    @Test
    void aRerollOfAShownVariantRepaintsOnlyTheBrushedCellsAndUndoShowsTheVariantAgain() {
        maskRect(new Rect(0, 0, 48, 32));
        FxToolkit.run(() -> {
            model.settings().variantsProperty().set(2);
            model.generate();
        });
        waitIdle();
        FxToolkit.run(() -> model.variants().choose(1));
        VariantNode variant = FxToolkit.call(() -> model.variants().tree().shown());
        ArgbImage shown = variant.image();
        stroke(RerollControls.Brush.REROLL, 3, 20, 8, 28, 8);                 // cell 1 (x 16..32) of row 0
        PixelMask brushed = FxToolkit.call(() -> model.rerollControls().rerollStrokes().toMask(96, 64, 0, 0));
        FxToolkit.run(() -> model.reroll(false));
        waitIdle();
        EditJob.Reroll job = (EditJob.Reroll) engine.lastJob;
        assertArrayEquals(new int[] {1}, job.selection().of(0), "the token under the stroke");
        VariantNode child = FxToolkit.call(() -> model.variants().tree().shown());
        assertEquals(variant, child.parent());
        ArgbImage rerolled = child.image();
        int colour = FakeEngine.fillColour(engine.lastSettings.seed(), 0);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                int expected = brushed.get(x, y) ? colour : shown.get(x, y);
                assertEquals(expected, rerolled.get(x, y), "pixel " + x + "," + y);
            }
        }
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()),
                "nothing is applied yet");
        assertTrue(FxToolkit.call(() -> model.rerollControls().rerollStrokes().isEmpty()), "strokes used up");
        assertTrue(FxToolkit.call(() -> model.history().canUndoProperty().get()));

        FxToolkit.run(model::undo);
        assertEquals(variant, FxToolkit.call(() -> model.variants().tree().shown()), "undo shows the variant again");
        assertEquals(2, FxToolkit.call(() -> model.variants().tree().nodes().size()), "the re-roll's results are gone");
        assertArrayEquals(shown.pixels(), FxToolkit.call(() -> model.previewProperty().get().image().pixels()));
        FxToolkit.run(model::redo);
        assertEquals(4, FxToolkit.call(() -> model.variants().tree().nodes().size()), "two variants of the re-roll");
        FxToolkit.run(model.variants()::applyChosen);
        assertArrayEquals(rerolled.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
        FxToolkit.run(model::undo);
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
    }

    @Test
    void aRerollOfTheAppliedFillIsOneUndoStepAndPinsKeepTheirTokens() {
        maskRect(new Rect(0, 0, 48, 32));
        FxToolkit.run(model::generate);
        waitIdle();
        ArgbImage filled = FxToolkit.call(() -> doc().image().copy());
        stroke(RerollControls.Brush.PIN, 2, 40, 20);                            // cell 8
        stroke(RerollControls.Brush.REROLL, 6, 8, 24, 40, 24);                  // cells 6, 7, 8 (row 1)
        FxToolkit.run(() -> model.reroll(false));
        waitIdle();
        EditJob.Reroll job = (EditJob.Reroll) engine.lastJob;
        assertArrayEquals(new int[] {6, 7}, job.selection().of(0), "the pinned cell 8 stays");
        ArgbImage after = FxToolkit.call(() -> doc().image().copy());
        assertFalse(java.util.Arrays.equals(filled.pixels(), after.pixels()), "applied at once");
        for (int x = 32; x < 48; x++) {
            assertEquals(filled.get(x, 24), after.get(x, 24), "the pinned cell keeps its pixels");
        }
        FxToolkit.run(model::undo);
        assertArrayEquals(filled.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()),
                "undo returns the fill as it was");
        FxToolkit.run(model::undo);
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
    }

    @Test
    void rerollUnsureTakesTheTokensBelowTheThreshold() {
        maskRect(new Rect(0, 0, 96, 64));
        FxToolkit.run(() -> {
            model.rerollControls().thresholdProperty().set(0.4);
            model.generate();
        });
        waitIdle();
        long seed = engine.lastSettings.seed();
        FxToolkit.run(() -> model.reroll(true));
        waitIdle();
        EditJob.Reroll job = (EditJob.Reroll) engine.lastJob;
        int[] expected = java.util.stream.IntStream.range(0, 24)
                .filter(cell -> FakeEngine.probability(cell, seed) < 0.4f).toArray();
        assertTrue(expected.length > 0 && expected.length < 24);
        assertArrayEquals(expected, job.selection().of(0));
        assertTrue(job.unsure());
        assertTrue(FxToolkit.call(() -> model.variants().tree().applied().change()).contains("40%"));
    }

    @Test
    void nothingToRerollIsExplained() {
        FxToolkit.run(() -> model.reroll(false));
        FxToolkit.waitFor("the reason", 5000, () -> model.messageProperty().get().startsWith("Nothing to re-roll"));
        maskRect(new Rect(0, 0, 20, 20));
        FxToolkit.run(model::generate);
        waitIdle();
        FxToolkit.run(() -> model.reroll(false));
        assertTrue(FxToolkit.call(() -> model.messageProperty().get()).startsWith("Brush over the part"));
        stroke(RerollControls.Brush.REROLL, 3, 80, 50);
        FxToolkit.run(() -> model.reroll(false));
        assertTrue(FxToolkit.call(() -> model.messageProperty().get()).contains("covers no token"));
    }

    @Test
    void outpaintGrowsTheFrameAndKeepsTheOriginal() {
        FxToolkit.run(() -> {
            model.outpaint().leftProperty().set(16);
            model.outpaint().bottomProperty().set(8);
            model.generate();
        });
        waitIdle();
        ArgbImage result = FxToolkit.call(() -> doc().image().copy());
        assertEquals(96 + 16, result.width());
        assertEquals(64 + 8, result.height());
        assertEquals(original.get(0, 0), result.get(16, 0));
        assertEquals(original.get(95, 63), result.get(16 + 95, 63));
        assertFalse(FxToolkit.call(() -> model.outpaint().pending()), "amounts reset after the fill");
        FxToolkit.run(() -> model.history().compareProperty().set(true));
        assertEquals(96, FxToolkit.call(() -> model.history().compareImageProperty().get().width()));
        FxToolkit.run(() -> model.history().compareProperty().set(false));
        assertNull(FxToolkit.call(() -> model.history().compareImageProperty().get()));
    }

    @Test
    void expandDoublesAndEmptyMaskExplains() {
        FxToolkit.run(model::generate);
        assertFalse(FxToolkit.call(() -> model.generation().generatingProperty().get()));
        assertTrue(FxToolkit.call(() -> model.messageProperty().get()).contains("Paint a mask"));
        FxToolkit.run(model::expand);
        waitIdle();
        assertEquals(192, FxToolkit.call(() -> doc().width()));
    }

    @Test
    void saveAsWritesTheRecordAndReopeningShowsIt() throws IOException {
        maskRect(new Rect(0, 0, 4, 4));
        FxToolkit.run(model::generate);
        waitIdle();
        String record = FxToolkit.call(() -> model.history().editRecordProperty().get());
        assertFalse(record.isEmpty());
        Path out = dir.resolve("result");
        FxToolkit.run(() -> model.files().saveAs(out));
        Path written = dir.resolve("result.png");
        FxToolkit.waitFor("the saved file", 5000, () -> Files.exists(written) && !model.history().modifiedProperty().get());
        assertTrue(FxToolkit.call(() -> model.history().titleProperty().get()).startsWith("result.png"));
        FxToolkit.run(() -> model.files().open(written));
        FxToolkit.waitFor("the reopened file", 5000, () -> model.documentProperty().get().file().orElseThrow().equals(written)
                && !model.history().canUndoProperty().get());
        assertEquals(record, FxToolkit.call(() -> model.history().editRecordProperty().get()));
        assertEquals(written.toAbsolutePath().toString(), FxToolkit.call(() -> model.files().recentFiles().get(0)));
    }

    @Test
    void failuresBecomeDialogsNotStackTraces() throws IOException {
        Path junk = dir.resolve("junk.jpg");
        Files.writeString(junk, "not an image");
        FxToolkit.run(() -> model.files().open(junk));
        FxToolkit.waitFor("a failure", 5000, () -> !failures.isEmpty());
        assertTrue(failures.get(0).message().contains("not a PNG, JPEG, TIFF, WebP, BMP or GIF"), failures.get(0).message());

        Path smallMask = dir.resolve("small.png");
        DocumentImages.writeMask(new PixelMask(10, 10), smallMask);
        FxToolkit.run(() -> model.files().loadMask(smallMask));
        FxToolkit.waitFor("a second failure", 5000, () -> failures.size() == 2);
        assertTrue(failures.get(1).message().contains("10×10"), failures.get(1).message());
    }

    /** What a failed open or mask load must leave as it was: the same document, pixels, mask, history and file. */
    private record DocumentState(Document doc, int[] pixels, byte[] mask, boolean canUndo, Path file, String record) {
        static DocumentState of(EditorViewModel model) {
            return FxToolkit.call(() -> {
                Document doc = model.documentProperty().get();
                return new DocumentState(doc, doc.image().pixels().clone(), doc.mask().coverageValues(),
                        doc.history().canUndo(), doc.file().orElse(null), model.history().editRecordProperty().get());
            });
        }

        void assertSame(EditorViewModel model, String when) {
            DocumentState now = of(model);
            assertTrue(doc == now.doc, "the same document " + when);
            assertArrayEquals(pixels, now.pixels, "image " + when);
            assertArrayEquals(mask, now.mask, "mask " + when);
            assertEquals(canUndo, now.canUndo, "history " + when);
            assertEquals(file, now.file, "file " + when);
            assertEquals(record, now.record, "edit record " + when);
        }
    }

    @Test
    void aMaskOfTheWrongSizeOrNotAnImageLeavesTheDocumentAlone() throws IOException {
        maskRect(new Rect(5, 5, 20, 10));
        DocumentState before = DocumentState.of(model);
        Path wide = dir.resolve("wide.png");
        DocumentImages.writeMask(new PixelMask(97, 64), wide); // one column too many
        FxToolkit.run(() -> model.files().loadMask(wide));
        FxToolkit.waitFor("the size failure", 5000, () -> failures.size() == 1);
        assertTrue(failures.get(0).message().contains("97×64") && failures.get(0).message().contains("96×64"),
                failures.get(0).message());
        before.assertSame(model, "after a mask of the wrong size");

        Path text = dir.resolve("mask.png");
        Files.writeString(text, "not a mask");
        FxToolkit.run(() -> model.files().loadMask(text));
        FxToolkit.waitFor("the unreadable mask failure", 5000, () -> failures.size() == 2);
        assertTrue(failures.get(1).message().contains("mask.png"), failures.get(1).message());
        before.assertSame(model, "after a mask that is not an image");
    }

    @Test
    void filesAreOpenedByContentAndAFailedOpenKeepsTheCurrentDocument() throws IOException {
        maskRect(new Rect(0, 0, 8, 8));
        DocumentState before = DocumentState.of(model);
        for (String name : new String[] {"notes.png", "notes.jpg", "empty.png"}) {
            Path bad = dir.resolve(name);
            Files.writeString(bad, name.startsWith("empty") ? "" : "plain text, not an image");
            int seen = failures.size();
            FxToolkit.run(() -> model.files().open(bad));
            FxToolkit.waitFor("the failure for " + name, 5000, () -> failures.size() == seen + 1);
            assertTrue(failures.get(seen).message().contains(name), failures.get(seen).message());
            before.assertSame(model, "after failing to open " + name);
        }
        Path truncated = dir.resolve("cut.png");
        byte[] png = Files.readAllBytes(dir.resolve("photo.png"));
        Files.write(truncated, java.util.Arrays.copyOf(png, png.length / 2));
        FxToolkit.run(() -> model.files().open(truncated));
        FxToolkit.waitFor("the truncated failure", 5000, () -> failures.size() == 4);
        before.assertSame(model, "after failing to open a truncated PNG");

        Path pngNamedJpeg = dir.resolve("really-a-png.jpg");
        Files.copy(dir.resolve("photo.png"), pngNamedJpeg);
        FxToolkit.run(() -> model.files().open(pngNamedJpeg));
        FxToolkit.waitFor("the PNG named .jpg", 5000, () -> pngNamedJpeg.equals(
                model.documentProperty().get().file().orElse(null)));
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()));
        assertEquals(4, failures.size(), "no failure for a PNG named .jpg");
    }

    @Test
    void aDamagedEditRecordInAPngIsLeftOutWithAMessage() throws IOException {
        Path file = dir.resolve("damaged-record.png");
        DocumentImages.writePng(original, file, java.util.List.of("{\"operation\": \"INPAINT\", \"settings\": {")); // cut short
        FxToolkit.run(() -> model.files().open(file));
        FxToolkit.waitFor("the file", 5000, () -> file.equals(model.documentProperty().get().file().orElse(null)));
        assertArrayEquals(original.pixels(), FxToolkit.call(() -> doc().image().pixels().clone()), "the image opens");
        assertEquals("", FxToolkit.call(() -> model.history().editRecordProperty().get()), "the damaged record is not kept");
        String message = FxToolkit.call(() -> model.messageProperty().get());
        assertTrue(message.contains("edit record") && message.contains("damaged"), message);

        Path saved = dir.resolve("resaved.png");
        FxToolkit.run(() -> model.files().saveAs(saved));
        FxToolkit.waitFor("the save", 5000, () -> Files.exists(saved) && !model.busyProperty().get());
        assertTrue(DocumentImages.read(saved).editRecords().isEmpty(), "the damaged record is not written again");
    }

    @Test
    void aBrokenSettingsFileIsReportedOnce() throws IOException {
        Path broken = dir.resolve("broken-settings.json");
        Files.writeString(broken, "{\"steps\": 12, \"theme\": ");
        SettingsStore store = SettingsStore.open(broken);
        List<EditorViewModel.Failure> reported = new ArrayList<>();
        EditorViewModel fresh = FxToolkit.call(() -> new EditorViewModel(engine, executor, store));
        FxToolkit.run(() -> {
            fresh.setFailureHandler(reported::add);
            fresh.settingsFile().reportProblems();
            fresh.settingsFile().reportProblems();
        });
        assertEquals(1, reported.size(), "reported once");
        String text = reported.get(0).message();
        assertTrue(text.contains("broken-settings.json") && text.contains("broken-settings.json.broken-")
                && text.contains("defaults"), text);
        assertEquals(64, fresh.settings().stepsProperty().get(), "the defaults are in use");

        List<EditorViewModel.Failure> none = new ArrayList<>();
        FxToolkit.run(() -> {
            model.setFailureHandler(none::add);
            model.settingsFile().reportProblems();
        });
        assertTrue(none.isEmpty(), "a good settings file is not reported");
    }

    @Test
    void settingsAreRememberedBetweenRuns() throws IOException {
        maskRect(new Rect(0, 0, 4, 4));
        FxToolkit.run(() -> {
            model.settings().guidanceScaleProperty().set(7.5);
            model.settings().classIdProperty().set(2);
            model.generate();
        });
        waitIdle();
        SettingsStore reopened = SettingsStore.open(dir.resolve("prefs.json"));
        EditorViewModel again = FxToolkit.call(() -> new EditorViewModel(engine, executor, reopened));
        assertEquals(7.5, FxToolkit.call(() -> again.settings().guidanceScaleProperty().get()));
        assertEquals(2, FxToolkit.call(() -> again.settings().classIdProperty().get()));
        assertEquals(java.util.List.of(dir.resolve("photo.png").toAbsolutePath().toString()),
                FxToolkit.call(() -> List.copyOf(again.files().recentFiles())), "the photo opened before, and only it");
    }
}
