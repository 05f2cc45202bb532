package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageEncoder;
import com.arpgstudio.inference.edit.ImageFormat;
import com.arpgstudio.inference.edit.ImageInputException;
import com.arpgstudio.inference.edit.ImageTooLargeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reading and (atomically) writing the images the command line works on, one or a folder of them. */
final class ImageFiles {

    private ImageFiles() {}

    /** The decoded image (upright, sRGB), with its format, notes and EXIF to keep. */
    static ImageDecoder.Decoded read(Path path, String what) {
        requireFile(path, what);
        try {
            return ImageDecoder.read(path);
        } catch (ImageTooLargeException e) {
            throw new CliException(ExitCode.IMAGE_TOO_LARGE, what + " " + path + ": " + e.getMessage(), e);
        } catch (ImageInputException e) {
            throw new CliException(ExitCode.UNREADABLE_IMAGE, what + " " + path + ": " + e.getMessage(), e);
        }
    }

    static void requireFile(Path path, String what) {
        if (!Files.exists(path)) {
            throw new CliException(ExitCode.MISSING_FILE, what + " " + path + " does not exist");
        }
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new CliException(ExitCode.MISSING_FILE, what + " " + path + " is not a readable file");
        }
    }

    /** The files of a folder, by name (hidden ones left out); each is told an image or not by its content when read. */
    static List<Path> folder(Path dir, String what) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !Files.isDirectory(p)).sorted().toList();
            if (found.isEmpty()) {
                throw new CliException(ExitCode.MISSING_FILE, what + " folder " + dir + " has no files");
            }
            return found;
        } catch (IOException e) {
            throw new CliException(ExitCode.MISSING_FILE, "cannot list the " + what + " folder " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes in the format the extension names, else in {@code original}'s saving format (PNG when
     * none), keeping the EXIF block where the format holds one; atomically.
     */
    static void write(ArgbImage image, Path path, ImageFormat original, byte[] exif) {
        ImageFormat format = ImageFormat.ofFileName(path).orElse(original == null ? ImageFormat.PNG : original.forSaving());
        try {
            ImageEncoder.write(image, path, format, ImageEncoder.Options.defaults().withExif(exif));
        } catch (IOException e) {
            throw new CliException(ExitCode.OUTPUT_FAILED, "cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** out.png for variant 0, out-1.png, out-2.png... for the others. */
    static Path variantPath(Path out, int variant) {
        if (variant == 0) {
            return out;
        }
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return out.resolveSibling(stem + "-" + variant + ext);
    }

    /** The name a batch gives an input's result: the same name, or the stem with .png where its format is not written. */
    static String outputName(Path input, ImageFormat format) {
        String name = input.getFileName().toString();
        if (format.writable()) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".png";
    }

    /** The file name without its extension, to pair an image with its mask. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
