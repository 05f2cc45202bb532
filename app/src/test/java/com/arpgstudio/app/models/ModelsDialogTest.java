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
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressBar;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The Models dialog against the local hub: progress, Cancel, resume from the partial file (of a
 * cancelled download, and one an earlier run left), a checksum mismatch and a full disk reported
 * in words with nothing half-written used as a model, and Use switching the editor's model.
 */
@ReferenceFixtures.Needed
class ModelsDialogTest extends ModelsUiTest {

    private static final String ROW = "#model-row-" + ModelsFixture.MODEL;
    private static final DeviceReport CPU = new DeviceReport(false, "The CPU runs generation.", "");

    /** The dialog open, on downloads with these limits. */
    private void open(FxRobot robot, Downloads downloads) throws Exception {
        fixture = new ModelsFixture(dir);
        robot.interact(() -> fixture.start(stage, downloads, CPU).showModels());
        await("the released model's row", 10_000, () -> robot.lookup(ROW).tryQuery().isPresent());
    }

    private static Node inRow(FxRobot robot, String id) {
        return robot.lookup(ROW + " #" + id).query();
    }

    // Lookups run off the FX thread (TestFX waits for it to list windows); reads run on it.

    private static String inRowText(FxRobot robot, String id) {
        return text(robot, ROW + " #" + id);
    }

    private static boolean shown(FxRobot robot, String id) {
        Node node = inRow(robot, id);
        return FxToolkit.call(node::isVisible);
    }

    private static double progress(FxRobot robot) {
        ProgressBar bar = (ProgressBar) inRow(robot, "model-progress");
        return FxToolkit.call(bar::getProgress);
    }

    @Test
    void downloadShowsProgressAndInstallsTheModel(FxRobot robot) throws Exception {
        open(robot, new Downloads(TestHub.options()));
        fixture.servedArpg.chunkDelayMillis = 40;
        assertEquals("Not downloaded", inRowText(robot, "model-status"));

        robot.clickOn(inRow(robot, "model-download"));

        await("progress with bytes and speed", 20_000, () -> shown(robot, "model-progress")
                && progress(robot) > 0
                && inRowText(robot, "model-status").contains(" of ") && inRowText(robot, "model-status").contains("/s"));
        assertTrue(inRowText(robot, "model-status").matches(".+ of .+ \\(file [12] of 2\\), .+/s.*"),
                inRowText(robot, "model-status"));
        assertTrue(shown(robot, "model-cancel"));
        assertFalse(shown(robot, "model-download"));
        await("the finished download", 60_000, () -> inRowText(robot, "model-status").equals("Ready"));
        assertTrue(fixture.installed("small.pt") && fixture.installed(FixtureReleases.TOKENIZER_FILE));
        assertFalse(shown(robot, "model-progress"));
        assertTrue(shown(robot, "model-use"));
    }

    @Test
    void cancelKeepsThePartialFileAndTheNextDownloadResumesIt(FxRobot robot) throws Exception {
        open(robot, new Downloads(TestHub.options()));
        fixture.servedArpg.chunkDelayMillis = 100;
        robot.clickOn(inRow(robot, "model-download"));
        Path part = fixture.modelsDir.resolve("small.pt.part");
        await("some bytes of the model", 30_000, () -> Files.isRegularFile(part) && size(part) > 0);

        robot.clickOn(inRow(robot, "model-cancel"));

        await("the cancelled state", 10_000, () -> shown(robot, "model-download"));
        assertTrue(inRowText(robot, "model-problem").startsWith("Download cancelled. Download resumes it."),
                inRowText(robot, "model-problem"));
        assertTrue(inRowText(robot, "model-status").startsWith("Partly downloaded"), inRowText(robot, "model-status"));
        long kept = size(part);
        assertTrue(kept > 0);
        assertFalse(fixture.installed("small.pt"), "a cancelled download is not a model");

        fixture.servedArpg.chunkDelayMillis = 0;
        robot.clickOn(inRow(robot, "model-download"));

        await("the resumed download", 60_000, () -> inRowText(robot, "model-status").equals("Ready"));
        assertTrue(fixture.hub.rangeHeaders().contains("bytes=" + kept + "-"), "resumed from the partial file: "
                + fixture.hub.rangeHeaders());
        assertTrue(fixture.installed("small.pt"));
        assertFalse(Files.exists(part));
    }

