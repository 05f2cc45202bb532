package com.arpgstudio.app.actions;

import com.arpgstudio.app.editing.EditorViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableBooleanValue;

/**
 * What the actions act on: the editor's state and the commands of the window's parts. Each
 * {@link ActionId} says, in terms of these, what it does and when it is disabled; the window builds
 * one and {@link ActionRegistry} wires every action from it. The parts implement the small command
 * interfaces below, so this package needs none of them.
 */
public record ActionTargets(EditorViewModel model, FileCommands files, ViewCommands view, ToolCommands tools,
        WindowCommands window) {

    /** Opening, saving and quitting, with their choosers and questions. */
    public interface FileCommands {
        void chooseAndOpen();

        void paste();

        void save();

        void saveAs();

        void export();

        void saveMask();

        void loadMask();

        void quit();
    }

    /** The canvas's zoom. */
    public interface ViewCommands {
        void zoomIn();

        void zoomOut();

        void fit();

        void actualSize();
    }

    /** The mask tools' settings. */
    public interface ToolCommands {
        BooleanProperty subtractProperty();

        void growBrush();

        void shrinkBrush();
    }

    /** What only the window does: its dialogs, its theme, the fields being typed in. */
    public interface WindowCommands {
        /** Takes the value of a field still being typed in, before an edit reads the settings. */
        void commitTypedValues();

        void manageModels();

        void showShortcuts();

        void openLogFolder();

        /** True while the desktop offers no way to open a folder. */
        ObservableBooleanValue logFolderUnavailable();

        BooleanProperty darkThemeProperty();
    }
}
