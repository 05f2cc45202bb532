package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Windows of a wave as rows of one batch: the same windows, contexts and results as one window at a
 * time, batches sized by the window batch and the memory limit, a preview of every window at every
 * step. The stand-in engine's tokens depend on each row's known tokens, so a window that saw any
 * other context than run alone would give other pixels.
 */
class WindowRunnerTest {

    private final SamplingSettings settings = SamplingSettings.DEFAULTS.withSeed(11).withVariants(2);

    private record Run(EditResult result, FakeModels.Filler filler) {}

    private static Run run(int windowBatch, DeviceMemoryLimit limit, long bytesPerRow, EditRequest request) {
        EditModels models = FakeModels.of(16);
        FakeModels.Filler filler = (FakeModels.Filler) models.generator();
        filler.contextSensitive = true;
        filler.bytesPerRow = bytesPerRow;
        Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY, limit, windowBatch);
        return new Run(editor.run(request, EditListener.NONE, Cancellation.none()), filler);
    }

    private void assertBatchedAgreesWithSequential(EditRequest request) {
        Run sequential = run(1, DeviceMemoryLimit.none(), 0, request);
        Run batched = run(16, DeviceMemoryLimit.none(), 0, request);
        assertEquals(sequential.result().record().windows(), batched.result().record().windows(), "the same windows");
        List<String> rowsAlone = new ArrayList<>(sequential.filler().rowsSeen);
        List<String> rowsBatched = new ArrayList<>(batched.filler().rowsSeen);
        Collections.sort(rowsAlone);
        Collections.sort(rowsBatched);
        assertEquals(rowsAlone, rowsBatched, "every window saw the same known tokens and filled the same cells");
        for (int v = 0; v < settings.variants(); v++) {
            assertTrue(sequential.result().images().get(v).samePixels(batched.result().images().get(v)),
                    "variant " + v + " has the same pixels");
        }
        assertTrue(sequential.filler().batchRows.stream().allMatch(rows -> rows == settings.variants()),
                "one window at a time: " + sequential.filler().batchRows);
        assertTrue(batched.filler().batchRows.size() < sequential.filler().batchRows.size(),
                "fewer, larger batches: " + batched.filler().batchRows);
    }

    @Test
    void outpaintBatchedAgreesWithOneWindowAtATime() {
        ArgbImage image = FakeModels.picture(256, 200);
        EditRequest request = EditRequest.outpaint(image, new Margins(64, 0, 256, 96), settings.withClassId(1));
        assertBatchedAgreesWithSequential(request);
        ArgbImage result = run(16, DeviceMemoryLimit.none(), 0, request).result().image();
        assertTrue(result.crop(new Rect(64, 0, 256, 200)).samePixels(image), "the original pixels are untouched");
    }

    /** A window's encode reports the pass its generation reports: a deep outpaint's detail windows encode in pass 2. */
    @Test
    void aWindowsEncodeReportsThePassOfItsGeneration() {
        ArgbImage image = FakeModels.picture(256, 200);
        EditRequest request = EditRequest.outpaint(image, new Margins(0, 0, 384, 0), settings.withClassId(1));
        Map<Integer, Integer> generatedIn = new HashMap<>();
        List<EditListener.Stage> encodes = new ArrayList<>();
        EditListener listener = new EditListener() {
            @Override
            public void onProgress(Progress progress) {
                EditListener.Stage stage = progress.stage();
                if (stage.phase() == Phase.GENERATE) {
                    stage.windows().forEach(w -> generatedIn.put(w, stage.pass()));
                } else if (stage.phase() == Phase.ENCODE && !stage.windows().isEmpty()) {
                    encodes.add(stage);
                }
            }
        };
        new Editor(FakeModels.of(16), PreviewPolicy.NONE).run(request, listener, Cancellation.none());
        assertTrue(encodes.stream().anyMatch(e -> e.pass() == 1), "the detail windows encode in the second pass");
        for (EditListener.Stage encode : encodes) {
            for (int w : encode.windows()) {
                assertEquals(generatedIn.get(w), encode.pass(), "window " + w + ": " + encode.describe());
            }
        }
    }

    @Test
    void aDeepOutpaintsLayoutAndDetailBatchedAgreeWithOneWindowAtATime() {
        ArgbImage image = FakeModels.picture(256, 200);
        EditRequest request = EditRequest.outpaint(image, new Margins(0, 0, 384, 0), settings.withClassId(1));
        assertBatchedAgreesWithSequential(request);
        Run batched = run(16, DeviceMemoryLimit.none(), 0, request);
        List<Window> windows = batched.result().record().windows();
        assertTrue(windows.get(0).scale() > 1 && windows.get(windows.size() - 1).scale() == 1.0,
                "a layout, then its detail: " + windows);
        // the layout, then one wave of detail, then the heal windows over the lines between detail tiles
        List<Integer> rows = batched.filler().batchRows;
        int heals = batched.result().tokens().get(0).windows().size() - (windows.size() - 1);
        assertTrue(windows.size() - 1 <= 16 && heals > 0 && rows.size() > 2, "heal windows after the detail: " + rows);
        assertEquals(List.of(settings.variants(), (windows.size() - 1) * settings.variants()), rows.subList(0, 2),
                "the layout, then one wave of detail: " + rows);
        assertEquals(heals * settings.variants(), rows.subList(2, rows.size()).stream().mapToInt(Integer::intValue).sum(),
                "then the heals: " + rows);
        // a heal window: a detail window's tokens along its line, across it the strip's tokens and their context
        List<WindowTokens> tokens = batched.result().tokens().get(0).windows();
        Window detail = windows.get(windows.size() - 1);
        int patch = detail.region().width() / detail.columns();
        int across = SeamHeal.tokensAcross(EditOptions.defaults().seamHealPixels(), patch) + 2 * SeamHeal.CONTEXT_TOKENS;
        assertEquals(9, across, "three tokens across the line for 16 px tokens, three of context on each side");
        for (WindowTokens heal : tokens.subList(tokens.size() - heals, tokens.size())) {
            Window w = heal.window();
            assertTrue(w.columns() == detail.columns() && w.rows() == across
                    || w.rows() == detail.rows() && w.columns() == across, "heal window " + w + " beside " + detail);
        }
        assertTrue(batched.result().image().crop(new Rect(0, 0, 256, 200)).samePixels(image), "the photo is untouched");
    }

    @Test
    void tiledInpaintBatchedAgreesWithOneWindowAtATime() {
        ArgbImage image = FakeModels.picture(640, 480);
        PixelMask mask = PixelMask.ofRect(640, 480, new Rect(100, 60, 420, 330));
        mask.fill(new Rect(600, 20, 30, 30), true); // a second, distant region
        EditRequest request = EditRequest.inpaint(image, mask, settings.withClassId(2))
                .withOptions(EditOptions.defaults().withMaxScale(1.0)); // tiles at native scale
        assertBatchedAgreesWithSequential(request);
    }

    @Test
    void expandBatchedAgreesWithOneWindowAtATime() {
        assertBatchedAgreesWithSequential(EditRequest.expand(FakeModels.picture(200, 136), settings.withClassId(3)));
    }

    @Test
    void windowsWithNothingToFillDecodeAtTheirOwnGridSizes() {
        // a wave whose windows are all known: each decodes at its own grid, whatever the one before it
        EditModels models = FakeModels.of(16);
        WindowRunner runner = new WindowRunner(models, EditListener.NONE, Cancellation.none(), PreviewPolicy.NONE,
                DeviceMemoryLimit.none(), new ProgressMeter(EditListener.NONE, models.pace(), 1), 16);
        List<WindowRunner.Job> jobs = new ArrayList<>();
        int[][] grids = {{16, 16}, {16, 7}, {16, 16}};
        for (int k = 0; k < grids.length; k++) {
            int columns = grids[k][0];
            int rows = grids[k][1];
            Rect region = new Rect(0, 0, columns * 16, rows * 16);
            byte[] cells = new byte[columns * rows];
            Arrays.fill(cells, TokenCells.KNOWN);
            int[] codes = new int[columns * rows];
            Arrays.fill(codes, 37 * (k + 1));
            jobs.add(new WindowRunner.Job(k, 0, new Window(region, region, columns, rows, 1.0), List.of(codes),
                    List.of(ArgbImage.blank(region.width(), region.height())), cells, new long[] {k}));
        }
        List<WindowRunner.Output> outputs = runner.generate(jobs, settings.withVariants(1), true);
        for (int k = 0; k < grids.length; k++) {
            ArgbImage decoded = outputs.get(k).decoded().get(0);
            assertEquals(grids[k][0] * 16, decoded.width(), "window " + k + "'s width");
            assertEquals(grids[k][1] * 16, decoded.height(), "window " + k + "'s height");
            assertEquals(0, outputs.get(k).generated(), "window " + k + " generated nothing");
            assertTrue(decoded.samePixels(models.tokenizer().decode(List.of(jobs.get(k).grids().get(0)), grids[k][0],
                    grids[k][1]).get(0)), "window " + k + "'s own tokens decoded");
        }
    }

    @Test
    void theMemoryLimitSizesTheBatches() {
        EditRequest request = EditRequest.expand(FakeModels.picture(256, 256), settings.withVariants(1).withClassId(3));
        long mib = 1 << 20;
        Run unlimited = run(16, DeviceMemoryLimit.none(), mib, request);
        assertTrue(unlimited.filler().batchRows.stream().anyMatch(rows -> rows > 2), "larger batches without a limit");
        // a batch of n rows is estimated at 2n MiB (KV cache and step): 5 MiB hold 2 windows
        Run limited = run(16, DeviceMemoryLimit.ofMiB(5, "the test"), mib, request);
        assertEquals(2, limited.filler().batchRows.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                "never above the limit: " + limited.filler().batchRows);
        assertTrue(unlimited.result().image().samePixels(limited.result().image()), "the same result, in more batches");
        DeviceOutOfMemoryException refused = assertThrows(DeviceOutOfMemoryException.class,
                () -> run(16, DeviceMemoryLimit.ofMiB(1, "the test"), mib, request));
        assertTrue(refused.refusedBeforeStart(), "a window that does not fit alone is refused before it starts");
    }

    @Test
    void theWindowBatchCapsTheBatches() {
        EditRequest request = EditRequest.expand(FakeModels.picture(256, 256), settings.withClassId(3));
        Run capped = run(3, DeviceMemoryLimit.none(), 0, request);
        assertEquals(3 * settings.variants(), capped.filler().batchRows.stream().mapToInt(Integer::intValue).max()
                .orElseThrow(), "3 windows x 2 variants: " + capped.filler().batchRows);
    }

    /** The editor takes exactly the window batches the setting may hold, one definition for both. */
    @Test
    void theEditorTakesTheWindowBatchesOfTheSettings() {
        for (int windowBatch : new int[] {-1, 0, 1, 2, Settings.DEFAULT_WINDOW_BATCH, Settings.MAX_WINDOW_BATCH,
                Settings.MAX_WINDOW_BATCH + 1}) {
            Settings.Builder setting = Settings.defaults().edit().windowBatch(windowBatch);
            Executable editor = () -> new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY, DeviceMemoryLimit.none(),
                    windowBatch);
            if (windowBatch >= 1 && windowBatch <= Settings.MAX_WINDOW_BATCH) {
                assertTrue(Settings.isWindowBatch(windowBatch), "accepts " + windowBatch);
                assertEquals(windowBatch, setting.build().windowBatch());
                assertDoesNotThrow(editor);
            } else {
                assertFalse(Settings.isWindowBatch(windowBatch), "refuses " + windowBatch);
                assertThrows(IllegalArgumentException.class, setting::build);
                EditException refused = assertThrows(EditException.class, editor);
                assertEquals(EditException.Reason.INVALID_SETTINGS, refused.reason());
                assertEquals("window batch: expected 1.." + Settings.MAX_WINDOW_BATCH + ", found " + windowBatch,
                        refused.getMessage());
            }
        }
    }

    @Test
    void everyWindowOfAWaveStreamsItsPreviewAtEveryStep() {
        EditModels models = FakeModels.of(16);
        Editor editor = new Editor(models, PreviewPolicy.CODES_ONLY, DeviceMemoryLimit.none(), 16);
        List<EditListener.Step> steps = new ArrayList<>();
        editor.run(EditRequest.outpaint(FakeModels.picture(256, 640), new Margins(0, 0, 128, 0), settings.withClassId(1)),
                EditListener.onSteps(steps::add), Cancellation.none());
        EditListener.Step first = steps.get(0);
        List<Integer> batch = first.progress().stage().windows();
        assertTrue(batch.size() > 1, "the first wave holds several windows: " + batch);
        Function<EditListener.Step, List<Object>> key = s -> List.of(s.step(), s.progress().done());
        Set<Integer> previewed = new HashSet<>();
        for (EditListener.Step step : steps) {
            if (key.apply(step).equals(key.apply(first))) {
                previewed.add(step.window());
                assertEquals(settings.variants(), step.previews().size());
                assertTrue(step.previews().get(0).region().contains(step.changedPixels()));
            }
        }
        assertEquals(new HashSet<>(batch), previewed, "one step event per window of the batch");
    }
}
