package com.arpgstudio.inference.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** An editing command that writes its edit's record with {@code --record}. */
abstract class RecordingCommand extends EditCommand {

    @Option(names = "--record", paramLabel = "FILE.json",
            description = "Also write the edit's JSON record (replay it with `arpg replay`, re-roll part of it with"
                    + " `arpg refine`).")
    Path record;

    @Override
    Path recordOutput() {
        return record;
    }
}
