package com.arpgstudio.app.editing;

import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the engine the editor runs: the single place that connects the app to the inference
 * module. The model is the one chosen in the settings (the embedded default unless changed), or
 * the folder or checkpoint named by {@code -Darpg.model=PATH} (for example a fixture folder); the
 * device is the settings' choice (automatic: the GPU when libtorch can use one), within the
 * device memory limit of {@code -Darpg.deviceMemoryLimitMiB} or the settings (none by default), with
 * the settings' window batch.
 */
public final class Engines {

    /** System property naming a model folder or ARPG checkpoint to use instead of the settings' model. */
    public static final String MODEL_PROPERTY = "arpg.model";

    private Engines() {}

    /** The application's engine over a registry of its own. */
    public static EditEngine forApplication(SettingsStore settings) {
        return forApplication(settings, ModelRegistry.standard());
    }

    /**
     * The application's engine over {@code registry}, which it scans with the user's own pairs
     * from the settings before listing or loading: the same models the command line knows.
     */
    public static EditEngine forApplication(SettingsStore settings, ModelRegistry registry) {
        String override = System.getProperty(MODEL_PROPERTY);
        InferenceEngine.ModelResolver resolver = override != null && !override.isBlank()
                ? () -> fromPath(Path.of(override), settings.get())
                : () -> fromRegistry(registry, settings.get());
        return new InferenceEngine(resolver, () -> Devices.select(settings.get().device()),
                () -> registryModels(registry, settings.get()), () -> DeviceMemoryLimit.of(settings.get()),
                () -> settings.get().windowBatch(), () -> settings.get().detailPass());
    }

    static java.util.List<EditEngine.ModelChoice> registryModels(ModelRegistry registry, Settings settings) {
        return registry.setUserModels(settings.userModels()).stream()
                .map(e -> new EditEngine.ModelChoice(e.id(), e.name(), e.present()))
                .toList();
    }

    static InferenceEngine.ResolvedModel fromPath(Path model, Settings settings) throws IOException {
        ModelFiles files = ModelFiles.resolve(model, null, settings);
        Path folder = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        Path name = folder.getFileName();
        return new InferenceEngine.ResolvedModel(name == null ? model.toString() : name.toString(), files,
                folder.resolve("classes.txt"));
    }

    static InferenceEngine.ResolvedModel fromRegistry(ModelRegistry registry, Settings settings) throws IOException {
        registry.setUserModels(settings.userModels());
        ModelEntry entry = registry.require(settings.modelId());
        return new InferenceEngine.ResolvedModel(entry.name(),
                new ModelFiles(entry.generator().path(), entry.config(), entry.tokenizer().path()), entry.classNames());
    }
}
