package com.arpgstudio.app.models;

import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.DeviceReport;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.EmbeddedModel;
import com.arpgstudio.inference.runtime.FixtureReleases;
import com.arpgstudio.inference.runtime.HfCache;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.TestHub;
import com.arpgstudio.inference.runtime.UserModel;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The editor's model management on a local hub: a registry whose one released model ("Small", the
 * fixture ARPG with the fixture VQ) the hub serves, a settings file, an editor view model over the
 * fake engine, and {@link ModelsWindows} wired to them as the application wires it.
 */
final class ModelsFixture implements AutoCloseable {

    /** The released model's id: the one the welcome offers. */
    static final String MODEL = WelcomeViewModel.OFFERED_MODEL;

    final Path dir;
    final TestHub hub;
    final ReleasedModel small = FixtureReleases.model(MODEL, "ARPG-L", "small.pt");
    final TestHub.Served servedArpg;
    final Path modelsDir;
    final ModelRegistry registry;
    final SettingsStore store;
    final FakeEngine engine = new FakeEngine(1);
    final ExecutorService engineThread = EngineExecutor.create();
    final List<Path> openedFolders = new CopyOnWriteArrayList<>();
    EditorViewModel editor;
    ModelsWindows windows;

    ModelsFixture(Path dir) throws IOException {
        this.dir = dir;
        hub = new TestHub();
        servedArpg = FixtureReleases.serve(hub, small);
        modelsDir = dir.resolve("models");
        registry = new ModelRegistry(modelsDir, new HfCache(dir.resolve("hub")),
                new EmbeddedModel(new URLClassLoader(new URL[0], null)), hub.endpoint(), List.of(small));
        store = SettingsStore.open(dir.resolve("settings.json"));
    }

    /** A user pair of the fixture files, as settings.json would list it. */
    static UserModel fixturePair(String name) {
        return new UserModel(name, ReferenceFixtures.file("arpg.safetensors").toString(),
                ReferenceFixtures.file("vq.safetensors").toString(), null);
    }

    /** Builds the editor's side on the FX thread: a main window (empty) and the model management. */
    ModelsWindows start(Stage stage, Downloads downloads, DeviceReport device) {
        stage.setScene(new Scene(new StackPane(), 900, 600));
        stage.show();
        editor = new EditorViewModel(engine, engineThread, store);
        windows = new ModelsWindows(stage, registry, store, editor, engineThread, openedFolders::add, downloads,
                () -> device);
        return windows;
    }

    boolean installed(String file) {
        return Files.isRegularFile(modelsDir.resolve(file));
    }

    @Override
    public void close() {
        if (windows != null) {
            windows.close();
        }
        engineThread.shutdownNow();
        hub.close();
    }
}
