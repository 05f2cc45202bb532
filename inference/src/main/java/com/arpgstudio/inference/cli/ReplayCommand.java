package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.runtime.Cancellation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Repeat an edit from its JSON record (written with --record) and check that the result is "
                + "identical to the recorded one (exit 10 when it is not).")
final class ReplayCommand extends RecordingCommand {

    @Parameters(index = "0", paramLabel = "RECORD.json", description = "The edit record.")
    Path recordFile;

    @Option(names = "--image", paramLabel = "FILE", description = "The input image. Default: the recorded path.")
    Path image;

    @Option(names = "--mask", paramLabel = "FILE", description = "The mask. Default: the recorded path.")
    Path mask;

    private EditRecord recorded;

    @Override
    public Integer call() {
        recorded = readRecord(recordFile);
        Path imagePath = image != null ? image : pathOf(recorded.imagePath());
        Path maskPath = mask != null ? mask : pathOf(recorded.maskPath());
        if (recorded.input() != null && imagePath == null) {
            throw new CliException(ExitCode.MISSING_FILE, "the record names no image path: pass --image FILE");
        }
        if (recorded.mask() != null && maskPath == null) {
            throw new CliException(ExitCode.MISSING_FILE, "the record names no mask path: pass --mask FILE");
        }
        ArgbImage pixels = recorded.input() == null ? null : ImageFiles.read(imagePath, "image").image();
        PixelMask painted = recorded.mask() == null ? null : readMask(maskPath);
        return execute(new EditRecordRun() {
            @Override
            public EditResult run(Editor editor, ProgressBar bar, Cancellation cancellation) {
                return editor.replay(recorded, pixels, painted, bar, cancellation);
            }

            @Override
            public String imagePath() {
                return recorded.imagePath();
            }

            @Override
            public String maskPath() {
                return recorded.maskPath();
            }
        });
    }

    @Override
    int verify(EditResult result) {
        if (recorded.outputs() != null && !recorded.outputs().equals(result.record().outputs())) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH,
                    "the replayed result differs from the recorded one (another device or engine build?)");
        }
        spec.commandLine().getErr().println("replayed: identical to the record");
        return ExitCode.OK.status();
    }

    private Path pathOf(String path) {
        try {
            return path == null ? null : Path.of(path);
        } catch (InvalidPathException e) { // a damaged record, or one written on another system
            throw new CliException(ExitCode.MISSING_FILE, "the record " + recordFile + " names a path this system"
                    + " cannot use (" + e.getReason() + "): pass --image FILE and --mask FILE", e);
        }
    }
}
