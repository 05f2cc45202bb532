package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "expand", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Double the image's width and height with generated detail; prints the PSNR of the result "
                + "shrunk back against the input and its high-frequency energy against a bicubic upscale.")
final class ExpandCommand extends RecordingCommand {

    @Option(names = "--image", required = true, paramLabel = "FILE|DIR",
            description = "The image to expand, or a folder of images (each expanded with the models loaded once).")
    Path image;

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() {
        if (confidence != null) {
            throw new CliException(ExitCode.USAGE, "--confidence: expand keeps no per-token confidence (its tokens are"
                    + " blended from overlapping windows); use it with inpaint, outpaint, generate or refine");
        }
        if (Files.isDirectory(image)) {
            return executeBatch(image, (file, decoded) -> EditRequest.expand(decoded.image(), sampling.settings(modelOptions.recommendedSettings())));
        }
        ImageDecoder.Decoded decoded = readImage(image);
        EditRequest request = EditRequest.expand(decoded.image(), sampling.settings(modelOptions.recommendedSettings()));
        return execute(request(request, decoded, image, null));
    }
}
