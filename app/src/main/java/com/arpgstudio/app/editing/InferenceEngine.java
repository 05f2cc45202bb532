package com.arpgstudio.app.editing;

import com.arpgstudio.app.models.ClassLabels;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.Window;
import com.arpgstudio.inference.edit.WindowPlan;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The editor's engine over the inference module's {@link Editor}: loads the chosen model on first
 * use (on the engine thread), gives it a copy of the document's pixels, paints per-step previews into a
 * {@link LiveLayer} in document coordinates and passes the engine's events on with it, the cancel
 * switch going down to the engine as it is. An edit that
 * does not fit the device's memory fails with the engine's {@code DeviceOutOfMemoryException}
 * (the model stays loaded and the next edit runs normally).
 */
public final class InferenceEngine implements EditEngine, AutoCloseable {

    /** The weights to load, a name to show and the model's class names file (or null). */
    public record ResolvedModel(String displayName, ModelFiles files, Path classNames) {}

    /** Finds the model; runs on the engine thread since it may unpack or scan files. */
    public interface ModelResolver {
        ResolvedModel resolve() throws IOException;
    }

    /** Chooses the device; runs on the engine thread since it starts libtorch. */
    public interface DeviceChooser {
        Devices.Selection choose() throws Exception;
    }

    /** Lists the models a user can choose from. */
    public interface ModelLister {
        List<ModelChoice> list() throws Exception;
    }

    private final ModelResolver resolver;
    private final DeviceChooser device;
    private final ModelLister models;
    private final Supplier<DeviceMemoryLimit> memoryLimit;
    private final IntSupplier windowBatch;
    private final Supplier<DetailPass> detailPass;
    private ResolvedModel model;
    private LoadedModels loaded;
    private Description description;

    /** An engine whose edits have no device memory limit. */
    public InferenceEngine(ModelResolver resolver, DeviceChooser device, ModelLister models) {
        this(resolver, device, models, DeviceMemoryLimit::none);
    }

    /** {@code memoryLimit} is read at every run, so a changed setting applies to the next one. */
    public InferenceEngine(ModelResolver resolver, DeviceChooser device, ModelLister models,
                           Supplier<DeviceMemoryLimit> memoryLimit) {
        this(resolver, device, models, memoryLimit, () -> Settings.DEFAULT_WINDOW_BATCH);
    }

    /** {@code memoryLimit} and {@code windowBatch} are read at every run, so changed settings apply to the next one. */
    public InferenceEngine(ModelResolver resolver, DeviceChooser device, ModelLister models,
                           Supplier<DeviceMemoryLimit> memoryLimit, IntSupplier windowBatch) {
        this(resolver, device, models, memoryLimit, windowBatch, () -> DetailPass.DEFAULT);
    }

    /** With the detail pass of fills, read at every run like the memory limit and the window batch. */
    public InferenceEngine(ModelResolver resolver, DeviceChooser device, ModelLister models,
                           Supplier<DeviceMemoryLimit> memoryLimit, IntSupplier windowBatch,
                           Supplier<DetailPass> detailPass) {
        this.detailPass = detailPass;
        this.resolver = resolver;
        this.device = device;
        this.models = models;
        this.memoryLimit = memoryLimit;
        this.windowBatch = windowBatch;
    }

    @Override
    public synchronized Description describe() throws Exception {
        if (description == null) {
            model = resolver.resolve();
            Devices.Selection selection = device.choose();
            loaded = LoadedModels.load(model.files(), selection.device());
            int classes = loaded.models().generator().numClasses();
            int window = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize();
            description = new Description(model.displayName(), selection.displayName(), ClassLabels.forModel(model.classNames(), classes), window,
                    model.files().recommendedSettings());
        }
        return description;
    }

    /** An edit as the engine takes it, and where its canvas lies in the document. */
    private record Prepared(EditRequest request, int scale, int originX, int originY, LiveLayer.Changes changes,
                            int canvasWidth, int canvasHeight) {}

    private Prepared prepare(EditJob job, SamplingSettings settings) {
        ArgbImage image = job.image().copy(); // the engine never sees the document's own pixels
        int w = image.width();
        int h = image.height();
        if (job instanceof EditJob.Inpaint inpaint) {
            PixelMask mask = inpaint.mask();
            return new Prepared(EditRequest.inpaint(image, mask, settings)
                    .withOptions(EditOptions.defaults().withFeatherPixels(inpaint.featherPixels())
                            .withDetailPass(detailPass.get())), 1, 0, 0, mask::get,
                    w, h);
        }
        if (job instanceof EditJob.Reroll reroll) {
            PixelMask paint = reroll.paint();
            return new Prepared(EditRequest.reroll(image, reroll.tokens(), reroll.selection(), paint, settings), 1,
                    reroll.originX(), reroll.originY(), paint::get, w, h);
        }
        if (job instanceof EditJob.Outpaint out) {
            Rect kept = new Rect(out.left(), out.top(), w, h);
            return new Prepared(EditRequest.outpaint(image, new Margins(out.left(), out.top(), out.right(),
                    out.bottom()), settings).withOptions(EditOptions.defaults().withFeatherPixels(out.featherPixels())),
                    1, -out.left(), -out.top(),
                    (x, y) -> x < kept.x() || y < kept.y() || x >= kept.right() || y >= kept.bottom(),
                    w + out.left() + out.right(), h + out.top() + out.bottom());
        }
        return new Prepared(EditRequest.expand(image, settings), 2, 0, 0, (x, y) -> true, 2 * w, 2 * h);
    }

    @Override
    public synchronized EditListener.Progress estimate(EditJob job, SamplingSettings settings) throws Exception {
        describe();
        return editor().estimate(prepare(job, settings).request()).progress();
    }

    private Editor editor() {
        return new Editor(loaded.models(), PreviewPolicy.ADAPTIVE, memoryLimit.get(), windowBatch.getAsInt());
    }

    @Override
    public synchronized EditResult run(EditJob job, SamplingSettings settings, EditListener listener,
                                    Cancellation cancellation) throws Exception {
        describe();
        Prepared prepared = prepare(job, settings);
        EditListener events = new EditListener() {
            private LiveLayer layer;

            @Override
            public void onPlan(WindowPlan plan) {
                Rect covered = Rect.EMPTY;
                for (Window window : plan.windows()) {
                    covered = covered.union(window.region());
                }
                layer = new LiveLayer(covered.clip(prepared.canvasWidth(), prepared.canvasHeight()), prepared.scale(),
                        prepared.originX(), prepared.originY(), prepared.changes());
                listener.onPlan(plan);
            }

            @Override
            public void onProgress(Progress progress) {
                listener.onProgress(progress);
            }

            @Override
            public void onStep(Step step) {
                if (layer == null || step.previews().isEmpty()) {
                    return;
                }
                Preview first = step.previews().get(0);
                Rect region = first.region();
                Rect changed = layer.paint(region, first.image().pixels(), first.image().width(),
                        first.image().height(), first.decoded() ? region : step.changedPixels());
                if (!changed.isEmpty()) { // the step as the editor shows it: its picture so far, in document pixels
                    listener.onStep(new Step(step.window(), step.windowCount(), step.step(), step.stepCount(),
                            step.positions(), changed, List.of(layer.preview()), step.progress()));
                }
            }
        };
        return editor().run(prepared.request(), events, cancellation);
    }

    @Override
    public synchronized void reload() {
        close();
        loaded = null;
        description = null;
    }

    @Override
    public List<ModelChoice> models() throws Exception {
        return models.list();
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
        }
    }
}
