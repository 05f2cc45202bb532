package com.arpgstudio.app;

import com.arpgstudio.app.document.Autosave;
import com.arpgstudio.app.editing.AutosaveBinding;
import com.arpgstudio.app.editing.EditEngine;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.Engines;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.models.ModelsWindows;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.Texts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: builds the view model on a daemon engine thread and shows the main
 * window. An image path on the command line is opened at start; with {@code --demo=DIR} a scripted
 * tour of that image saves screenshots into DIR and quits. The open document is autosaved to the
 * data folder; after a crash the next start offers it back.
 */
public class StudioApplication extends Application {

    private static final double AUTOSAVE_SECONDS = 5;
    /** How long quitting waits for the engine to stop at its next step and free the model. */
    static final long ENGINE_STOP_SECONDS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(StudioApplication.class);

    private ExecutorService engineThread;
    private EditEngine engine;
    private AutosaveBinding autosaving;
    private ModelsWindows modelsWindows;

    @Override
    public void start(Stage stage) throws IOException {
        engineThread = EngineExecutor.create();
        SettingsStore settings = SettingsStore.open();
        ModelRegistry registry = ModelRegistry.standard();
        engine = Engines.forApplication(settings, registry);
        EditorViewModel model = new EditorViewModel(engine, engineThread, settings);
        MainWindow window = new MainWindow(stage, model);
        Consumer<Path> openFolder = folder -> getHostServices().showDocument(folder.toUri().toString());
        modelsWindows = new ModelsWindows(stage, registry, settings, model, engineThread, openFolder);
        window.setManageModels(modelsWindows::showModels);
        window.setFolderOpener(openFolder);
        new UncaughtExceptions(window.failures()).install();
        window.show();
        model.settingsFile().reportProblems();
        List<String> args = getParameters().getUnnamed();
        String demo = getParameters().getNamed().get("demo");
        if (demo != null && !args.isEmpty()) { // a scripted tour: no restore question, no autosave
            DemoScript.start(window, model, Path.of(args.get(0)), Path.of(demo));
            return;
        }
        Autosave autosave = new Autosave(AppDirectories.current().dataDir().resolve("autosave"));
        offerRestore(stage, model, autosave);
        autosaving = new AutosaveBinding(model, autosave, Duration.seconds(AUTOSAVE_SECONDS));
        // The welcome first: a failure to open the image waits until it is closed.
        modelsWindows.welcomeIfFirstStart().ifPresent(window.failures()::after);
        if (!args.isEmpty()) {
            model.files().open(Path.of(args.get(0)));
        }
    }

    /** After a crash the autosave is still there: ask whether to open it (before autosaving anew). */
    private static void offerRestore(Stage stage, EditorViewModel model, Autosave autosave) {
        Optional<Autosave.Snapshot> found;
        try {
            found = autosave.read();
        } catch (IOException e) {
            new Alert(Alert.AlertType.WARNING, Messages.text("restore.failed", Texts.escaped(e.getMessage())))
                    .showAndWait();
            return;
        }
        if (found.isEmpty()) {
            return;
        }
        Autosave.Snapshot snapshot = found.get();
        String name = snapshot.file() == null ? Messages.text("restore.untitled")
                : Texts.escaped(snapshot.file().getFileName().toString());
        ButtonType restore = new ButtonType(Messages.text("restore.restore"), ButtonBar.ButtonData.OK_DONE);
        ButtonType discard = new ButtonType(Messages.text("restore.discard"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert ask = new Alert(Alert.AlertType.CONFIRMATION, Messages.text("restore.question", name,
                snapshot.image().width(), snapshot.image().height(), snapshot.editRecords().size(),
                snapshot.savedAt().toString()), restore, discard);
        ask.initOwner(stage);
        ask.setHeaderText(Messages.text("restore.header"));
        if (ask.showAndWait().orElse(discard) == restore) {
            model.files().openRestored(snapshot);
        }
    }

    @Override
    public void stop() throws Exception {
        if (modelsWindows != null) {
            modelsWindows.close();
        }
        if (autosaving != null) {
            autosaving.close(true); // a clean exit: the user already chose what to save
        }
        if (engineThread != null) {
            // Closing the window cancelled any generation: it ends at its next step; then the model
            // is freed. Bounded, so a native call that never returns cannot hold the exit (the
            // engine thread is a daemon and does not keep the JVM alive).
            engineThread.execute(engine::close);
            engineThread.shutdown();
            if (!engineThread.awaitTermination(ENGINE_STOP_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the engine did not stop within {} s", ENGINE_STOP_SECONDS);
                engineThread.shutdownNow();
            }
        }
    }
}
