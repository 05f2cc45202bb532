package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.edit.EditListener.Phase;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs the model over the windows of one wave for every variant: encode their pixels, keep the
 * known tokens, generate the unknown ones with windows x variants as the rows of one batch (each
 * row with its own seed), stream a preview of every window after every step, decode. Operations
 * decide what the windows are and where their pixels go.
 *
 * <p>A batch holds at most {@link EditOptions#windowBatch()} windows, and fewer when the estimated
 * peak ({@link MemoryEstimate}) of more would not fit the device memory limit, or, on a GPU with no
 * limit set, the memory the device has free; a window whose variants alone do not fit a set limit
 * is refused before it starts. Windows with different numbers of known and unknown tokens share a
 * batch (the engine pads them and masks the padding); windows of different token grids do not.
 * Variants of a window always share its batch.
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
    private final int windowBatch;

    WindowRunner(EditModels models, EditListener listener, Cancellation cancellation, PreviewPolicy previewPolicy,
                 DeviceMemoryLimit memoryLimit, ProgressMeter progress, int windowBatch) {
        this.models = models;
        this.listener = listener;
        this.cancellation = cancellation;
        this.previewPolicy = previewPolicy;
        this.memoryLimit = memoryLimit;
        this.progress = progress;
        this.windowBatch = windowBatch;
    }

    /**
     * One window's generation: what it sees and what it fills, for every variant.
     *
     * @param windowIndex the window's plan index (progress, previews)
     * @param pass        the edit's pass (Expand runs two)
     * @param window      the window
     * @param grids       per variant, the window's tokens (known cells hold their code)
     * @param backdrops   per variant, the window's pixels at model size (for previews)
     * @param cells       KNOWN / UNKNOWN / EXCLUDED per cell
     * @param seeds       per variant
     * @param showsBackdrop whether previews show the backdrop under cells still to be generated (a
     *                    detail pass over a coarse fill) instead of grey, and generated cells as their
     *                    codes' texture over it ({@link ArgbImage#pasteTexture})
     */
    record Job(int windowIndex, int pass, Window window, List<int[]> grids, List<ArgbImage> backdrops, byte[] cells,
               long[] seeds, boolean showsBackdrop) {

        Job(int windowIndex, int pass, Window window, List<int[]> grids, List<ArgbImage> backdrops, byte[] cells,
            long[] seeds) {
            this(windowIndex, pass, window, grids, backdrops, cells, seeds, false);
        }
    }

    /**
     * What one window produced, per variant.
     *
     * @param tokens    the window's tokens after generation, with their cells and confidence
     * @param decoded   the decoded window at model size (empty unless asked for)
     * @param generated how many tokens were generated
     */
    record Output(List<WindowTokens> tokens, List<ArgbImage> decoded, int generated) {}

    /** Windows per batch when nothing else limits it. */
    int windowBatch() {
        return windowBatch;
    }

    /** The window's pixels at model size, cropped from the canvas and shrunk by the window's scale. */
    ArgbImage modelPixels(ArgbImage canvas, Window window) {
        int patch = models.tokenizer().patchSize();
        ArgbImage crop = canvas.crop(window.region());
        int width = window.modelWidth(patch);
        int height = window.modelHeight(patch);
        return crop.width() == width && crop.height() == height ? crop : Resampler.resize(crop, width, height);
    }

    /**
     * Encodes each window's pixels at model size (per window, per canvas: {@link #modelPixels}),
     * identical pixels once, in batches, and counts each window's encode.
     *
     * @param indices plan indices of the windows (progress)
     * @param pass    the edit's pass (progress)
     * @param windows the windows
     * @param pixels  per window, its pixels on each canvas (one per variant)
     */
    List<List<int[]>> encode(List<Integer> indices, int pass, List<Window> windows, List<List<ArgbImage>> pixels) {
        List<ArgbImage> distinct = new ArrayList<>();
        List<int[]> where = new ArrayList<>(); // per window, per canvas: index into distinct
        for (List<ArgbImage> perCanvas : pixels) {
            int[] slots = new int[perCanvas.size()];
            int first = distinct.size();
            for (int c = 0; c < perCanvas.size(); c++) {
                ArgbImage image = perCanvas.get(c);
                int same = distinct.subList(first, distinct.size()).indexOf(image);
                if (same >= 0) {
                    slots[c] = first + same;
                } else {
                    slots[c] = distinct.size();
                    distinct.add(image);
                }
            }
            where.add(slots);
        }
        List<int[]> codes = new ArrayList<>(distinct.size());
        int perBatch = imagesPerBatch(windows.get(0), pixels.get(0).size());
        for (int start = 0; start < distinct.size(); start += perBatch) {
            cancellation.throwIfCancelled();
            codes.addAll(models.tokenizer().encodeAll(distinct.subList(start, Math.min(distinct.size(), start + perBatch))));
        }
        List<List<int[]>> out = new ArrayList<>();
        for (int[] slots : where) {
            out.add(Arrays.stream(slots).mapToObj(codes::get).toList());
        }
        progress.advance((long) windows.size() * EditListener.Progress.CODEC_UNITS,
                progress.stage(Phase.ENCODE, pass, indices, 0, 0));
        return out;
    }

    /**
     * Generates the UNKNOWN cells of every job's grids (the windows of one wave: none depends on
     * another's result), in as few batches as the engine, the window batch and memory allow.
     *
     * @param jobs     the windows
     * @param settings sampling settings (with the class)
     * @param decode   whether to decode the results (Expand decodes later, from the whole token map)
     * @return per job, in order
     */
    List<Output> generate(List<Job> jobs, SamplingSettings settings, boolean decode) {
        return generate(jobs, settings, decode, true);
    }

    /**
     * As {@link #generate(List, SamplingSettings, boolean)}; with {@code decodedPreviews} false the previews are
     * per-code patches only, whatever the policy: for windows whose tokens the caller decodes as one map right
     * after (a detail pass), where full decodes of the windows, each seeing tokens around its tile, would cost
     * more than the map's own.
     */
    List<Output> generate(List<Job> jobs, SamplingSettings settings, boolean decode, boolean decodedPreviews) {
        cancellation.throwIfCancelled();
        Output[] outputs = new Output[jobs.size()];
        // (columns, rows) -> jobs: a batch, and a decode, holds windows of one token grid
        Map<List<Integer>, List<Integer>> batches = new LinkedHashMap<>();
        Map<List<Integer>, List<Integer>> nothingToFill = new LinkedHashMap<>();
        for (int j = 0; j < jobs.size(); j++) {
            Job job = jobs.get(j);
            boolean fills = TokenCells.count(job.cells(), TokenCells.UNKNOWN) > 0;
            (fills ? batches : nothingToFill).computeIfAbsent(List.of(job.window().columns(), job.window().rows()),
                    key -> new ArrayList<>()).add(j);
        }
        for (List<Integer> grid : nothingToFill.values()) {
            for (int start = 0; start < grid.size(); start += windowBatch) {
                List<Integer> chunk = grid.subList(start, Math.min(grid.size(), start + windowBatch));
                List<Job> part = select(jobs, chunk);
                List<List<ArgbImage>> decoded = decode ? decode(part.stream().map(Job::windowIndex).toList(),
                        part.get(0).pass(), part.get(0).window(), grids(part)) : null;
                for (int i = 0; i < part.size(); i++) {
                    Job job = part.get(i);
                    int size = job.cells().length;
                    outputs[chunk.get(i)] = new Output(windowTokens(job, copies(job.grids()),
                            unset(job.grids().size(), size), unset(job.grids().size(), size)),
                            decode ? decoded.get(i) : List.of(), 0);
                }
            }
        }
        for (List<Integer> grid : batches.values()) {
            // windows with as many known and unknown tokens side by side: a batch of equal rows runs
            // the engine's unpadded path, and a padded batch pads less
            List<Integer> members = grid.stream().sorted(java.util.Comparator
                    .comparingInt((Integer j) -> TokenCells.count(jobs.get(j).cells(), TokenCells.UNKNOWN))
                    .thenComparingInt(j -> TokenCells.count(jobs.get(j).cells(), TokenCells.KNOWN))).toList();
            // rows of different lengths are padded to the longest: the estimate takes the longest
            int known = members.stream().mapToInt(j -> TokenCells.count(jobs.get(j).cells(), TokenCells.KNOWN)).max()
                    .orElseThrow();
            int fill = members.stream().mapToInt(j -> TokenCells.count(jobs.get(j).cells(), TokenCells.UNKNOWN)).max()
                    .orElseThrow();
            Window window = jobs.get(members.get(0)).window();
            int variants = jobs.get(members.get(0)).grids().size();
            int perBatch = windowsPerBatch(variants, n -> MemoryEstimate.of(models, settings, n * variants, known,
                    fill, window.columns(), window.rows()));
            for (int start = 0; start < members.size(); start += perBatch) {
                List<Integer> chunk = members.subList(start, Math.min(members.size(), start + perBatch));
                List<Output> done = generateBatch(select(jobs, chunk), settings, decode, decodedPreviews);
                for (int i = 0; i < chunk.size(); i++) {
                    outputs[chunk.get(i)] = done.get(i);
                }
            }
        }
        return Arrays.asList(outputs);
    }

    /** Jobs of one token grid size, as the rows of one generation. */
    private List<Output> generateBatch(List<Job> jobs, SamplingSettings settings, boolean decode,
                                       boolean decodedPreviews) {
        cancellation.throwIfCancelled();
        int gridColumns = models.generator().gridColumns();
        int patch = models.tokenizer().patchSize();
        int variants = jobs.get(0).grids().size();
        List<Integer> indices = jobs.stream().map(Job::windowIndex).toList();
        int pass = jobs.get(0).pass();
        boolean showing = previewPolicy != PreviewPolicy.NONE;
        List<List<int[]>> results = new ArrayList<>();
        List<List<float[]>> probabilities = new ArrayList<>();
        List<List<float[]>> entropies = new ArrayList<>();
        List<List<ArgbImage>> previews = new ArrayList<>();
        List<int[]> fills = new ArrayList<>();
        List<TokenFiller.Row> rows = new ArrayList<>();
        for (Job job : jobs) {
            int columns = job.window().columns();
            int[] fill = positionsOf(job.cells(), TokenCells.UNKNOWN, columns, gridColumns);
            int[] known = positionsOf(job.cells(), TokenCells.KNOWN, columns, gridColumns);
            fills.add(fill);
            results.add(copies(job.grids()));
            probabilities.add(unset(variants, job.cells().length));
            entropies.add(unset(variants, job.cells().length));
            List<ArgbImage> shown = new ArrayList<>();
            for (int v = 0; v < variants; v++) {
                int[] grid = job.grids().get(v);
                int[] knownTokens = Arrays.stream(known).map(p -> grid[toWindow(p, columns, gridColumns)]).toArray();
                rows.add(new TokenFiller.Row(job.seeds()[v], known, knownTokens, fill));
                if (showing) {
                    shown.add(job.showsBackdrop() ? job.backdrops().get(v).copy()
                            : pendingBackdrop(job.backdrops().get(v), job.cells(), columns));
                }
            }
            previews.add(shown);
        }
        PreviewClock clock = new PreviewClock(decodedPreviews ? previewPolicy : PreviewPolicy.CODES_ONLY);
        List<List<List<ArgbImage>>> lastStepDecode = new ArrayList<>(1);
        StepListener steps = event -> {
            int step = event.step();
            int stepCount = event.stepCount();
            int[][] positions = event.positions();
            int[][] tokens = event.tokens();
            cancellation.throwIfCancelled();
            if (showing) {
                models.tokenizer().preparePreviews(Arrays.stream(tokens).flatMapToInt(Arrays::stream).toArray());
            }
            int[][] firstRows = new int[jobs.size()][];
            Rect[] changed = new Rect[jobs.size()];
            for (int r = 0; r < positions.length; r++) {
                int j = r / variants;
                int v = r % variants;
                Window window = jobs.get(j).window();
                int columns = window.columns();
                if (v == 0) {
                    firstRows[j] = new int[positions[r].length];
                    changed[j] = new Rect(0, 0, 0, 0);
                }
                for (int i = 0; i < positions[r].length; i++) {
                    int cell = toWindow(positions[r][i], columns, gridColumns);
                    results.get(j).get(v)[cell] = tokens[r][i];
                    if (showing) {
                        ArgbImage codePatch = models.tokenizer().preview(tokens[r][i]);
                        int x = (cell % columns) * patch;
                        int y = (cell / columns) * patch;
                        if (jobs.get(j).showsBackdrop()) {
                            // over a coarse fill the code's texture, not its colour: a code decoded
                            // alone is far from its colour in context, and the fill would turn to a mosaic
                            previews.get(j).get(v).pasteTexture(codePatch, x, y);
                        } else {
                            previews.get(j).get(v).paste(codePatch, x, y);
                        }
                    }
                    if (v == 0) {
                        firstRows[j][i] = cell;
                        changed[j] = changed[j].union(window.cell(cell % columns, cell / columns));
                    }
                }
            }
            boolean last = step == stepCount - 1;
            List<List<ArgbImage>> decoded = null;
            if (clock.fullDecodeDue(step, last)) {
                long start = System.nanoTime();
                List<List<int[]>> current = new ArrayList<>();
                for (int j = 0; j < jobs.size(); j++) {
                    current.add(currentGrids(results.get(j), jobs.get(j).grids()));
                }
                decoded = decodeGrids(jobs.get(0).window(), current);
                for (int j = 0; j < jobs.size() && !last; j++) { // the last decode is the result: untouched
                    for (int v = 0; v < variants; v++) {
                        showPending(decoded.get(j).get(v), previews.get(j).get(v), results.get(j).get(v),
                                jobs.get(j).grids().get(v), jobs.get(j).window().columns(), patch);
                    }
                }
                clock.decoded(System.nanoTime() - start);
                if (last) {
                    lastStepDecode.add(decoded); // every token is final: these are the windows' results
                }
            }
            EditListener.Progress now = progress.advance(jobs.size(),
                    progress.stage(Phase.GENERATE, pass, indices, step, stepCount));
            for (int j = 0; j < jobs.size(); j++) {
                Window window = jobs.get(j).window();
                List<Preview> shown = new ArrayList<>();
                for (int v = 0; v < variants && (showing || decoded != null); v++) {
                    shown.add(decoded != null ? new Preview(window.region(), decoded.get(j).get(v), true)
                            : new Preview(window.region(), previews.get(j).get(v).copy(), false));
                }
                listener.onStep(new EditListener.Step(jobs.get(j).windowIndex(), now.stage().windowCount(), step,
                        stepCount, firstRows[j], changed[j].intersect(window.region()), List.copyOf(shown), now));
            }
        };
        TokenFiller.Filled filled = models.generator().fill(settings, rows, steps, cancellation);
        cancellation.throwIfCancelled();
        for (int r = 0; r < rows.size(); r++) {
            int j = r / variants;
            int v = r % variants;
            int columns = jobs.get(j).window().columns();
            for (int p : fills.get(j)) {
                int cell = toWindow(p, columns, gridColumns);
                results.get(j).get(v)[cell] = filled.tokens()[r][p];
                probabilities.get(j).get(v)[cell] = filled.probabilities()[r][p];
                entropies.get(j).get(v)[cell] = filled.entropies()[r][p];
            }
        }
        List<List<ArgbImage>> decoded = null;
        if (decode) {
            decoded = lastStepDecode.isEmpty() ? decodeGrids(jobs.get(0).window(), results) : lastStepDecode.get(0);
            progress.advance((long) jobs.size() * EditListener.Progress.CODEC_UNITS,
                    progress.stage(Phase.DECODE, pass, indices, 0, 0));
        }
        List<Output> out = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            out.add(new Output(windowTokens(jobs.get(j), results.get(j), probabilities.get(j), entropies.get(j)),
                    decode ? decoded.get(j) : List.of(), fills.get(j).length));
        }
        return out;
    }

    /**
     * Decodes the token grids of windows of one size (per window, per variant), in batches that fit
     * the memory budget, and counts each window's decode.
     *
     * @param indices plan indices of the windows (progress)
     * @param pass    the edit's pass (progress)
     * @param shape   a window of the grids' size
     */
    List<List<ArgbImage>> decode(List<Integer> indices, int pass, Window shape, List<List<int[]>> grids) {
        return decodeTiles(shape, grids, (long) indices.size() * EditListener.Progress.CODEC_UNITS, indices, pass, -1);
    }

    /**
     * Decodes token grids of {@code shape}'s size (per image, per variant) in batches that fit the
     * memory budget, counting {@code units} of progress.
     *
     * @param indices plan indices of the windows these grids serve (progress; empty for parts of the whole image)
     * @param variant the one variant the grids belong to, or -1 for every variant (progress)
     */
    List<List<ArgbImage>> decodeTiles(Window shape, List<List<int[]>> grids, long units, List<Integer> indices,
                                      int pass, int variant) {
        List<List<ArgbImage>> images = decodeGrids(shape, grids);
        progress.advance(units, variant < 0 ? progress.stage(Phase.DECODE, pass, indices, 0, 0)
                : progress.variantStage(Phase.DECODE, pass, indices, variant));
        return images;
    }

    /**
     * Encodes regions of one canvas, all of one size (the windows' regions at scale 1), in batches
     * that fit the memory budget, counting {@code units} of progress in the edit's {@code pass} for
     * the plan's windows {@code indices} (empty for parts of the whole image).
     */
    List<int[]> encodeTiles(List<Window> regions, ArgbImage canvas, long units, int pass, List<Integer> indices) {
        List<ArgbImage> pixels = regions.stream().map(w -> modelPixels(canvas, w)).toList();
        int perBatch = imagesPerBatch(regions.get(0), 1);
        List<int[]> codes = new ArrayList<>(pixels.size());
        for (int start = 0; start < pixels.size(); start += perBatch) {
            cancellation.throwIfCancelled();
            codes.addAll(models.tokenizer().encodeAll(pixels.subList(start, Math.min(pixels.size(), start + perBatch))));
        }
        progress.advance(units, progress.stage(Phase.ENCODE, pass, indices, 0, 0));
        return codes;
    }

    /** Per window, per variant, the decoded grids, all of {@code shape}'s size. */
    private List<List<ArgbImage>> decodeGrids(Window shape, List<List<int[]>> grids) {
        List<int[]> flat = new ArrayList<>();
        grids.forEach(flat::addAll);
        int perBatch = imagesPerBatch(shape, grids.get(0).size());
        List<ArgbImage> images = new ArrayList<>(flat.size());
        for (int start = 0; start < flat.size(); start += perBatch) {
            cancellation.throwIfCancelled();
            images.addAll(models.tokenizer().decode(flat.subList(start, Math.min(flat.size(), start + perBatch)),
                    shape.columns(), shape.rows()));
        }
        List<List<ArgbImage>> out = new ArrayList<>();
        int at = 0;
        for (List<int[]> perVariant : grids) {
            out.add(List.copyOf(images.subList(at, at + perVariant.size())));
            at += perVariant.size();
        }
        return out;
    }

    /**
     * How many windows, each with {@code variants} rows, one generation batch holds: the window
     * batch, halved until the estimated peak fits the memory budget. A single window that does not
     * fit a set limit is refused.
     */
    private int windowsPerBatch(int variants, IntFunction<MemoryEstimate> need) {
        long budget = memoryBudget();
        int n = windowBatch;
        while (n > 1 && need.apply(n).total() > budget) {
            n = n / 2;
        }
        if (memoryLimit.isSet() && !memoryLimit.allows(need.apply(1).total())) {
            MemoryEstimate one = need.apply(1);
            throw DeviceOutOfMemoryException.overLimit(variants, one.total(), one.describe(), memoryLimit);
        }
        return n;
    }

    /**
     * Images of this window's size one encode or decode call holds: a window batch's worth (windows
     * x variants), halved until the decode's estimate fits the memory budget (an encode needs less).
     */
    private int imagesPerBatch(Window window, int variants) {
        long budget = memoryBudget();
        long weights = models.generator().weightBytes() + models.tokenizer().weightBytes();
        int n = windowBatch * variants;
        while (n > 1 && weights + models.tokenizer().decodeBytes(n, window.columns(), window.rows()) > budget) {
            n = n / 2;
        }
        return n;
    }

    /** The set limit, else what the device has free beside the loaded weights (on the CPU half its memory). */
    private long memoryBudget() {
        if (memoryLimit.isSet()) {
            return memoryLimit.bytes();
        }
        long free = models.generator().freeDeviceBytes();
        return free == Long.MAX_VALUE ? free : free + models.generator().weightBytes() + models.tokenizer().weightBytes();
    }

    /**
     * A mid-generation decode shows a cell that is neither generated yet nor encoded (a new canvas,
     * Expand's second pass) as the per-code preview does, pending, instead of the code 0 it was
     * decoded with (over a whole wave of windows a tinted texture).
     */
    private static void showPending(ArgbImage decoded, ArgbImage codes, int[] result, int[] encoded, int columns,
                                    int patch) {
        for (int i = 0; i < result.length; i++) {
            if (result[i] < 0 && encoded[i] < 0) {
                int x0 = (i % columns) * patch;
                int y0 = (i / columns) * patch;
                for (int y = y0; y < y0 + patch; y++) {
                    System.arraycopy(codes.pixels(), y * codes.width() + x0, decoded.pixels(), y * decoded.width() + x0,
                            patch);
                }
            }
        }
    }

    /** Grids for a mid-generation decode: cells not generated yet keep the code they were encoded with. */
    private static List<int[]> currentGrids(List<int[]> result, List<int[]> encoded) {
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

    private static List<WindowTokens> windowTokens(Job job, List<int[]> codes, List<float[]> probabilities,
                                                   List<float[]> entropies) {
        List<WindowTokens> out = new ArrayList<>();
        for (int v = 0; v < codes.size(); v++) {
            out.add(new WindowTokens(job.window(), job.cells(), codes.get(v), probabilities.get(v), entropies.get(v)));
        }
        return out;
    }

    /** Per variant, a value per cell that says none was generated yet. */
    private static List<float[]> unset(int variants, int cells) {
        List<float[]> out = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            float[] values = new float[cells];
            Arrays.fill(values, Float.NaN);
            out.add(values);
        }
        return out;
    }

    private static List<Job> select(List<Job> jobs, List<Integer> which) {
        return which.stream().map(jobs::get).toList();
    }

    private static List<List<int[]>> grids(List<Job> jobs) {
        return jobs.stream().map(Job::grids).toList();
    }

    private static List<int[]> copies(List<int[]> grids) {
        List<int[]> out = new ArrayList<>();
        for (int[] grid : grids) {
            out.add(grid.clone());
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
