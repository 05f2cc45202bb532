package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.Cancellation;
import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.runtime.AtomicFiles;
import com.arpgstudio.inference.runtime.DeviceMemoryLimit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What the editing commands share: models, output, record, progress, and how an edit is run. */
abstract class EditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write the result (PNG unless the name ends in .jpg/.bmp); variant v > 0 goes to "
                    + "FILE-v.png.")
    Path out;

    @Option(names = "--confidence", paramLabel = "FILE.png",
            description = "Also write how sure the model was of each generated token, as a grey image of the output's"
                    + " size: brighter = less sure (1 - the token's probability), black where nothing was generated;"
                    + " variant v > 0 goes to FILE-v.png. Not for expand, which keeps no tokens.")
    Path confidence;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** Where to write the edit's record, or null. */
    Path recordOutput() {
        return null;
    }

    /** Runs the edit and writes its outputs. */
    int execute(EditRecordRun run) {
        PrintWriter err = spec.commandLine().getErr();
        Path record = recordOutput();
        requireWritable(out);
        for (Path also : new Path[] {record, confidence}) {
            if (also != null) {
                requireWritable(also);
            }
        }
        Cancellation cancellation = new Cancellation();
        Thread cancelOnExit = new Thread(cancellation::cancel, "arpg-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        DeviceMemoryLimit memoryLimit = modelOptions.memoryLimit(err);
        try (LoadedModels loaded = modelOptions.load()) {
            Editor editor = new Editor(loaded.models(), PreviewPolicy.CODES_ONLY, memoryLimit);
            ProgressBar bar = new ProgressBar(quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                    : System.err, System.console() != null);
            EditResult result = run.run(editor, bar, cancellation);
            bar.finish();
            for (int v = 0; v < result.images().size(); v++) {
                ImageFiles.write(result.images().get(v), ImageFiles.variantPath(out, v));
            }
            if (confidence != null) {
                for (int v = 0; v < result.tokens().size(); v++) {
                    ArgbImage image = result.images().get(v);
                    ImageFiles.write(doubtImage(result.tokens().get(v).probabilityMap(image.width(), image.height()),
                            image.width(), image.height()), ImageFiles.variantPath(confidence, v));
                }
            }
            if (record != null) {
                try {
                    result.record().withPaths(run.imagePath(), run.maskPath()).write(record);
                } catch (IOException e) {
                    throw new CliException(ExitCode.OUTPUT_FAILED, "cannot write the record " + record + ": "
                            + e.getMessage(), e);
                }
            }
            ArgbImage first = result.image();
            err.printf(Locale.ROOT, "wrote %s (%dx%d%s), seed %d, %.1fs (first preview after %.2fs)%n", out,
                    first.width(), first.height(), result.images().size() > 1
                            ? ", " + result.images().size() + " variants" : "",
                    result.record().settings().seed(), bar.seconds(), bar.firstPreviewSeconds());
            Map<String, Double> measured = result.record().measurements();
            if (measured != null) {
                measured.forEach((k, v) -> err.printf(Locale.ROOT, "%s = %.4f%n", k, v));
            }
            err.flush();
            return verify(result);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (Ctrl-C): the hook has run
            }
        }
    }

    /** Refuses, before any work, an output that is a folder, pipe, device or socket (or a link to one). */
    static void requireWritable(Path path) {
        try {
            AtomicFiles.writableTarget(path);
        } catch (IOException e) {
            throw new CliException(ExitCode.OUTPUT_FAILED, "cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Grey {@code 255 * (1 - probability)} per pixel, black where no token was generated (NaN). */
    static ArgbImage doubtImage(float[] probabilities, int width, int height) {
        int[] pixels = new int[probabilities.length];
        for (int i = 0; i < pixels.length; i++) {
            float p = probabilities[i];
            int grey = Float.isNaN(p) ? 0 : Math.round(255 * (1 - Math.min(1, Math.max(0, p))));
            pixels[i] = 0xff000000 | grey * 0x010101;
        }
        return new ArgbImage(width, height, pixels);
    }

    /** Checks the result once written; the exit status. Replay compares against its record. */
    int verify(EditResult result) {
        return ExitCode.OK.status();
    }

    /** One edit as a command runs it. */
    interface EditRecordRun {
        EditResult run(Editor editor, ProgressBar bar, Cancellation cancellation);

        default String imagePath() {
            return null;
        }

        default String maskPath() {
            return null;
        }
    }

    static EditRecordRun request(EditRequest request, Path image, Path mask) {
        return new EditRecordRun() {
            @Override
            public EditResult run(Editor editor, ProgressBar bar, Cancellation cancellation) {
                return editor.run(request, bar, cancellation);
            }

            @Override
            public String imagePath() {
                return image == null ? null : image.toAbsolutePath().toString();
            }

            @Override
            public String maskPath() {
                return mask == null ? null : mask.toAbsolutePath().toString();
            }
        };
    }

    static PixelMask readMask(Path path) {
        return PixelMask.of(ImageFiles.read(path, "mask"));
    }

    /** Reads an edit record file, mapping what can go wrong to exit statuses. */
    static EditRecord readRecord(Path file) {
        ImageFiles.requireFile(file, "record");
        try {
            return EditRecord.read(file);
        } catch (EditException e) {
            throw new CliException(ExitCode.of(e.reason()), "the record " + file + ": " + e.getMessage(), e);
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCode.RECORD_MISMATCH, "the record " + file + " is not UTF-8 text: "
                    + "expected the JSON that --record writes", e);
        } catch (IOException e) {
            throw new CliException(ExitCode.MISSING_FILE, "cannot read the record " + file + ": " + e.getMessage(), e);
        }
    }
}
