package com.arpgstudio.app.models;

import com.arpgstudio.app.FxToolkit;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * What the models package's window tests share: a stage from TestFX, a {@link ModelsFixture} in a
 * fresh folder (closed after each test), and waiting and reading from the test thread. Lookups
 * run off the FX thread (TestFX waits for it to list windows); reads of node state run on it.
 */
@ExtendWith(ApplicationExtension.class)
abstract class ModelsUiTest {

    @TempDir
    Path dir;
    Stage stage;
    ModelsFixture fixture;

    /** TestFX's primary stage (its @Start methods are looked up on the test class itself only). */
    @BeforeEach
    void primaryStage() throws TimeoutException {
        stage = org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Polls from the test thread (lookups included) until the condition holds. */
    static void await(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The text of the label the query finds. */
    static String text(FxRobot robot, String query) {
        Label label = robot.lookup(query).queryAs(Label.class);
        return FxToolkit.call(label::getText);
    }
}
