package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ModelFiles;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.DeviceChoice;
import com.arpgstudio.inference.runtime.DeviceReport;
import com.arpgstudio.inference.runtime.DeviceUnavailableException;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.DownloadException;
import com.arpgstudio.inference.runtime.DownloadProgress;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.ModelDownload;
import com.arpgstudio.inference.runtime.ModelEntry;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.Texts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code arpg models}: the models the editor knows (embedded, released, the user's), a download of
 * a released one, and the device generation would run on.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models (default), download a released one, or show the device.",
        subcommands = {ModelsCommand.Download.class, ModelsCommand.Remove.class, ModelsCommand.ShowDevice.class})
public final class ModelsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<ModelEntry> entries = registry(spec.commandLine().getErr()).refresh();
        out.printf(Locale.ROOT, "%-10s %-20s %-8s %10s  %-36s %s%n", "ID", "NAME", "PRESENT", "SIZE", "WINDOW", "WHERE");
        for (ModelEntry e : entries) {
            out.printf(Locale.ROOT, "%-10s %-20s %-8s %10s  %-36s %s%s%n", Texts.escaped(e.id()), Texts.escaped(e.name()),
                    e.present() ? "yes" : "no", e.sizeBytes() < 0 ? "?" : megabytes(e.sizeBytes()),
                    e.shape() == null ? "?" : e.shape().describe(), Texts.escaped(e.location()),
                    e.note().isEmpty() ? "" : " (" + Texts.escaped(e.note()) + ")");
            out.println("           sampling: " + recommended(e));
        }
        return 0;
    }

    /** The settings the model's config.json recommends, or why they cannot be read. */
    private static String recommended(ModelEntry e) {
        try {
            return new ModelFiles(e.generator().path(), e.config(), e.tokenizer().path()).recommendedSettings()
                    .describeSampler();
        } catch (IOException failure) {
            return "unusable (" + Texts.escaped(failure.getMessage()) + "); the defaults are "
                    + SamplingSettings.DEFAULTS.describeSampler();
        }
    }

    /**
     * The registry of this installation, with the user's model pairs from the settings (whose
     * problems are printed on {@code err}).
     */
    static ModelRegistry registry(PrintWriter err) throws IOException {
        return ModelRegistry.standard(ModelOptions.openSettings(err).get());
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static ModelEntry find(ModelRegistry registry, String id) {
        return registry.find(id).orElseThrow(() -> new CliException(ExitCode.BAD_MODEL, "no model '"
                + Texts.printable(id) + "'; known: " + registry.entries().stream().map(ModelEntry::id).toList()));
    }

    /** A subcommand about one model, named by its id. */
    abstract static class OneModel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the model id, as `arpg models` lists it")
        String id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
    }

    /** {@code arpg models download ID}: fetches a released model's missing files. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a released model (arpg-l, arpg-xl, arpg-xxl) with VQ-16 into the models folder; "
                    + "an interrupted download resumes.")
    static final class Download extends OneModel {

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ModelRegistry registry = registry(err);
            ModelEntry entry = find(registry, id);
            ProgressLines progress = new ProgressLines(err);
            ModelDownload download = registry.prepareDownload(entry, new Downloads(), progress::report);
            if (download.fileCount() == 0) {
                if (!entry.present()) {
                    throw new CliException(ExitCode.BAD_MODEL, entry.name() + " cannot be downloaded: " + entry.note());
                }
                out.println(Texts.escaped(entry.name() + " is already present at " + entry.location()));
                return ExitCode.OK.status();
            }
            Thread stopOnInterrupt = new Thread(download::cancel);
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            try {
                for (Downloads.Result result : download.run()) {
                    out.println(result.file() + ": " + megabytes(result.size()) + ", SHA-256 " + result.sha256()
                            + " (" + result.verification().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
                }
                return ExitCode.OK.status();
            } catch (DownloadException e) {
                throw new CliException(e.reason() == DownloadException.Reason.CANCELLED ? ExitCode.CANCELLED
                        : ExitCode.DOWNLOAD_FAILED, e.getMessage(), e);
            } finally {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            }
        }
    }

    /** Progress lines on standard error: at most one a second, and every file's start, end and notes. */
    static final class ProgressLines {
        private final PrintWriter err;
        private long lastNanos;
        private String lastFile;

        ProgressLines(PrintWriter err) {
            this.err = err;
        }

        void report(ModelDownload.Progress progress) {
            DownloadProgress p = progress.file();
            long now = System.nanoTime();
            boolean fileBoundary = !p.fileName().equals(lastFile) || p.bytesDone() == p.totalBytes();
            if (!fileBoundary && p.note().isEmpty() && now - lastNanos < 1_000_000_000L) {
                return;
            }
            lastNanos = now;
            lastFile = p.fileName();
            if (!p.note().isEmpty()) {
                err.println(p.fileName() + ": " + p.note());
            } else {
                String eta = progress.timeLeft().map(d -> String.format(Locale.ROOT, ", %d:%02d left", d.toMinutes(),
                        d.toSecondsPart())).orElse("");
                err.printf(Locale.ROOT, "%s (%d of %d): %s of %s, %.1f MB/s%s%n", p.fileName(), progress.fileIndex() + 1,
                        progress.fileCount(), megabytes(p.bytesDone()), p.totalBytes() < 0 ? "?"
                        : megabytes(p.totalBytes()), p.bytesPerSecond() / 1e6, eta);
            }
            err.flush();
        }
    }

    /** {@code arpg models remove ID}: deletes what was downloaded of a released model. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Delete a downloaded released model (and VQ-16 unless another downloaded model uses it) "
                    + "from the models folder, partial downloads included. The Hugging Face cache is never touched.")
    static final class Remove extends OneModel {

        @Override
        public Integer call() throws IOException {
            ModelRegistry registry = registry(spec.commandLine().getErr());
            ModelEntry entry = find(registry, id);
            if (entry.source() != ModelEntry.Source.RELEASED) {
                throw new CliException(ExitCode.BAD_MODEL, entry.name() + " was not downloaded"
                        + (entry.source() == ModelEntry.Source.USER ? "; remove your own pairs from userModels in "
                        + AppDirectories.current().settingsFile() : ""));
            }
            List<java.nio.file.Path> deleted = registry.deleteDownloaded(id);
            PrintWriter out = spec.commandLine().getOut();
            if (deleted.isEmpty()) {
                out.println("nothing of " + entry.name() + " was downloaded into " + registry.modelsDir());
            }
            deleted.forEach(file -> out.println("deleted " + file));
            return ExitCode.OK.status();
        }
    }

    /** {@code arpg models device [--device auto|cpu|gpu]}: the device a generation would use. */
    @Command(name = "device", mixinStandardHelpOptions = true,
            description = "Show the device generation runs on (the settings' choice unless --device is given).")
    static final class ShowDevice implements Callable<Integer> {

        @Option(names = "--device", paramLabel = "auto|cpu|gpu", converter = ModelOptions.DeviceConverter.class,
                description = "the device to check instead of the settings' choice")
        DeviceChoice device;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            DeviceChoice choice = device != null ? device
                    : ModelOptions.openSettings(spec.commandLine().getErr()).get().device();
            try {
                Devices.Selection selection = Devices.select(choice);
                DeviceReport report = DeviceReport.of(choice);
                PrintWriter out = spec.commandLine().getOut();
                out.println(selection.displayName());
                out.println(report.summary());
                if (!report.advice().isEmpty()) {
                    out.println(report.advice());
                }
                return ExitCode.OK.status();
            } catch (DeviceUnavailableException e) {
                throw new CliException(ExitCode.DEVICE_UNAVAILABLE, e.getMessage(), e);
            }
        }
    }
}
