package com.arpgstudio.app.models;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.inference.runtime.DeviceReport;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The editor's model management, wired to the editor: the Models dialog (made on first use, kept
 * so that its downloads and state outlive closing it) and the first start's welcome. Disk and
 * network work runs on daemon threads of its own; the device check on the engine's thread.
 */
public final class ModelsWindows {

    private final Stage owner;
    private final ModelsViewModel models;
    private final WelcomeViewModel welcome;
    private final Consumer<Path> openFolder;
    private final ExecutorService background;
    private ModelsDialog dialog;

    /**
     * {@code engineThread} runs the device check (it starts libtorch); {@code openFolder} shows a
     * folder in the desktop's file manager. Call on the FX thread.
     */
    public ModelsWindows(Stage owner, ModelRegistry registry, SettingsStore store, EditorViewModel editor,
            ExecutorService engineThread, Consumer<Path> openFolder) {
        this(owner, registry, store, editor, engineThread, openFolder, new Downloads(),
                () -> DeviceReport.of(store.get().device()));
    }

    /** With the downloads' limits and the device check given (tests). */
    ModelsWindows(Stage owner, ModelRegistry registry, SettingsStore store, EditorViewModel editor,
            ExecutorService engineThread, Consumer<Path> openFolder, Downloads downloads,
            Supplier<DeviceReport> deviceReport) {
        this.owner = owner;
        this.openFolder = openFolder;
        AtomicInteger threads = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "models-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.models = new ModelsViewModel(registry, store, downloads, background, new ModelsViewModel.Editor() {
            @Override
            public void use(String modelId) {
                editor.modelStatus().choose(modelId, editor.modelStatus().chosenDevice());
            }

            @Override
            public void modelsChanged() {
                editor.modelStatus().listChoices();
            }
        });
        this.welcome = new WelcomeViewModel(models, store, engineThread, deviceReport);
        models.refresh();
    }

    public ModelsViewModel models() {
        return models;
    }

    /** Model &gt; Manage models...: shows the Models dialog. */
    public void showModels() {
        if (dialog == null) {
            dialog = new ModelsDialog(owner, models, openFolder);
        }
        dialog.show();
    }

    /** Shows the welcome unless it was dismissed before; its window while it shows. */
    public Optional<Window> welcomeIfFirstStart() {
        if (!welcome.shouldShow()) {
            return Optional.empty();
        }
        WelcomeDialog dialog = new WelcomeDialog(owner, welcome, this::showModels);
        dialog.show();
        return Optional.of(dialog.stage());
    }

    /** The application ends: downloads stop, keeping their partial files for the next start. */
    public void close() {
        models.close();
        background.shutdownNow();
    }
}
