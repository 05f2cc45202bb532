package com.arpgstudio.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.app.FxToolkit;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.DeviceReport;
import com.arpgstudio.inference.runtime.Downloads;
import com.arpgstudio.inference.runtime.FixtureReleases;
import com.arpgstudio.inference.runtime.TestHub;
import com.arpgstudio.inference.runtime.UserModel;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** Add your own pair...: files checked with the safe readers before the pair is listed; Remove. */
@ReferenceFixtures.Needed
class AddPairDialogTest extends ModelsUiTest {

    private static final Path FIXTURES = ReferenceFixtures.dir();

    private void openAddPair(FxRobot robot) throws Exception {
        fixture = new ModelsFixture(dir);
        robot.interact(() -> fixture.start(stage, new Downloads(TestHub.options()),
                new DeviceReport(false, "CPU", "")).showModels());
        robot.clickOn("#models-add-pair");
        await("the dialog", 10_000, () -> robot.lookup("#add-pair-dialog").tryQuery().isPresent());
    }

    private static void fill(FxRobot robot, String name, Path arpg, Path vq) {
        TextField nameField = robot.lookup("#add-pair-name").queryAs(TextField.class);
        TextField arpgField = robot.lookup("#add-pair-arpg").queryAs(TextField.class);
        TextField vqField = robot.lookup("#add-pair-vq").queryAs(TextField.class);
        robot.interact(() -> {
            nameField.setText(name);
            arpgField.setText(arpg.toString());
            vqField.setText(vq.toString());
        });
    }

    private static String verdictOnceRead(FxRobot robot) throws InterruptedException {
        Label verdict = robot.lookup("#add-pair-verdict").queryAs(Label.class);
        await("the files' verdict", 20_000,
                () -> !FxToolkit.call(verdict::getText).equals("Reading the files…"));
        return FxToolkit.call(verdict::getText);
    }

    /** The OK-kind button (Add, Remove) of the dialog pane with that id. */
    private static Node okButton(FxRobot robot, String paneId) {
        DialogPane pane = robot.lookup(paneId).queryAs(DialogPane.class);
        return FxToolkit.call(() -> pane.lookupButton(pane.getButtonTypes().stream()
                .filter(b -> b.getButtonData() == ButtonType.OK.getButtonData()).findFirst().orElseThrow()));
    }

    private static Node addButton(FxRobot robot) {
        return okButton(robot, "#add-pair-dialog");
    }

    @Test
    void filesThatAreNotAnArpgAndVqPairAreRefusedWithTheReason(FxRobot robot) throws Exception {
        openAddPair(robot);

        fill(robot, "swapped", FIXTURES.resolve("vq.safetensors"), FIXTURES.resolve("arpg.safetensors"));
        String swapped = verdictOnceRead(robot);
        assertTrue(swapped.startsWith("These files cannot be used:") && swapped.contains("is not ARPG weights"), swapped);
        assertTrue(FxToolkit.call(addButton(robot)::isDisabled));

        Path text = java.nio.file.Files.writeString(dir.resolve("notes.pt"), "not a checkpoint");
        fill(robot, "text", text, FIXTURES.resolve("vq.safetensors"));
        String notCheckpoint = verdictOnceRead(robot);
        assertTrue(notCheckpoint.startsWith("These files cannot be used:"), notCheckpoint);
        assertTrue(FxToolkit.call(addButton(robot)::isDisabled));

        robot.clickOn("Cancel");
        assertEquals(List.of(), fixture.store.get().userModels(), "nothing was saved");
    }

    @Test
    void aGoodPairIsAddedToTheSettingsAndListedThenRemoved(FxRobot robot) throws Exception {
        openAddPair(robot);

        fill(robot, "mine", FIXTURES.resolve("arpg.pt"), FIXTURES.resolve("vq.pt"));
        String verdict = verdictOnceRead(robot);
        assertTrue(verdict.startsWith("ARPG and VQ weights: 256 px window (16×16 tokens)"), verdict);
        assertFalse(FxToolkit.call(addButton(robot)::isDisabled));
        robot.clickOn(addButton(robot));

        assertEquals(List.of("mine"), fixture.store.get().userModels().stream().map(UserModel::name).toList());
        await("the pair's row", 10_000, () -> robot.lookup("#model-row-user-mine").tryQuery().isPresent());
        Label status = robot.lookup("#model-row-user-mine #model-status").queryAs(Label.class);
        await("the pair read", 10_000, () -> FxToolkit.call(status::getText).equals("Ready"));

        robot.clickOn(robot.lookup("#model-row-user-mine #model-remove").queryButton());
        await("the question", 10_000,
                () -> robot.lookup("#models-remove-confirm").tryQuery().isPresent());
        robot.clickOn(okButton(robot, "#models-remove-confirm"));

        await("the row gone", 10_000, () -> robot.lookup("#model-row-user-mine").tryQuery().isEmpty());
        assertEquals(List.of(), fixture.store.get().userModels());
        assertTrue(java.nio.file.Files.exists(FIXTURES.resolve("arpg.pt")), "a pair's files stay");
    }

    @Test
    void aNameAlreadyListedIsRefused(FxRobot robot) throws Exception {
        fixture = new ModelsFixture(dir);
        fixture.store.update(s -> s.edit().userModels(List.of(ModelsFixture.fixturePair("mine"))).build());
        robot.interact(() -> fixture.start(stage, new Downloads(TestHub.options()),
                new DeviceReport(false, "CPU", "")).showModels());
        robot.clickOn("#models-add-pair");

        fill(robot, "mine", FIXTURES.resolve("arpg.pt"), FIXTURES.resolve("vq.pt"));

        assertTrue(verdictOnceRead(robot).contains("A pair named mine is already listed"));
        assertTrue(FxToolkit.call(addButton(robot)::isDisabled));
    }
}
