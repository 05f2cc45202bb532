package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the model over one window for every variant: encode the window's pixels, keep the known
 * tokens, generate the unknown ones as one batch (variants are rows with their own seeds), stream
 * a preview after every step, decode. Operations decide what the window is and where its pixels go.
 */
final class WindowRunner {

    /** Grey drawn where tokens are still to be generated. */
    private static final int PENDING_GREY = 0xff808080;

    private final EditModels models;
    private final EditListener listener;
    private final Cancellation cancellation;
    private final PreviewPolicy previewPolicy;
    private final DeviceMemoryLimit memoryLimit;
    private final ProgressMeter progress;

    WindowRunner(EditModels models, EditListener listener, Cancellation cancellation, PreviewPolicy previewPolicy,
                 DeviceMemoryLimit memoryLimit, ProgressMeter progress) {
        this.models = models;
        this.listener = listener;
        this.cancellation = cancellation;
        this.previewPolicy = previewPolicy;
        this.memoryLimit = memoryLimit;
        this.progress = progress;
    }

    /**
     * What one window produced, per variant.
     *
     * @param tokens  the window's tokens after generation, with their cells and confidence
     * @param decoded the decoded window at model size
     * @param generated how many tokens were generated
     */
    record Output(List<WindowTokens> tokens, List<ArgbImage> decoded, int generated) {}

    /** The window's pixels at model size, cropped from the canvas and shrunk by the window's scale. */
    ArgbImage modelPixels(ArgbImage canvas, Window window) {
        int patch = models.tokenizer().patchSize();
        ArgbImage crop = canvas.crop(window.region());
        return Resampler.resize(crop, window.modelWidth(patch), window.modelHeight(patch));
    }

    /** Encodes window {@code windowIndex} of each canvas, encoding identical pixels once. */
    List<int[]> encode(List<ArgbImage> canvases, Window window, int windowIndex) {
        List<int[]> codes = new ArrayList<>();
        List<ArgbImage> seen = new ArrayList<>();
        for (ArgbImage canvas : canvases) {
            ArgbImage pixels = modelPixels(canvas, window);
            int same = seen.indexOf(pixels);
            codes.add(same >= 0 ? codes.get(same) : models.tokenizer().encode(pixels));
            seen.add(pixels);
        }
        progress.advance(EditListener.Progress.CODEC_UNITS,
                progress.stage(EditListener.Phase.ENCODE, 0, List.of(windowIndex), 0, 0));
        return codes;
    }

