package com.arpgstudio.app.window;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The status bar under a window too narrow for all its fields (a long model or device name, the
 * smallest window) cuts its own fields, never the panels above it: it sets no minimum width.
 */
@ExtendWith(ApplicationExtension.class)
class StatusBarTest {

    private static final double WINDOW_WIDTH = 500;
    private static final double PANEL_WIDTH = 300;

    @TempDir
    static Path dir;
    private final ExecutorService engineThread = EngineExecutor.create();
    private final Region sidePanel = new Region();
    private BorderPane root;

    @Start
    void start(Stage stage) throws Exception {
        EditorViewModel model = new EditorViewModel(new FakeEngine(1), engineThread,
                SettingsStore.open(dir.resolve("settings.json")));
        sidePanel.setMinWidth(PANEL_WIDTH);
        sidePanel.setPrefWidth(PANEL_WIDTH);
        root = new BorderPane(new Region(), null, sidePanel, new StatusBar(model), null);
        stage.setScene(new Scene(root, WINDOW_WIDTH, 400));
        stage.show();
    }

    @AfterEach
    void stop() {
        engineThread.shutdownNow();
    }

    @Test
    void aWindowNarrowerThanTheFieldsKeepsThePanelAboveWhole() {
        // laid out here at the narrow width: the shared test stage may keep another test's minimum size
        double panelRight = FxToolkit.call(() -> {
            root.resize(WINDOW_WIDTH, 400);
            root.layout();
            return sidePanel.getBoundsInParent().getMaxX();
        });
        double rootMinimum = FxToolkit.call(() -> root.minWidth(-1));

        assertTrue(rootMinimum <= WINDOW_WIDTH, "the window's content needs " + rootMinimum + " px");
        assertTrue(panelRight <= WINDOW_WIDTH, "the side panel ends at " + panelRight + " px");
    }
}
