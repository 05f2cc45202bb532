package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Mask;
import com.arpgstudio.app.document.Raster;
import com.arpgstudio.app.document.Rect;
import com.arpgstudio.app.models.ClassLabels;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.Devices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The editor's engine over the inference module's {@link Editor}: loads the chosen model on first
 * use (on the engine thread), converts pixels both ways, maps per-step events to previews in
 * document coordinates and the cancel switch to the engine's {@link Cancellation}. An edit that
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
        this.resolver = resolver;
        this.device = device;
        this.models = models;
        this.memoryLimit = memoryLimit;
    }

    @Override
    public synchronized Description describe() throws Exception {
        if (description == null) {
            model = resolver.resolve();
            Devices.Selection selection = device.choose();
            loaded = LoadedModels.load(model.files(), selection.device());
            int classes = loaded.models().generator().numClasses();
            int window = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize();
            description = new Description(model.displayName(), selection.displayName(), classNames(classes), window);
        }
        return description;
    }

    private List<String> classNames(int count) throws IOException {
        if (model.classNames() != null && Files.isRegularFile(model.classNames())) {
            try (InputStream in = Files.newInputStream(model.classNames())) {
                List<String> names = ClassLabels.read(in);
                if (names.size() == count) {
                    return names;
                }
            }
        }
        if (count == 1000) {
            return ClassLabels.imagenet();
        }
        List<String> numbered = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbered.add("class " + i);
        }
        return numbered;
    }

    @Override
    public synchronized Outcome run(EditJob job, SamplingSettings settings, StepListener listener,
                                    BooleanSupplier cancelled) throws Exception {
        describe();
        ArgbImage image = toArgb(job.image());
        EditRequest request;
        double scale = 1;
        int shiftX = 0;
        int shiftY = 0;
        if (job instanceof EditJob.Inpaint inpaint) {
            request = EditRequest.inpaint(image, toPixelMask(inpaint.mask()), settings);
        } else if (job instanceof EditJob.Outpaint out) {
            request = EditRequest.outpaint(image, new Margins(out.left(), out.top(), out.right(), out.bottom()),
                    settings);
            shiftX = -out.left();
            shiftY = -out.top();
        } else if (job instanceof EditJob.Reroll reroll) {
            request = EditRequest.reroll(image, reroll.tokens(), reroll.selection(), reroll.paint(), settings);
            shiftX = reroll.originX();
            shiftY = reroll.originY();
        } else {
            request = EditRequest.expand(image, settings);
            scale = 0.5;
        }
        Cancellation cancellation = Cancellation.when(cancelled);
        double previewScale = scale;
        int dx = shiftX;
        int dy = shiftY;
        EditListener events = new EditListener() {
            @Override
            public void onStep(Step step) {
                int total = step.windowCount() * step.stepCount();
                int done = step.window() * step.stepCount() + step.step() + 1;
                Preview preview = null;
                if (!step.previews().isEmpty()) {
                    com.arpgstudio.inference.edit.Preview first = step.previews().get(0);
                    var r = first.region();
                    Rect placement = new Rect((int) Math.floor((r.x() + dx) * previewScale),
                            (int) Math.floor((r.y() + dy) * previewScale),
                            Math.max(1, (int) Math.round(r.width() * previewScale)),
                            Math.max(1, (int) Math.round(r.height() * previewScale)));
                    preview = new Preview(toRaster(first.image()), placement);
                }
                listener.onStep(done, total, preview);
            }
        };
        Editor editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE, memoryLimit.get());
        EditResult result = editor.run(request, events, cancellation);
        List<Raster> variants = new ArrayList<>();
        List<String> records = new ArrayList<>();
        String record = result.record().toJson();
        for (ArgbImage variant : result.images()) {
            variants.add(toRaster(variant));
            records.add(record);
        }
        return new Outcome(variants, records, result.tokens());
    }

    /** The engine's mask of the painted (non-zero) pixels of an editor mask. */
    public static PixelMask toPixelMask(Mask mask) {
        PixelMask pixels = new PixelMask(mask.width(), mask.height());
        byte[] values = mask.values();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (values[y * mask.width() + x] != 0) {
                    pixels.set(x, y, true);
                }
            }
        }
        return pixels;
    }

    private static ArgbImage toArgb(Raster raster) {
        return new ArgbImage(raster.width(), raster.height(), raster.pixels().clone());
    }

    private static Raster toRaster(ArgbImage image) {
        return new Raster(image.width(), image.height(), image.pixels().clone());
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
