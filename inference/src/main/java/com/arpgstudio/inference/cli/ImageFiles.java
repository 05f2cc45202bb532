package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.ImageDecoder;
import com.arpgstudio.inference.edit.ImageInputException;
import com.arpgstudio.inference.edit.ImageTooLargeException;
import com.arpgstudio.inference.runtime.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Reading and (atomically) writing the images the command line works on. */
final class ImageFiles {

    private ImageFiles() {}

    static ArgbImage read(Path path, String what) {
        requireFile(path, what);
        try {
            return ImageDecoder.read(path).image();
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

    /** Writes in the format the extension names (PNG when unknown), via a temporary file moved into place. */
    static void write(ArgbImage image, Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
        String format = jpeg ? "jpeg" : name.endsWith(".bmp") ? "bmp" : "png";
        BufferedImage out = image.toBufferedImage();
        if (!format.equals("png")) { // no alpha in JPEG or BMP
            BufferedImage rgb = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
            rgb.setRGB(0, 0, image.width(), image.height(), image.pixels(), 0, image.width());
            out = rgb;
        }
        RenderedImage encoded = out;
        try {
            AtomicFiles.write(path, temp -> {
                if (!ImageIO.write(encoded, format, temp.toFile())) {
                    throw new IOException("no " + format + " writer");
                }
            });
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
}
