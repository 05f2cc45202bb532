package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditRequest;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inpaint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replace the painted pixels of a mask (white or opaque = replace) with generated content.")
final class InpaintCommand extends RecordingCommand {

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image to edit.")
    Path image;

    @Option(names = "--mask", required = true, paramLabel = "FILE",
            description = "A mask of the image's size: white (or opaque) pixels are replaced.")
    Path mask;

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() {
        ArgbImage pixels = ImageFiles.read(image, "image");
        EditRequest request = EditRequest.inpaint(pixels, readMask(mask), sampling.settings());
        return execute(request(request, image, mask));
    }
}
