package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditOptions;
import picocli.CommandLine.Option;

/** How a fill is pasted into the image: the feather of {@link EditOptions}, with its default and limits. */
final class PasteOptions {

    @Option(names = "--feather", paramLabel = "PIXELS",
            description = "Pixels around the mask over which the fill fades into the image ("
                    + EditOptions.MIN_FEATHER_PIXELS + ".." + EditOptions.MAX_FEATHER_PIXELS + ", at the image's scale;"
                    + " wider in proportion where a large region is generated shrunk). Default: "
                    + EditOptions.DEFAULT_FEATHER_PIXELS + ".")
    Integer feather;

    /** The edit options with the feather asked for; a value out of range is an {@link ExitCode#INVALID_SETTINGS}. */
    EditOptions options() {
        return options(EditOptions.DEFAULT_FEATHER_PIXELS);
    }

    /** {@link #options()}, with {@code fallback} as the feather when --feather is not given. */
    EditOptions options(int fallback) {
        int pixels = feather != null ? feather : fallback;
        if (pixels < EditOptions.MIN_FEATHER_PIXELS || pixels > EditOptions.MAX_FEATHER_PIXELS) {
            throw new CliException(ExitCode.INVALID_SETTINGS, "--feather: expected " + EditOptions.MIN_FEATHER_PIXELS
                    + ".." + EditOptions.MAX_FEATHER_PIXELS + " pixels, found " + pixels);
        }
        return EditOptions.defaults().withFeatherPixels(pixels);
    }
}
