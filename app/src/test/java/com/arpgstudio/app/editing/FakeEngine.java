package com.arpgstudio.app.editing;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.ModelIdentity;
import com.arpgstudio.inference.edit.Operation;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.TokenCells;
import com.arpgstudio.inference.edit.Window;
import com.arpgstudio.inference.edit.WindowTokens;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A test engine with the real one's contract and none of its model: it fills masked (or new)
 * pixels with a colour made from the seed and variant, one band of rows per step, sending a
 * preview each step and honouring cancellation. Fills keep tokens like the real engine's: one
 * window of 16-pixel cells over the result, the cells holding a filled pixel generated, each with a
 * probability made from its index and the seed; a re-roll repaints the painted pixels of its
 * selected cells with its own colour. Lets the UI and view-model tests run in seconds.
 */
public final class FakeEngine implements EditEngine {

    /** Time each step takes; a test may change it while an edit runs. */
    public volatile long stepDelayMillis;
    public final AtomicInteger runs = new AtomicInteger();
    public final AtomicInteger reloads = new AtomicInteger();
    public volatile SamplingSettings lastSettings;
    public volatile EditJob lastJob;
    /** What {@link #estimate} says an edit will take (NaN: nothing measured yet, as before a first edit). */
    public volatile double estimateSeconds = Double.NaN;
    /** The time left a running edit reports, as if it ran that slowly (NaN: from its real pace). */
    public volatile double runningSecondsLeft = Double.NaN;
    /** What the described model recommends: tests set it before the model is (re)loaded. */
    public volatile SamplingSettings recommended = SamplingSettings.DEFAULTS;

    public FakeEngine(long stepDelayMillis) {
        this.stepDelayMillis = stepDelayMillis;
    }

    @Override
    public Description describe() {
        return new Description("fake-model", "CPU (test)", List.of("cat", "dog", "bird"), 256, recommended);
    }

    @Override
    public List<ModelChoice> models() {
        return List.of(new ModelChoice("default", "Default", true), new ModelChoice("arpg-l", "ARPG-L", false));
    }

    @Override
    public void reload() {
        reloads.incrementAndGet();
    }

    /** Cell side of the fake tokens. */
    public static final int CELL = 16;

    public static int fillColour(long seed, int variant) {
        int mix = (int) (seed * 2654435761L) ^ (variant * 0x9e3779b9);
        return 0xff000000 | (mix & 0x00ffffff);
    }

    private static EditListener.Stage stage(int step, int steps, int variants) {
        return new EditListener.Stage(EditListener.Phase.GENERATE, 0, 1, List.of(0), 1,
                IntStream.range(0, variants).boxed().toList(), variants, Math.max(0, step - 1), steps);
    }

    /**
     * A record as the real engine writes one, of a run with no windows by a model named fake-model,
     * with the fill's tokens per variant (null for an expansion).
     */
    private static EditRecord record(EditJob job, SamplingSettings settings, List<FillTokens> tokens) {
        ArgbImage input = new ArgbImage(job.image().width(), job.image().height(), job.image().pixels());
        // (a re-roll is recorded as the inpaint of what it repaints: a real one names the fill it re-rolls)
        Operation operation = job instanceof EditJob.Inpaint || job instanceof EditJob.Reroll ? Operation.INPAINT
                : job instanceof EditJob.Outpaint ? Operation.OUTPAINT : Operation.EXPAND;
        EditRecord.PixelsInfo mask = null;
        if (job instanceof EditJob.Reroll reroll) {
            mask = EditRecord.PixelsInfo.of(reroll.paint());
        }
        if (job instanceof EditJob.Inpaint inpaint) {
            mask = EditRecord.PixelsInfo.of(inpaint.mask());
        }
        Margins margins = job instanceof EditJob.Outpaint o ? new Margins(o.left(), o.top(), o.right(), o.bottom()) : null;
        List<Long> seeds = IntStream.range(0, settings.variants()).mapToObj(settings::seedOf).toList();
        ModelIdentity model = new ModelIdentity("fake-model", "0".repeat(64));
        return new EditRecord(EditRecord.FORMAT, operation, settings, seeds, EditOptions.defaults(), margins,
                EditRecord.PixelsInfo.of(input), mask, List.of(), List.of(), model, model, null, null, null, null,
                null, tokens);
    }

    @Override
    public EditListener.Progress estimate(EditJob job, SamplingSettings settings) {
        return new EditListener.Progress(0, settings.steps(), stage(0, settings.steps(), settings.variants()), 0,
                estimateSeconds);
    }

