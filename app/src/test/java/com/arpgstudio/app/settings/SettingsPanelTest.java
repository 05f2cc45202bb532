package com.arpgstudio.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.app.editing.EditorViewModel;
import com.arpgstudio.app.editing.EngineExecutor;
import com.arpgstudio.app.editing.FakeEngine;
import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.runtime.DetailPass;
import com.arpgstudio.inference.runtime.DeviceChoice;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The settings panel with the editor's view model over the fake engine: loading a model shows its
 * recommended settings, choosing another applies its own except where the user typed a value, and
 * "Reset to the model's settings" restores them.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsPanelTest {

    private static final SamplingSettings EMBEDDED =
            new SamplingSettings(null, 64, 1.5, Guidance.LINEAR, Schedule.ARCCOS, 0.9, 100, 1.0, 1.4, 0L, 1);
    private static final SamplingSettings OTHER =
            new SamplingSettings(null, 48, 3.0, Guidance.CONSTANT, Schedule.ARCCOS, 1.0, 0, 1.0, 1.15, 0L, 1);

    @TempDir
    static Path dir;
    private final FakeEngine engine = new FakeEngine(1);
    private final ExecutorService engineThread = EngineExecutor.create();
    private EditorViewModel editor;

    @Start
    void start(Stage stage) throws Exception {
        editor = new EditorViewModel(engine, engineThread, SettingsStore.open(dir.resolve("settings.json")));
        stage.setScene(new Scene(new SettingsPanel(editor.settings(), editor.modelStatus().classNamesProperty()), 420, 520));
        stage.show();
    }

    @AfterEach
    void stop() {
        engineThread.shutdownNow();
    }

    private double spinner(FxRobot robot, String id) {
        Spinner<?> spinner = robot.lookup("#" + id + "-spinner").queryAs(Spinner.class);
        return FxToolkit.call(() -> ((Number) spinner.getValue()).doubleValue());
    }

    @Test
    void theChosenModelsSettingsApplyExceptWhereTheUserTypedAndResetRestoresThem(FxRobot robot) {
        engine.recommended = EMBEDDED;
        robot.interact(editor.modelStatus()::load);
        // (conditions run on the FX thread)
        FxToolkit.waitFor("the model's settings", 10_000, () -> editor.settings().guidanceScaleProperty().get() == 1.5);
        assertEquals(1.5, spinner(robot, "guidance"));
        assertEquals(0.9, spinner(robot, "temperature"));
        assertEquals(100, spinner(robot, "top-k"));
        assertEquals(1.4, spinner(robot, "detail-temperature-ratio"));

        robot.clickOn("#temperature-spinner").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("1.3").clickOn("#steps-spinner");
        assertEquals(1.3, spinner(robot, "temperature"), 1e-9);

        engine.recommended = OTHER;
        robot.interact(() -> editor.modelStatus().choose("arpg-l", DeviceChoice.AUTO));
        FxToolkit.waitFor("the other model's settings", 10_000,
                () -> editor.settings().guidanceScaleProperty().get() == 3.0);
        assertEquals(3.0, spinner(robot, "guidance"));
        assertEquals(48, spinner(robot, "steps"));
        assertEquals(0, spinner(robot, "top-k"));
        assertEquals(Guidance.CONSTANT, FxToolkit.call(() -> editor.settings().guidanceScheduleProperty().get()));
        assertEquals(1.3, spinner(robot, "temperature"), 1e-9, "the typed temperature stays");
        assertEquals(1.15, spinner(robot, "detail-temperature-ratio"), 1e-9);

        robot.clickOn("#reset-to-model");

        assertEquals(1.0, spinner(robot, "temperature"));
        assertEquals(OTHER, FxToolkit.call(() -> editor.settings().snapshot()).withSeed(0));
    }

    @Test
    void guidanceAndItsRampWaitForAClass(FxRobot robot) {
        Spinner<?> guidance = robot.lookup("#guidance-spinner").queryAs(Spinner.class);
        ChoiceBox<?> ramp = robot.lookup("#guidance-schedule").queryAs(ChoiceBox.class);
        robot.interact(() -> editor.settings().classIdProperty().set(null));
        assertTrue(guidance.isDisabled(), "no class: nothing to steer towards");
        assertTrue(ramp.isDisabled());
        robot.interact(() -> editor.settings().classIdProperty().set(3));
        assertFalse(guidance.isDisabled(), "a class: guidance steers towards it");
        assertFalse(ramp.isDisabled());
    }

    @Test
    void theDetailPassIsChosenByName(FxRobot robot) {
        @SuppressWarnings("unchecked")
        ChoiceBox<DetailPass> detail = robot.lookup("#detail-pass").queryAs(ChoiceBox.class);
        assertEquals(DetailPass.DEFAULT, FxToolkit.call(detail::getValue));
        assertEquals("Auto", FxToolkit.call(() -> detail.getConverter().toString(DetailPass.AUTO)));
        assertEquals("Off", FxToolkit.call(() -> detail.getConverter().toString(DetailPass.OFF)));
        Spinner<?> ratio = robot.lookup("#detail-temperature-ratio-spinner").queryAs(Spinner.class);
        assertFalse(ratio.isDisabled());
        robot.interact(() -> detail.setValue(DetailPass.OFF));
        assertEquals(DetailPass.OFF, editor.settings().detailPassProperty().get());
        assertTrue(ratio.isDisabled(), "no detail pass: its temperature has nothing to change");
    }

    @Test
    void anEmptiedSeedFieldShowsTheSeedAgainAndKeepsIt(FxRobot robot) {
        robot.interact(() -> editor.settings().seedProperty().set(1234));
        TextField seed = robot.lookup("#seed-field").queryAs(TextField.class);
        FxToolkit.run(() -> {
            seed.requestFocus();
            seed.clear();
            robot.lookup("#steps-spinner").query().requestFocus();
        });

        assertEquals(1234, FxToolkit.call(() -> editor.settings().seedProperty().get()));
        assertEquals("1234", FxToolkit.call(seed::getText));
    }

    /** The spinners' bounds are the record's: a value the command line takes is shown, not clamped. */
    @Test
    void theRecordsExtremeValuesAreShownAsTheyAre(FxRobot robot) {
        SamplingSettings extreme = SamplingSettings.DEFAULTS.withSteps(SamplingSettings.MAX_STEPS)
                .withSampling(SamplingSettings.MIN_TEMPERATURE, SamplingSettings.MAX_TOP_K, SamplingSettings.MIN_TOP_P)
                .withDetailTemperatureRatio(SamplingSettings.MAX_DETAIL_TEMPERATURE_RATIO);
        engine.recommended = extreme;
        robot.interact(editor.modelStatus()::load);
        FxToolkit.waitFor("the model's settings", 10_000,
                () -> editor.settings().stepsProperty().get() == SamplingSettings.MAX_STEPS);
        assertEquals(SamplingSettings.MIN_TEMPERATURE, spinner(robot, "temperature"));
        assertEquals(SamplingSettings.MAX_TOP_K, spinner(robot, "top-k"));
        assertEquals(SamplingSettings.MIN_TOP_P, spinner(robot, "top-p"));
        assertEquals(SamplingSettings.MAX_DETAIL_TEMPERATURE_RATIO, spinner(robot, "detail-temperature-ratio"));
        assertEquals(extreme.withSeed(0).withVariants(1),
                FxToolkit.call(() -> editor.settings().snapshot().withSeed(0).withVariants(1)));
    }
}
