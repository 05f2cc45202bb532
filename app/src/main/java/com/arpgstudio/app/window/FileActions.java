package com.arpgstudio.app.window;

import com.arpgstudio.app.actions.ActionTargets;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.FxImages;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.saving.SaveChooser;
import com.arpgstudio.app.settings.Spinners;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The window's file commands: the choosers (open, save as, export, mask), the recent files menu,
 * paste and drag and drop, and the question before unsaved work would be lost.
 */
public final class FileActions implements ActionTargets.FileCommands {

    private static final String[] IMAGE_PATTERNS = {"*.png", "*.jpg", "*.jpeg", "*.tif", "*.tiff", "*.webp", "*.bmp",
        "*.gif", "*.PNG", "*.JPG", "*.JPEG", "*.TIF", "*.TIFF", "*.WEBP", "*.BMP", "*.GIF"};

    private final Stage stage;
    private final EditorViewModel model;

    public FileActions(Stage stage, EditorViewModel model) {
        this.stage = stage;
        this.model = model;
    }

    /** File > Open Recent, kept up to date with the model's list. */
    public Menu recentMenu() {
        Menu recent = new Menu(Messages.text("menu.file.recent"));
        recent.setId("menu-recent");
        rebuildRecent(recent);
        model.files().recentFiles().addListener((ListChangeListener<String>) c -> rebuildRecent(recent));
        return recent;
    }

    private void rebuildRecent(Menu recent) {
        recent.getItems().clear();
        for (String path : model.files().recentFiles()) {
            MenuItem entry = new MenuItem(path);
            entry.setMnemonicParsing(false);
            entry.setOnAction(e -> whenSafeToDiscard(() -> model.files().open(Path.of(path))));
            recent.getItems().add(entry);
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    /** A file dropped on the window opens (after the unsaved-work question). */
    public void acceptDrops(Scene scene) {
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                Path dropped = files.get(0).toPath();
                whenSafeToDiscard(() -> model.files().open(dropped));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    @Override
    public void paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (clipboard.hasFiles() && !clipboard.getFiles().isEmpty()) {
            Path file = clipboard.getFiles().get(0).toPath();
            whenSafeToDiscard(() -> model.files().open(file));
        } else if (clipboard.hasImage()) {
            var image = clipboard.getImage();
            whenSafeToDiscard(() -> model.files().openImage(FxImages.fromImage(image), Messages.text("file.clipboardImage")));
        } else {
            model.report(Messages.text("file.nothingToPaste"));
        }
    }

    @Override
    public void chooseAndOpen() {
        whenSafeToDiscard(() -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(Messages.text("file.open.title"));
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(Messages.text("file.images"), IMAGE_PATTERNS),
                    new FileChooser.ExtensionFilter(Messages.text("file.allFiles"), "*"));
            File file = chooser.showOpenDialog(stage);
            if (file != null) {
                model.files().open(file.toPath());
            }
        });
    }

    @Override
    public void save() {
        Spinners.commitFocused(stage.getScene()); // a JPEG quality typed and not yet committed counts
        if (model.documentProperty().get() != null && !model.save()) {
            saveAs();
        }
    }

    @Override
    public void saveAs() {
        saveAs(() -> { });
    }

    /** Asks where, saves, then runs {@code then} once written (not when the user cancels the chooser). */
    private void saveAs(Runnable then) {
        Spinners.commitFocused(stage.getScene());
        SaveChooser.show(stage, model.documentProperty().get().file().orElse(null))
                .ifPresent(file -> model.files().saveAs(file, then));
    }

    @Override
    public void export() {
        File file = model.documentProperty().get() == null ? null : pngChooser("file.export.title").showSaveDialog(stage);
        if (file != null) {
            model.files().exportPng(file.toPath());
        }
    }

    @Override
    public void saveMask() {
        File file = model.documentProperty().get() == null ? null : pngChooser("file.saveMask.title").showSaveDialog(stage);
        if (file != null) {
            model.files().saveMask(file.toPath());
        }
    }

    @Override
    public void loadMask() {
        File file = model.documentProperty().get() == null ? null : pngChooser("file.loadMask.title").showOpenDialog(stage);
        if (file != null) {
            model.files().loadMask(file.toPath());
        }
    }

    private FileChooser pngChooser(String titleKey) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(Messages.text(titleKey));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.text("file.png"), "*.png"));
        model.documentProperty().get().file().ifPresent(f -> {
            if (f.getParent() != null) {
                chooser.setInitialDirectory(f.getParent().toFile());
            }
            String name = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            chooser.setInitialFileName(name + ".png");
        });
        return chooser;
    }

    /**
     * Runs {@code proceed} once nothing is lost by it: at once without unsaved image edits or a
     * running generation, else after the user chose Save (once written), Don't Save, or nothing
     * (Cancel). The mask is not part of a saved file, so a mask alone is not an unsaved edit.
     */
    public void whenSafeToDiscard(Runnable proceed) {
        boolean unsaved = model.history().modifiedProperty().get();
        boolean running = model.generation().generatingProperty().get();
        if (!unsaved && !running) {
            proceed.run();
            return;
        }
        Runnable stopAndProceed = () -> {
            model.cancel();
            proceed.run();
        };
        switch (Dialogs.askToSave(stage, model.history().titleProperty().get(), unsaved, running)) {
            case SAVE -> {
                if (!model.save(stopAndProceed)) {
                    saveAs(stopAndProceed);
                }
            }
            case DONT_SAVE -> stopAndProceed.run();
            case CANCEL -> { }
        }
    }

    /** Quits once nothing is lost by it; the settings are written first. */
    @Override
    public void quit() {
        whenSafeToDiscard(() -> {
            model.cancel();
            model.settingsFile().persist();
            Platform.exit();
        });
    }
}
