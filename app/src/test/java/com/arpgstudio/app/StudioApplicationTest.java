package com.arpgstudio.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.AppDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The real application's start (its own settings folder, the embedded model): the first start's
 * welcome and the failure to open the file on the command line come one after the other, the
 * welcome first.
 */
class StudioApplicationTest {

    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private final Thread.UncaughtExceptionHandler handlerBefore = Thread.getDefaultUncaughtExceptionHandler();
    private StudioApplication application;

    @AfterEach
    void stop() throws Exception {
        if (application != null) {
            org.testfx.api.FxToolkit.cleanupApplication(application);
        }
        org.testfx.api.FxToolkit.cleanupStages();
        Thread.setDefaultUncaughtExceptionHandler(handlerBefore); // the application installed its own
        System.clearProperty(AppDirectories.HOME_PROPERTY);
    }

    @Test
    void aFileThatIsNoImageFailsToOpenAfterTheFirstStartsWelcome() throws Exception {
        Path notAnImage = Files.writeString(dir.resolve("notes.txt"), "not an image");
        System.setProperty(AppDirectories.HOME_PROPERTY, dir.resolve("home").toString());
        org.testfx.api.FxToolkit.registerPrimaryStage();
        application = (StudioApplication) org.testfx.api.FxToolkit.setupApplication(StudioApplication.class,
                notAnImage.toString());

        String failed = Messages.text("task.failed", Messages.text("task.open", notAnImage.getFileName()));
        FxToolkit.waitFor("the failure in the status bar", 60_000, () -> failed.equals(status()));
        assertTrue(robot.lookup("#welcome-close").tryQuery().isPresent(), "the welcome is open");
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no failure dialog beside the welcome");

        robot.clickOn("#welcome-close");
        FxToolkit.waitFor("the failure dialog", 10_000, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        assertTrue(robot.lookup("#welcome-close").tryQuery().isEmpty(), "the welcome is closed");
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals(failed, FxToolkit.call(dialog::getHeaderText));
    }

    private String status() {
        return robot.lookup("#status-message").tryQuery().map(node -> ((Label) node).getText()).orElse("");
    }
}
