package com.arpgstudio.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.DeviceReport;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.Sizes;
import com.arpgstudio.inference.runtime.TestHub;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The first start's welcome: the embedded model, ARPG-L with its size, the device and what to do. */
@ReferenceFixtures.Needed
class WelcomeDialogTest extends ModelsUiTest {

    private static final DeviceReport NO_DRIVER = DeviceReport.of(com.arpgstudio.inference.runtime.DeviceChoice.AUTO,
            new com.arpgstudio.inference.runtime.Devices.Probe(0, 0, "cpu"), java.util.Optional.empty());

    private void firstStart(FxRobot robot) throws Exception {
        fixture = new ModelsFixture(dir);
        robot.interact(() -> fixture.start(stage, new Downloads(TestHub.options()), NO_DRIVER).welcomeIfFirstStart());
        await("the welcome", 10_000, () -> robot.lookup("#welcome-offer").tryQuery().isPresent());
    }

    @Test
    void saysWhatTheEmbeddedModelIsGoodForOffersArpgLAndNamesTheDevice(FxRobot robot) throws Exception {
        firstStart(robot);

        String offer = text(robot, "#welcome-offer");
        assertTrue(offer.startsWith("ARPG-L, the smallest model released with the paper"), offer);
        assertTrue(offer.contains(Sizes.describe(fixture.small.expectedBytes() + fixture.small.tokenizer().expectedBytes())),
                offer);
        await("the device", 10_000, () -> !text(robot, "#welcome-device").startsWith("Checking"));
        assertEquals(NO_DRIVER.summary(), text(robot, "#welcome-device"));
        assertTrue(text(robot, "#welcome-advice").contains("install the NVIDIA driver"), text(robot, "#welcome-advice"));
        assertTrue(robot.lookup(".welcome").queryAs(javafx.scene.Parent.class).getChildrenUnmodifiable().stream()
                .anyMatch(n -> n instanceof Label l && l.getText().contains("small fills of landscapes and textures")));
    }

    @Test
    void notNowDismissesItForGood(FxRobot robot) throws Exception {
        firstStart(robot);

        robot.clickOn("#welcome-close");

        assertTrue(fixture.store.get().welcomeDismissed());
        assertTrue(SettingsStore.open(dir.resolve("settings.json")).get().welcomeDismissed(), "remembered in the file");
        robot.interact(() -> fixture.windows.welcomeIfFirstStart());
        assertTrue(robot.lookup("#welcome-offer").tryQuery().isEmpty(), "not shown again");
    }

    @Test
    void downloadArpgLStartsItAndShowsTheModelsDialog(FxRobot robot) throws Exception {
        firstStart(robot);
        await("the models listed", 10_000,
                () -> FxToolkit.call(() -> fixture.windows.models().row(ModelsFixture.MODEL).isPresent()));
        fixture.servedArpg.chunkDelayMillis = 20;

        robot.clickOn("#welcome-download");

        await("the Models dialog", 10_000, () -> FxToolkit.call(() -> Window.getWindows().stream()
                .anyMatch(w -> w.isShowing() && w.getScene().lookup("#models-list") != null)));
        assertTrue(fixture.store.get().welcomeDismissed());
        await("the download", 60_000, () -> fixture.installed("small.pt"));
        assertFalse(robot.lookup("#welcome-offer").tryQuery().isPresent());
    }
}
