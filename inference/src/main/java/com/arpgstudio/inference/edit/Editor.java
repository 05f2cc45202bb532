package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs edits on one pair of models: the entry point of the {@code edit} package. Not thread-safe:
 * one engine thread owns an Editor (and its models) and runs one edit at a time.
 */
public final class Editor {

    private final EditModels models;
    private final PreviewPolicy previewPolicy;
    private final DeviceMemoryLimit memoryLimit;
    private final int windowBatch;

    /** An editor with no device memory limit. */
    public Editor(EditModels models, PreviewPolicy previewPolicy) {
        this(models, previewPolicy, DeviceMemoryLimit.none());
    }

    /** An editor that refuses, before generating, windows whose estimated peak is above {@code memoryLimit}. */
    public Editor(EditModels models, PreviewPolicy previewPolicy, DeviceMemoryLimit memoryLimit) {
        this(models, previewPolicy, memoryLimit, Settings.DEFAULT_WINDOW_BATCH);
    }

    /**
     * @param windowBatch windows of one wave generated as rows of one batch, at most (fewer when
     *                    memory asks for it); 1 runs one window at a time ({@link Settings#windowBatch()})
     * @throws EditException ({@link EditException.Reason#INVALID_SETTINGS}) for a window batch the
     *                       setting could not hold ({@link Settings#isWindowBatch})
     */
    public Editor(EditModels models, PreviewPolicy previewPolicy, DeviceMemoryLimit memoryLimit, int windowBatch) {
        if (!Settings.isWindowBatch(windowBatch)) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS, "window batch: expected "
                    + Settings.WINDOW_BATCH_RANGE + ", found " + windowBatch);
        }
        this.models = models;
        this.previewPolicy = previewPolicy;
        this.memoryLimit = memoryLimit;
        this.windowBatch = windowBatch;
    }

    public EditModels models() {
        return models;
    }

    /**
     * Plans an edit without running it: its plan and its first progress ({@code done == 0}, the
     * whole work in {@link EditListener.Progress#total()} and the expected duration in
     * {@link EditListener.Progress#secondsLeft()} from the speed these models were last measured at;
     * before any edit ran, one generation step is timed for it, see {@link EditPace#measureIfUnknown}).
     * Lets an editor warn before a long edit, its first included.
     *
     * @throws EditException when the request could not run (the same refusals as {@link #run})
     */
    public Estimate estimate(EditRequest request) {
        EditListener.Progress[] first = new EditListener.Progress[1];
        WindowPlan[] plan = new WindowPlan[1];
        Cancellation stop = new Cancellation();
        EditListener capture = new EditListener() {
            @Override
            public void onPlan(WindowPlan p) {
                plan[0] = p;
            }

            @Override
            public void onProgress(EditListener.Progress progress) {
                first[0] = progress;
                stop.cancel();
                throw new CancelledException(); // planned and counted: nothing of the edit runs
            }
        };
        try {
            run(request, capture, stop);
        } catch (CancelledException e) {
            if (first[0] != null) {
                return new Estimate(plan[0], withMeasuredPace(first[0], request.settings()));
            }
        }
        throw new IllegalStateException("the edit ran without reporting its progress first");
    }

    /** The planned progress, its time measured first when no edit ran on these models yet. */
    private EditListener.Progress withMeasuredPace(EditListener.Progress planned, SamplingSettings settings) {
        if (planned.hasEstimate()) {
            return planned;
        }
        EditPace pace = models.pace();
        Devices.mapOutOfMemory(settings.variants(), () -> {
            pace.measureIfUnknown(models.generator(), settings);
            return null;
        });
        return new EditListener.Progress(planned.done(), planned.total(), planned.stage(), planned.elapsedSeconds(),
                pace.estimateSeconds(planned.total() - planned.done()));
    }

    /**
     * What {@link #estimate} found.
     *
     * @param plan     the windows the edit would run
     * @param progress the edit's work ({@code total}) and expected duration ({@code secondsLeft}, NaN when unknown)
     */
    public record Estimate(WindowPlan plan, EditListener.Progress progress) {}

    /**
     * Runs an edit. The request's image is never modified; on cancellation this throws
     * {@link CancelledException} and there is no result.
     *
     * @throws EditException when the request cannot be done as asked (the reason says why)
     * @throws DeviceOutOfMemoryException when a window's estimated peak is above the memory limit
     *         (before it starts), or libtorch runs out of device memory midway; the run's native
     *         memory is freed and the editor stays usable
     */
    public EditResult run(EditRequest request, EditListener listener, Cancellation cancellation) {
        SamplingSettings settings = request.settings();
        EditOptions options = request.options().validate();
        Integer classId = settings.classId();
        int classes = models.generator().numClasses();
        if (classId != null && (classId < 0 || classId >= classes)) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS,
                    "class: expected 0.." + (classes - 1) + " or none, found " + classId);
        }
        if (request.image() != null) {
            new WindowPlanner(options.plannerConfig(models.generator().gridColumns(), models.generator().gridRows(),
                    models.tokenizer().patchSize())).checkCanvas(request.image().width(), request.image().height(),
                    "the image");
        }
        ProgressMeter progress = new ProgressMeter(listener, models.pace(), settings.variants());
        WindowRunner runner = new WindowRunner(models, listener, cancellation, previewPolicy, memoryLimit, progress,
                windowBatch);
        EditContext context = new EditContext(models, settings, options, listener, cancellation, runner, progress);
        Outcome outcome = Devices.mapOutOfMemory(settings.variants(), () -> switch (request.operation()) {
            case INPAINT -> Inpaint.run(context, request);
            case OUTPAINT -> Outpaint.run(context, request);
            case EXPAND -> Expand.run(context, request);
            case GENERATE -> Generate.run(context, request);
            case REROLL -> Reroll.run(context, request);
        });
        cancellation.throwIfCancelled();
        progress.finish();
        List<String> outputs = new ArrayList<>();
        for (ArgbImage image : outcome.images()) {
            outputs.add(PixelDigest.of(image));
        }
        EditRecord record = new EditRecord(EditRecord.FORMAT, request.operation(), settings,
                context.variantSeeds(), options, request.margins(),
                request.image() == null ? null : EditRecord.PixelsInfo.of(request.image()),
                request.mask() == null ? null : EditRecord.PixelsInfo.of(request.mask()),
                outcome.plan().windows(), outcome.plan().notes(), models.generatorWeights(), models.tokenizerWeights(),
                outputs,
                outcome.measurements().isEmpty() ? null : Map.copyOf(outcome.measurements()), null, null,
                request.reroll(), outcome.tokens().isEmpty() ? null : outcome.tokens());
        return new EditResult(outcome.images(), record);
    }

    /**
     * Repeats a recorded edit on its inputs (for a re-roll: the re-rolled image and the brush):
     * same operation, windows, class, settings, seeds, options and re-rolled tokens. Refuses
     * ({@code RECORD_MISMATCH}) inputs or models other than the recorded ones; the result's {@link EditRecord#outputs()} then equal the record's on the same device.
     */
    public EditResult replay(EditRecord record, ArgbImage image, PixelMask mask, EditListener listener,
                             Cancellation cancellation) {
        requireSame("input image", record.input(), image == null ? null : EditRecord.PixelsInfo.of(image));
        requireSame("mask", record.mask(), mask == null ? null : EditRecord.PixelsInfo.of(mask));
        requireSame("generator weights", record.generator(), models.generatorWeights());
        requireSame("tokenizer weights", record.tokenizer(), models.tokenizerWeights());
        EditRequest request = new EditRequest(record.operation(), image, mask, record.margins(), record.settings(),
                record.options(), record.plan(), record.reroll());
        return run(request, listener, cancellation);
    }

    private static void requireSame(String what, Object recorded, Object actual) {
        if (recorded == null ? actual != null : !recorded.equals(actual)) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH,
                    what + ": expected " + recorded + " as recorded, found " + actual);
        }
    }
}