    /**
     * Generates the UNKNOWN cells of each variant's grid.
     *
     * @param windowIndex  for progress events
     * @param pass         for progress events: the edit's pass (Expand runs two)
     * @param window       the window
     * @param grids        per variant, the window's tokens (known cells hold their code)
     * @param backdrops    per variant, the window's pixels at model size (for previews)
     * @param cells        KNOWN / UNKNOWN / EXCLUDED per cell
     * @param settings     sampling settings (with the class)
     * @param seeds        per variant
     * @param decode       whether to decode the result (Expand decodes later, from the whole token map)
     */
    Output generate(int windowIndex, int pass, Window window, List<int[]> grids, List<ArgbImage> backdrops,
                    byte[] cells, SamplingSettings settings, long[] seeds, boolean decode) {
        cancellation.throwIfCancelled();
        int columns = window.columns();
        int gridColumns = models.generator().gridColumns();
        int[] fill = positionsOf(cells, TokenCells.UNKNOWN, columns, gridColumns);
        int[] known = positionsOf(cells, TokenCells.KNOWN, columns, gridColumns);
        List<int[]> result = new ArrayList<>();
        for (int[] grid : grids) {
            result.add(grid.clone());
        }
        List<float[]> probabilities = new ArrayList<>();
        List<float[]> entropies = new ArrayList<>();
        for (int v = 0; v < grids.size(); v++) {
            probabilities.add(nanCells(cells.length));
            entropies.add(nanCells(cells.length));
        }
        if (fill.length == 0) {
            return new Output(windowTokens(window, cells, result, probabilities, entropies),
                    decode ? decodeAll(result, window, windowIndex, pass) : List.of(), 0);
        }
        requireMemory(settings, grids.size(), known.length, fill.length, window);
        List<TokenFiller.Row> rows = new ArrayList<>();
        for (int v = 0; v < grids.size(); v++) {
            int[] grid = grids.get(v);
            int[] knownTokens = Arrays.stream(known).map(p -> grid[toWindow(p, columns, gridColumns)]).toArray();
            rows.add(new TokenFiller.Row(seeds[v], known, knownTokens, fill));
        }
        boolean showing = previewPolicy != PreviewPolicy.NONE;
        List<ArgbImage> previews = new ArrayList<>();
        for (int v = 0; v < grids.size() && showing; v++) {
            previews.add(pendingBackdrop(backdrops.get(v), cells, columns));
        }
        PreviewClock clock = new PreviewClock(previewPolicy);
        List<List<ArgbImage>> lastStepDecode = new ArrayList<>(1);
        TokenFiller.StepListener steps = (step, stepCount, positions, tokens) -> {
            cancellation.throwIfCancelled();
            int patch = models.tokenizer().patchSize();
            if (showing) {
                models.tokenizer().preparePreviews(Arrays.stream(tokens).flatMapToInt(Arrays::stream)
                        .toArray());
            }
            int[] firstRow = new int[positions[0].length];
            Rect changed = new Rect(0, 0, 0, 0);
            for (int v = 0; v < positions.length; v++) {
                for (int i = 0; i < positions[v].length; i++) {
                    int cell = toWindow(positions[v][i], columns, gridColumns);
                    result.get(v)[cell] = tokens[v][i];
                    if (showing) {
                        previews.get(v).paste(models.tokenizer().preview(tokens[v][i]),
                                (cell % columns) * patch, (cell / columns) * patch);
                    }
                    if (v == 0) {
                        firstRow[i] = cell;
                        changed = changed.union(window.cell(cell % columns, cell / columns));
                    }
                }
            }
            boolean last = step == stepCount - 1;
            List<Preview> shown = new ArrayList<>();
            if (clock.fullDecodeDue(step, last)) {
                long start = System.nanoTime();
                List<ArgbImage> decoded = decodePreview(currentGrids(result, grids, cells), window);
                clock.decoded(System.nanoTime() - start);
                if (last) {
                    lastStepDecode.add(decoded); // every token is final: this is the window's result
                }
                for (ArgbImage image : decoded) {
                    shown.add(new Preview(window.region(), image, true));
                }
            } else if (showing) {
                for (ArgbImage image : previews) {
                    shown.add(new Preview(window.region(), image.copy(), false));
                }
            }
            EditListener.Progress now = progress.advance(1,
                    progress.stage(EditListener.Phase.GENERATE, pass, List.of(windowIndex), step, stepCount));
            listener.onStep(new EditListener.Step(windowIndex, now.stage().windowCount(), step, stepCount, firstRow,
                    changed.intersect(window.region()), List.copyOf(shown), now));
        };
        TokenFiller.Filled filled = models.generator().fill(settings, rows, steps, cancellation);
        cancellation.throwIfCancelled();
        for (int v = 0; v < grids.size(); v++) {
            for (int p : fill) {
                int cell = toWindow(p, columns, gridColumns);
                result.get(v)[cell] = filled.tokens()[v][p];
                probabilities.get(v)[cell] = filled.probabilities()[v][p];
                entropies.get(v)[cell] = filled.entropies()[v][p];
            }
        }
        List<ArgbImage> decoded = List.of();
        if (decode) {
            decoded = lastStepDecode.isEmpty() ? decodeAll(result, window, windowIndex, pass) : lastStepDecode.get(0);
            if (!lastStepDecode.isEmpty()) {
                reportDecoded(windowIndex, pass);
            }
        }
        return new Output(windowTokens(window, cells, result, probabilities, entropies), decoded, fill.length);
    }

    private static List<WindowTokens> windowTokens(Window window, byte[] cells, List<int[]> codes,
                                                   List<float[]> probabilities, List<float[]> entropies) {
        List<WindowTokens> out = new ArrayList<>();
        for (int v = 0; v < codes.size(); v++) {
            out.add(new WindowTokens(window, cells, codes.get(v), probabilities.get(v), entropies.get(v)));
        }
        return out;
    }

