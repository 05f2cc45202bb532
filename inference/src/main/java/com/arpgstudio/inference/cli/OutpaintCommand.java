package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.Margins;
import com.arpgstudio.inference.edit.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "outpaint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Extend the canvas by the given pixels on each side and fill the new area "
                + "(the result may hold at most 4x the image's pixels); the original pixels stay identical.")
final class OutpaintCommand extends RecordingCommand {

    @Option(names = "--image", required = true, paramLabel = "FILE|DIR",
            description = "The image to extend, or a folder of images (each extended with the models loaded once).")
    Path image;

    @Option(names = "--left", defaultValue = "0", description = "Pixels to add on the left.")
    int left;

    @Option(names = "--right", defaultValue = "0", description = "Pixels to add on the right.")
    int right;

    @Option(names = "--top", defaultValue = "0", description = "Pixels to add at the top.")
    int top;

    @Option(names = "--bottom", defaultValue = "0", description = "Pixels to add at the bottom.")
    int bottom;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    PasteOptions paste;

    @Override
    public Integer call() {
        Margins margins = new Margins(left, top, right, bottom);
        EditOptions options = paste.options();
        if (Files.isDirectory(image)) {
            return executeBatch(image, (file, decoded) -> EditRequest.outpaint(decoded.image(), margins,
                    sampling.settings(modelOptions.recommendedSettings())).withOptions(options));
        }
        ImageDecoder.Decoded decoded = readImage(image);
        EditRequest request = EditRequest.outpaint(decoded.image(), margins, sampling.settings(modelOptions.recommendedSettings())).withOptions(options);
        return execute(request(request, decoded, image, null));
    }
}
