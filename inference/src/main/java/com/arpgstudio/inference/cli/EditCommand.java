package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageFormat;
import com.arpgstudio.inference.edit.ImageMetrics;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.runtime.AtomicFiles;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Texts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR",
            description = "Where to write the result: in the format its extension names (.png, .jpg, .tif, .bmp), "
                    + "else in the input's; variant v > 0 goes to FILE-v. With --image DIR, a folder for the results "
                    + "(each under its input's name).")
    Path out;

    @Option(names = "--confidence", paramLabel = "FILE.png",
            description = "Also write how sure the model was of each generated token, as a grey image of the output's"
                    + " size: brighter = less sure (1 - the token's probability), black where nothing was generated;"
                    + " variant v > 0 goes to FILE-v.png. Not for expand, which keeps no tokens.")
    Path confidence;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also print how detailed a fill is against the image around its mask"
            + " (sharpness_ratio: 1.0 = as detailed as its surroundings).")
    boolean verbose;

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
        ModelOptions.Execution execution = modelOptions.execution();
        try (LoadedModels loaded = modelOptions.load()) {
            Editor editor = new Editor(loaded.models(), PreviewPolicy.NONE, execution.memoryLimit(),
                    execution.windowBatch());
            ProgressBar bar = new ProgressBar(quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                    : System.err, System.console() != null);
            EditResult result = run.run(editor, bar, cancellation);
            bar.finish();
            for (int v = 0; v < result.images().size(); v++) {
                ImageFiles.write(result.images().get(v), ImageFiles.variantPath(out, v), run.format(), run.exif());
            }
            if (confidence != null) {
                for (int v = 0; v < result.tokens().size(); v++) {
                    ArgbImage image = result.images().get(v);
                    ImageFiles.write(doubtImage(result.tokens().get(v).probabilityMap(image.width(), image.height()),
                            image.width(), image.height()), ImageFiles.variantPath(confidence, v), null, null);
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
            if (verbose && run.mask() != null) {
                err.printf(Locale.ROOT, "sharpness_ratio = %.4f%n", ImageMetrics.sharpnessRatio(first, run.mask()));
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

    /** Makes one request for each image of a folder (the image decoded, its file for pairing it with a mask). */
    interface BatchRequest {
        EditRequest of(Path file, ImageDecoder.Decoded image);
    }

    /**
     * Runs the edit on every image of a folder with the models loaded once: one line per image
     * (written, or the error, and the rest go on), then a summary. The status is 0 when every
     * image was written, else the status of the first failure.
     */
    int executeBatch(Path imageDir, BatchRequest requests) {
        PrintWriter err = spec.commandLine().getErr();
        if (recordOutput() != null || confidence != null) {
            throw new CliException(ExitCode.USAGE, "--record and --confidence take one edit; they cannot be used with a"
                    + " folder of images");
        }
        Path outDir = batchOutput(imageDir);
        List<Path> inputs = ImageFiles.folder(imageDir, "image");
        Cancellation cancellation = new Cancellation();
        Thread cancelOnExit = new Thread(cancellation::cancel, "arpg-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        ModelOptions.Execution execution = modelOptions.execution();
        ExitCode firstFailure = null;
        int written = 0;
        long started = System.nanoTime();
        try (LoadedModels loaded = modelOptions.load()) {
            Editor editor = new Editor(loaded.models(), PreviewPolicy.NONE, execution.memoryLimit(),
                    execution.windowBatch());
            for (int i = 0; i < inputs.size(); i++) {
                Path input = inputs.get(i);
                String prefix = String.format(Locale.ROOT, "[%d/%d] %s: ", i + 1, inputs.size(),
                        Texts.escaped(input.getFileName()));
                long imageStarted = System.nanoTime();
                try {
                    ImageDecoder.Decoded decoded = ImageFiles.read(input, "image");
                    EditResult result = editor.run(requests.of(input, decoded), EditListener.NONE, cancellation);
                    Path target = outDir.resolve(ImageFiles.outputName(input, decoded.format()));
                    for (int v = 0; v < result.images().size(); v++) {
                        ImageFiles.write(result.images().get(v), ImageFiles.variantPath(target, v), decoded.format(),
                                decoded.exif());
                    }
                    written++;
                    err.printf(Locale.ROOT, "%swrote %s (%dx%d), %.1fs%s%n", prefix, Texts.escaped(target),
                            result.image().width(), result.image().height(), (System.nanoTime() - imageStarted) / 1e9,
                            decoded.notes().isEmpty() ? "" : "; " + Texts.escaped(String.join("; ", decoded.notes())));
                } catch (CliException | EditException | DeviceOutOfMemoryException e) {
                    ExitCode code = e instanceof CliException c ? c.code() : e instanceof EditException edit
                            ? ExitCode.of(edit.reason()) : ExitCode.DEVICE_OUT_OF_MEMORY;
                    firstFailure = firstFailure == null ? code : firstFailure;
                    err.printf("%serror: %s%n", prefix, Texts.escaped(e.getMessage()));
                }
                err.flush();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (Ctrl-C): the hook has run
            }
        }
        err.printf(Locale.ROOT, "%d images: %d written, %d failed, %.1fs%n", inputs.size(), written,
                inputs.size() - written, (System.nanoTime() - started) / 1e9);
        err.flush();
        return firstFailure == null ? ExitCode.OK.status() : firstFailure.status();
    }

    /** The results' folder: made if missing, never the inputs' own folder (nothing is overwritten in place). */
    private Path batchOutput(Path imageDir) {
        try {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new CliException(ExitCode.USAGE, "--out " + out + " is a file; with --image DIR, --out names a folder");
            }
            Files.createDirectories(out);
            if (Files.isSameFile(out, imageDir)) {
                throw new CliException(ExitCode.USAGE, "--out is the folder of the images; choose another folder so that"
                        + " no input is overwritten");
            }
            return out;
        } catch (IOException e) {
            throw new CliException(ExitCode.OUTPUT_FAILED, "cannot make the folder " + out + ": " + e.getMessage(), e);
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

        /** The input's format, in which the result is saved unless --out names another; null for none. */
        default ImageFormat format() {
            return null;
        }

        /** The input's EXIF block to keep in the result, or null. */
        default byte[] exif() {
            return null;
        }

        default String imagePath() {
            return null;
        }

        /** The pixels the edit generated, for {@code --verbose}'s sharpness ratio; null for none. */
        default PixelMask mask() {
            return null;
        }

        default String maskPath() {
            return null;
        }
    }

    /** The run of a request; {@code input} (may be null) gives the format and EXIF of the result. */
    static EditRecordRun request(EditRequest request, ImageDecoder.Decoded input, Path image, Path mask) {
        return new EditRecordRun() {
            @Override
            public EditResult run(Editor editor, ProgressBar bar, Cancellation cancellation) {
                return editor.run(request, bar, cancellation);
            }

            @Override
            public ImageFormat format() {
                return input == null ? null : input.format();
            }

            @Override
            public byte[] exif() {
                return input == null ? null : input.exif();
            }

            @Override
            public String imagePath() {
                return image == null ? null : image.toAbsolutePath().toString();
            }

            @Override
            public String maskPath() {
                return mask == null ? null : mask.toAbsolutePath().toString();
            }

            @Override
            public PixelMask mask() {
                return request.mask();
            }
        };
    }

    static PixelMask readMask(Path path) {
        return PixelMask.of(ImageFiles.read(path, "mask").image());
    }

    /** Reads the image, printing what was done on opening it (turned upright, converted to sRGB...). */
    ImageDecoder.Decoded readImage(Path path) {
        ImageDecoder.Decoded decoded = ImageFiles.read(path, "image");
        for (String note : decoded.notes()) {
            spec.commandLine().getErr().println("note: " + Texts.escaped(path.getFileName()) + ": " + Texts.escaped(note));
        }
        return decoded;
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
