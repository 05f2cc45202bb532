package com.arpgstudio.app;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.Engines;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application: builds the view model on a daemon engine thread and shows the main
 * window. An image path on the command line is opened at start; with {@code --demo=DIR} a scripted
 * tour of that image saves screenshots into DIR and quits.
 */
public class StudioApplication extends Application {

    private ExecutorService engineThread;

    @Override
    public void start(Stage stage) throws IOException {
        engineThread = EngineExecutor.create();
        SettingsStore settings = SettingsStore.open();
        EditorViewModel model = new EditorViewModel(Engines.forApplication(settings), engineThread, settings);
        MainWindow window = new MainWindow(stage, model);
        window.show();
        List<String> args = getParameters().getUnnamed();
        String demo = getParameters().getNamed().get("demo");
        if (demo != null && !args.isEmpty()) {
            DemoScript.start(window, model, Path.of(args.get(0)), Path.of(demo));
        } else if (!args.isEmpty()) {
            model.open(Path.of(args.get(0)));
        }
    }

    @Override
    public void stop() {
        if (engineThread != null) {
            engineThread.shutdownNow();
        }
    }
}
