package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRequest;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.PixelMask;
import java.nio.file.Files;
import java.nio.file.Path;
import com.arpgstudio.inference.runtime.DetailPass;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "inpaint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replace the painted pixels of a mask (white or opaque = replace) with generated content.")
final class InpaintCommand extends RecordingCommand {

    @Option(names = "--image", required = true, paramLabel = "FILE|DIR",
            description = "The image to edit, or a folder of images (each edited with the models loaded once).")
    Path image;

    @Option(names = "--mask", required = true, paramLabel = "FILE|DIR",
            description = "A mask of the image's size: white (or opaque) pixels are replaced. With a folder of images,"
                    + " one mask for all, or a folder with a mask of each image's name (any extension).")
    Path mask;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    PasteOptions paste;

    @Option(names = "--detail", paramLabel = "auto|off", converter = DetailConverter.class,
            description = "For a mask larger than the model's window, generated on a shrunk copy: auto runs detail "
                    + "passes at the image's own scale over the coarse fill when it was shrunk more than "
                    + DetailPass.AUTO_ABOVE_SHRINK + "x (sharper, slower); off keeps the coarse fill scaled up. "
                    + "Default: the setting detailPass (auto on a first start).")
    DetailPass detail;

    static final class DetailConverter implements CommandLine.ITypeConverter<DetailPass> {
        @Override
        public DetailPass convert(String value) {
            return DetailPass.parse(value);
        }
    }

    @Override
    public Integer call() {
        EditOptions options = paste.options().withDetailPass(detail != null ? detail
                : modelOptions.settings().detailPass());
        if (Files.isDirectory(image)) {
            PixelMask shared = Files.isDirectory(mask) ? null : readMask(mask);
            return executeBatch(image, (file, decoded) -> EditRequest.inpaint(decoded.image(),
                    shared != null ? shared : readMask(maskFor(file)), sampling.settings(modelOptions.recommendedSettings())).withOptions(options));
        }
        ImageDecoder.Decoded decoded = readImage(image);
        EditRequest request = EditRequest.inpaint(decoded.image(), readMask(mask), sampling.settings(modelOptions.recommendedSettings()))
                .withOptions(options);
        return execute(request(request, decoded, image, mask));
    }

    /** The mask of an image in the masks' folder: the file with the image's name, else one with its stem. */
    private Path maskFor(Path imageFile) {
        Path same = mask.resolve(imageFile.getFileName());
        if (Files.exists(same)) {
            return same;
        }
        String stem = ImageFiles.stem(imageFile);
        return ImageFiles.folder(mask, "mask").stream().filter(p -> ImageFiles.stem(p).equals(stem)).findFirst()
                .orElseThrow(() -> new CliException(ExitCode.MISSING_FILE, "no mask named " + stem + ".* in " + mask));
    }
}
