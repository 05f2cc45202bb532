package com.arpgstudio.app.saving;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.ImageFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Save As: a file chooser offering each format the app writes, the document's own first. The
 * format is the one the typed name's extension names, else the type chosen (whose extension is
 * added).
 */
public final class SaveChooser {

    /** The formats offered, in this order after the document's own. */
    static final List<ImageFormat> FORMATS = List.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.TIFF,
            ImageFormat.BMP);

    private SaveChooser() {}

    /** Shows the chooser; the file to save to (its extension names the format), or empty when cancelled. */
    public static Optional<Path> show(Window owner, Path current) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Messages.text("file.saveAs.title"));
        ImageFormat own = current == null ? ImageFormat.PNG : ImageFormat.ofFileName(current).orElse(ImageFormat.PNG);
        List<ImageFormat> order = new ArrayList<>(List.of(own));
        FORMATS.stream().filter(f -> f != own).forEach(order::add);
        for (ImageFormat format : order) {
            chooser.getExtensionFilters().add(filter(format));
        }
        if (current != null) {
            if (current.getParent() != null) {
                chooser.setInitialDirectory(current.getParent().toFile());
            }
            chooser.setInitialFileName(current.getFileName().toString().replaceFirst("\\.[^.]+$", "") + "."
                    + own.extensions().get(0));
        }
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return Optional.empty();
        }
        FileChooser.ExtensionFilter chosen = chooser.getSelectedExtensionFilter();
        ImageFormat type = order.stream().filter(f -> chosen != null && chosen.getDescription()
                .equals(filter(f).getDescription())).findFirst().orElse(own);
        return Optional.of(target(file.toPath(), type));
    }

    /** The file as typed when its extension names a writable format, else with {@code type}'s extension added. */
    static Path target(Path typed, ImageFormat type) {
        return ImageFormat.ofFileName(typed).isPresent() ? typed
                : typed.resolveSibling(typed.getFileName() + "." + type.extensions().get(0));
    }

    private static FileChooser.ExtensionFilter filter(ImageFormat format) {
        List<String> patterns = new ArrayList<>();
        for (String extension : format.extensions()) {
            patterns.add("*." + extension);
            patterns.add("*." + extension.toUpperCase(Locale.ROOT));
        }
        return new FileChooser.ExtensionFilter(Messages.text("save.type." + format.name().toLowerCase(Locale.ROOT)),
                patterns);
    }
}