    @Override
    public EditResult run(EditJob job, SamplingSettings settings, EditListener listener, Cancellation cancellation)
            throws InterruptedException {
        runs.incrementAndGet();
        lastSettings = settings;
        lastJob = job;
        ArgbImage input = job.image();
        int w = input.width();
        int h = input.height();
        int offsetX = 0;
        int offsetY = 0;
        ArgbImage base;
        boolean[] replace;
        if (job instanceof EditJob.Reroll reroll) {
            base = input.copy();
            replace = new boolean[w * h];
            Window window = reroll.tokens().windows().get(0).window();
            for (int cell : reroll.selection().of(0)) {
                var r = window.cell(cell % window.columns(), cell / window.columns());
                for (int y = Math.max(0, r.y()); y < Math.min(h, r.bottom()); y++) {
                    for (int x = Math.max(0, r.x()); x < Math.min(w, r.right()); x++) {
                        replace[y * w + x] = reroll.paint().get(x, y);
                    }
                }
            }
            offsetX = -reroll.originX();
            offsetY = -reroll.originY();
        } else if (job instanceof EditJob.Inpaint inpaint) {
            base = input.copy();
            replace = new boolean[w * h];
            for (int i = 0; i < replace.length; i++) {
                replace[i] = inpaint.mask().get(i % w, i / w);
            }
        } else if (job instanceof EditJob.Outpaint out) {
            offsetX = out.left();
            offsetY = out.top();
            base = ArgbImage.blank(w + out.left() + out.right(), h + out.top() + out.bottom());
            replace = new boolean[base.width() * base.height()];
            for (int y = 0; y < base.height(); y++) {
                for (int x = 0; x < base.width(); x++) {
                    int sx = x - offsetX;
                    int sy = y - offsetY;
                    boolean inside = sx >= 0 && sy >= 0 && sx < w && sy < h;
                    if (inside) {
                        base.set(x, y, input.get(sx, sy));
                    }
                    replace[y * base.width() + x] = !inside;
                }
            }
        } else {
            base = ArgbImage.blank(2 * w, 2 * h);
            for (int y = 0; y < 2 * h; y++) {
                for (int x = 0; x < 2 * w; x++) {
                    base.set(x, y, input.get(x / 2, y / 2));
                }
            }
            replace = new boolean[base.width() * base.height()];
        }
        int steps = settings.steps();
        List<ArgbImage> results = new ArrayList<>();
        for (int v = 0; v < settings.variants(); v++) {
            results.add(base.copy());
        }
        Rect placement = job instanceof EditJob.Expand ? new Rect(0, 0, w, h)
                : new Rect(-offsetX, -offsetY, base.width(), base.height());
        Preview preview = new Preview(placement, results.get(0), true);
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            cancellation.throwIfCancelled();
            Thread.sleep(stepDelayMillis);
            int rowFrom = (step - 1) * base.height() / steps;
            int rowTo = step * base.height() / steps;
            for (int v = 0; v < results.size(); v++) {
                ArgbImage r = results.get(v);
                int colour = fillColour(settings.seed(), v);
                for (int y = rowFrom; y < rowTo; y++) {
                    for (int x = 0; x < r.width(); x++) {
                        if (replace[y * r.width() + x]) {
                            r.set(x, y, colour);
                        }
                    }
                }
            }
            int bandFrom = placement.y() + rowFrom * placement.height() / base.height();
            int bandTo = placement.y() - Math.floorDiv(-rowTo * placement.height(), base.height());
            double elapsed = (System.nanoTime() - start) / 1e9;
            double left = Double.isNaN(runningSecondsLeft) ? elapsed / step * (steps - step) : runningSecondsLeft;
            EditListener.Progress progress = new EditListener.Progress(step, steps, stage(step, steps,
                    settings.variants()), elapsed, left);
            listener.onStep(new EditListener.Step(0, 1, step - 1, steps, new int[0],
                    new Rect(placement.x(), bandFrom, placement.width(), bandTo - bandFrom), List.of(preview), progress));
            listener.onProgress(progress);
        }
        cancellation.throwIfCancelled();
        if (job instanceof EditJob.Expand) {
            return new EditResult(results, record(job, settings, null));
        }
        List<FillTokens> tokens = new ArrayList<>();
        for (int v = 0; v < results.size(); v++) {
            tokens.add(job instanceof EditJob.Reroll reroll ? rerolled(reroll, settings.seed() + v)
                    : tokens(base.width(), base.height(), replace, settings.seed() + v));
        }
        return new EditResult(results, record(job, settings, tokens));
    }

    /** One window of 16-pixel cells over the result; cells holding a filled pixel are generated. */
    static FillTokens tokens(int width, int height, boolean[] replaced, long seed) {
        int columns = (width + CELL - 1) / CELL;
        int rows = (height + CELL - 1) / CELL;
        Window window = new Window(new Rect(0, 0, columns * CELL, rows * CELL),
                new Rect(0, 0, width, height), columns, rows, 1.0);
        byte[] cells = new byte[columns * rows];
        int[] codes = new int[cells.length];
        float[] probabilities = new float[cells.length];
        float[] entropies = new float[cells.length];
        Arrays.fill(probabilities, Float.NaN);
        Arrays.fill(entropies, Float.NaN);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (replaced[y * width + x]) {
                    int cell = (y / CELL) * columns + x / CELL;
                    cells[cell] = TokenCells.UNKNOWN;
                    probabilities[cell] = probability(cell, seed);
                    entropies[cell] = 1;
                }
            }
        }
        return new FillTokens(List.of(new WindowTokens(window, cells, codes, probabilities, entropies)), null);
    }

    /** The re-rolled tokens get new probabilities (and codes), the others stay. */
    static FillTokens rerolled(EditJob.Reroll job, long seed) {
        WindowTokens before = job.tokens().windows().get(0);
        int[] codes = before.codes();
        float[] probabilities = before.probabilities();
        for (int cell : job.selection().of(0)) {
            codes[cell] = (int) (seed & 0xffff);
            probabilities[cell] = probability(cell, seed);
        }
        return new FillTokens(List.of(new WindowTokens(before.window(), before.cells(), codes, probabilities,
                before.entropies())), job.tokens().locked());
    }

    /** In [0.05, 0.95), varying from cell to cell and seed to seed. */
    public static float probability(int cell, long seed) {
        return 0.05f + Math.floorMod(cell * 37 + seed * 11, 90) / 100f;
    }
}
