package com.arpgstudio.inference.cli;

import ai.djl.Device;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.DeviceChoice;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import com.arpgstudio.inference.runtime.DeviceUnavailableException;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.Texts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --model}, {@code --tokenizer}, {@code --device}, {@code --memory-limit-mib},
 * {@code --window-batch}: which weights, on which device, within how much of its memory, how many
 * windows at once.
 */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "ID|DIR|FILE",
            description = "The model pair: a model id from `arpg models` (default, arpg-l, arpg-xl, arpg-xxl, "
                    + "user:NAME), a folder (generator arpg.safetensors|arpg.pt, tokenizer vq.*, config.json) or the "
                    + "generator's (ARPG) checkpoint file. Default: the embedded default model.")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "The tokenizer's (VQ) weights. Default: the model pair's, or the one next to the "
                    + "generator's file.")
    Path tokenizer;

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "auto",
            converter = DeviceConverter.class,
            description = "Where to run: cpu, gpu, or auto (the GPU when libtorch sees one). Default: ${DEFAULT-VALUE}.")
    DeviceChoice device;

    @Option(names = "--memory-limit-mib", paramLabel = "MIB",
            description = "Refuse edits whose estimated peak device memory is above this many MiB. "
                    + "Default: -D" + DeviceMemoryLimit.PROPERTY + ", else the setting deviceMemoryLimitMiB (0: none).")
    Long memoryLimitMiB;

    @Option(names = "--window-batch", paramLabel = "N",
            description = "Windows of an edit generated together as one batch, at most (fewer when device memory asks "
                    + "for it); 1 runs one window at a time. Default: the setting windowBatch ("
                    + Settings.DEFAULT_WINDOW_BATCH + " unless changed).")
    Integer windowBatch;

    static final class DeviceConverter implements CommandLine.ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return DeviceChoice.parse(value);
        }
    }

    /** The command these options are part of: its standard error takes the settings' warnings. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private ModelFiles files;
    private Settings settings;

    /** The model's files, resolved once. */
    ModelFiles files() {
        if (files == null) {
            files = resolve();
        }
        return files;
    }

    /** The sampling settings the model's config.json recommends, else the defaults. */
    SamplingSettings recommendedSettings() {
        try {
            return files().recommendedSettings();
        } catch (IOException e) {
            throw new CliException(ExitCode.BAD_MODEL, "cannot read the model's settings: " + e.getMessage(), e);
        }
    }

    private ModelFiles resolve() {
        try {
            return ModelFiles.resolve(model, tokenizer, settings());
        } catch (ModelFiles.ModelFilesException e) {
            throw new CliException(e.missing() ? ExitCode.MISSING_FILE : ExitCode.BAD_MODEL, e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCode.BAD_MODEL, "cannot read the model: " + e.getMessage(), e);
        }
    }

    Device device() {
        return selection().device();
    }

    /** The device chosen, with the name a user knows it by. */
    Devices.Selection selection() {
        try {
            return Devices.select(device);
        } catch (DeviceUnavailableException e) {
            throw new CliException(ExitCode.DEVICE_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /** How an edit may use the device: the memory limit and the window batch. */
    record Execution(DeviceMemoryLimit memoryLimit, int windowBatch) {}

    /** The options, else the settings. */
    Execution execution() {
        Settings stored = settings();
        try {
            DeviceMemoryLimit limit = memoryLimitMiB != null ? DeviceMemoryLimit.ofMiB(memoryLimitMiB,
                    "--memory-limit-mib") : DeviceMemoryLimit.of(stored);
            return new Execution(limit, windowBatch != null ? windowBatch : stored.windowBatch());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /** The settings file, read once per command (see {@link #openSettings}). */
    Settings settings() {
        if (settings == null) {
            try {
                settings = openSettings(command.commandLine().getErr()).get();
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read the settings: " + e.getMessage(), e);
            }
        }
        return settings;
    }

    /**
     * Opens the settings file and prints its problems on {@code err}: opening repairs a bad file, so a
     * later opening would find nothing to report.
     */
    static SettingsStore openSettings(PrintWriter err) throws IOException {
        SettingsStore store = SettingsStore.open();
        store.problems().forEach(problem -> err.println("arpg: settings: " + Texts.escaped(problem)));
        return store;
    }

    LoadedModels load() {
        ModelFiles files = files();
        try {
            return LoadedModels.load(files, device(), AppDirectories.current().dataDir().resolve("previews"));
        } catch (CliException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCode.BAD_MODEL, "cannot load the model (" + files.generator() + ", "
                    + files.tokenizer() + "): " + e.getMessage(), e);
        }
    }
}