    @Test
    void aPartialFileLeftByAnEarlierRunIsShownAndResumed(FxRobot robot) throws Exception {
        byte[] arpg = Files.readAllBytes(ReferenceFixtures.file("arpg.pt"));
        int kept = arpg.length / 2;
        Path part = Files.createDirectories(dir.resolve("models")).resolve("small.pt.part");
        Files.write(part, java.util.Arrays.copyOf(arpg, kept));
        open(robot, new Downloads(TestHub.options()));
        assertTrue(inRowText(robot, "model-status").startsWith("Partly downloaded"), inRowText(robot, "model-status"));

        robot.clickOn(inRow(robot, "model-download"));

        await("the resumed download", 60_000, () -> inRowText(robot, "model-status").equals("Ready"));
        assertTrue(fixture.hub.rangeHeaders().contains("bytes=" + kept + "-"), "resumed from the earlier run's part: "
                + fixture.hub.rangeHeaders());
        assertTrue(java.util.Arrays.equals(arpg, Files.readAllBytes(fixture.modelsDir.resolve("small.pt"))));
        assertFalse(Files.exists(part));
    }

    @Test
    void aChecksumMismatchIsReportedInWordsAndNothingIsInstalled(FxRobot robot) throws Exception {
        open(robot, new Downloads(TestHub.options()));
        fixture.servedArpg.corrupt = true;

        robot.clickOn(inRow(robot, "model-download"));

        await("the failure", 30_000, () -> shown(robot, "model-problem"));
        String problem = inRowText(robot, "model-problem");
        assertTrue(problem.startsWith("Download failed: checksum or content check failed"), problem);
        assertTrue(problem.contains("expected SHA-256"), problem);
        assertFalse(fixture.installed("small.pt"));
        assertFalse(Files.exists(fixture.modelsDir.resolve("small.pt.part")), "the damaged bytes are gone");
        assertEquals("Not downloaded", inRowText(robot, "model-status"));
        assertFalse(shown(robot, "model-use"), "a model that is not there cannot be used");
    }

    @Test
    void aFullDiskIsReportedWithTheSizesBeforeAnythingIsFetched(FxRobot robot) throws Exception {
        open(robot, new Downloads(TestHub.options().withFreeSpace(folder -> 2_000)));

        robot.clickOn(inRow(robot, "model-download"));

        await("the failure", 30_000, () -> shown(robot, "model-problem"));
        String problem = inRowText(robot, "model-problem");
        assertTrue(problem.startsWith("Download failed: not enough disk space."), problem);
        assertTrue(problem.contains("needs about") && problem.contains("has 2.0 kB free"), problem);
        assertTrue(fixture.hub.rangeHeaders().isEmpty(), "nothing was fetched");
        assertFalse(fixture.installed("small.pt") || fixture.installed(FixtureReleases.TOKENIZER_FILE));
    }

    @Test
    void useSwitchesTheEditorsModelAndClosingLeavesDownloadsRunning(FxRobot robot) throws Exception {
        open(robot, new Downloads(TestHub.options()));
        fixture.servedArpg.chunkDelayMillis = 20;
        robot.clickOn(inRow(robot, "model-download"));
        await("a running download", 10_000, () -> shown(robot, "model-cancel"));

        robot.clickOn("#models-close");

        await("the download, finished with the dialog closed", 60_000,
                () -> fixture.installed("small.pt"));
        robot.interact(() -> fixture.windows.showModels());
        await("the Use button", 10_000, () -> shown(robot, "model-use"));
        int reloads = fixture.engine.reloads.get();

        robot.clickOn(inRow(robot, "model-use"));

        await("the switch", 10_000, () -> inRowText(robot, "model-status").equals("In use"));
        assertEquals(ModelsFixture.MODEL, fixture.store.get().modelId());
        await("the engine's reload", 10_000, () -> fixture.engine.reloads.get() > reloads);
        assertFalse(shown(robot, "model-use"));
        assertFalse(shown(robot, "model-remove"), "the model in use cannot be removed");
    }

    @Test
    void openModelsFolderShowsTheFolderDownloadsGoTo(FxRobot robot) throws Exception {
        open(robot, new Downloads(TestHub.options()));

        robot.clickOn("#models-open-folder");

        await("the folder", 5_000, () -> !fixture.openedFolders.isEmpty());
        assertEquals(fixture.modelsDir, fixture.openedFolders.get(0));
        assertTrue(Files.isDirectory(fixture.modelsDir));
        Button add = robot.lookup("#models-add-pair").queryButton();
        assertTrue(FxToolkit.call(add::isVisible));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