    private static float[] nanCells(int count) {
        float[] values = new float[count];
        Arrays.fill(values, Float.NaN);
        return values;
    }

    /** Refuses the window, before it starts, when its estimated peak is above the device memory limit. */
    private void requireMemory(SamplingSettings settings, int variants, int known, int fill, Window window) {
        if (memoryLimit.isSet()) {
            MemoryEstimate need = MemoryEstimate.of(models, settings, variants, known, fill, window.columns(),
                    window.rows());
            if (!memoryLimit.allows(need.total())) {
                throw DeviceOutOfMemoryException.overLimit(variants, need.total(), need.describe(), memoryLimit);
            }
        }
    }

    /** Decodes the grids of window {@code windowIndex} and counts it as the window's decode. */
    List<ArgbImage> decodeAll(List<int[]> grids, Window window, int windowIndex, int pass) {
        List<ArgbImage> images = models.tokenizer().decode(grids, window.columns(), window.rows());
        reportDecoded(windowIndex, pass);
        return images;
    }

    private void reportDecoded(int windowIndex, int pass) {
        progress.advance(EditListener.Progress.CODEC_UNITS,
                progress.stage(EditListener.Phase.DECODE, pass, List.of(windowIndex), 0, 0));
    }

    /** Decodes the grids of a window without counting progress (previews between steps). */
    private List<ArgbImage> decodePreview(List<int[]> grids, Window window) {
        return models.tokenizer().decode(grids, window.columns(), window.rows());
    }

    /** Grids for a mid-generation decode: cells not generated yet keep the code they were encoded with. */
    private static List<int[]> currentGrids(List<int[]> result, List<int[]> encoded, byte[] cells) {
        List<int[]> out = new ArrayList<>();
        for (int v = 0; v < result.size(); v++) {
            int[] grid = result.get(v).clone();
            for (int i = 0; i < grid.length; i++) {
                if (grid[i] < 0) {
                    grid[i] = Math.max(0, encoded.get(v)[i]);
                }
            }
            out.add(grid);
        }
        return out;
    }

    private ArgbImage pendingBackdrop(ArgbImage backdrop, byte[] cells, int columns) {
        int patch = models.tokenizer().patchSize();
        ArgbImage image = backdrop.copy();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == TokenCells.UNKNOWN) {
                int x0 = (i % columns) * patch;
                int y0 = (i / columns) * patch;
                for (int y = y0; y < y0 + patch; y++) {
                    Arrays.fill(image.pixels(), y * image.width() + x0, y * image.width() + x0 + patch, PENDING_GREY);
                }
            }
        }
        return image;
    }

    /** Model-grid positions of the window cells in the given state. */
    private static int[] positionsOf(byte[] cells, byte state, int columns, int gridColumns) {
        return java.util.stream.IntStream.range(0, cells.length)
                .filter(i -> cells[i] == state)
                .map(i -> (i / columns) * gridColumns + i % columns)
                .toArray();
    }

    /** Window cell index of a model-grid position. */
    private static int toWindow(int position, int columns, int gridColumns) {
        return (position / gridColumns) * columns + position % gridColumns;
    }

    /** Decides when a step gets a full decode instead of the per-code preview. */
    private static final class PreviewClock {
        private final PreviewPolicy policy;
        private long lastDecodeEnd = System.nanoTime();
        private long lastDecodeCost;

        PreviewClock(PreviewPolicy policy) {
            this.policy = policy;
        }

        boolean fullDecodeDue(int step, boolean lastStep) {
            return switch (policy) {
                case NONE, CODES_ONLY -> false;
                case DECODE_EVERY_STEP -> true;
                // the first step shows codes at once; the second decodes to learn the cost; after
                // that, decodes take about a fifth of the time (one when 4x the last decode's cost
                // has passed since it ended), and the last step of a window is always decoded
                case ADAPTIVE -> lastStep || (lastDecodeCost == 0 ? step >= 1
                        : System.nanoTime() - lastDecodeEnd >= 4 * lastDecodeCost);
            };
        }

        void decoded(long nanos) {
            lastDecodeCost = nanos;
            lastDecodeEnd = System.nanoTime();
        }
    }
}
