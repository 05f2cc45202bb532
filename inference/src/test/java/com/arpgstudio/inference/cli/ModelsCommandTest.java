package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.Devices;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.runtime.ReleasedTokenizer;
import com.arpgstudio.inference.runtime.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @TempDir
    Path home;

    private TestHub hub;


    @BeforeEach
    void isolate() throws Exception {
        hub = new TestHub();
        System.setProperty(AppDirectories.HOME_PROPERTY, home.toString());
        System.setProperty(ReleasedModel.ENDPOINT_PROPERTY, hub.endpoint());
    }

    @AfterEach
    void restore() {
        System.clearProperty(AppDirectories.HOME_PROPERTY);
        System.clearProperty(ReleasedModel.ENDPOINT_PROPERTY);
        hub.close();
    }

    private static CliRun models(String... args) {
        return CliRun.of("models", args);
    }

    @Test
    void listsEveryModelWithItsWindowAndRecommendedSettings() {
        CliRun run = models();

        assertEquals(0, run.status(), run.err());
        for (String id : new String[] {"default", "arpg-l", "arpg-xl", "arpg-xxl"}) {
            assertTrue(run.out().contains(id), run.out());
        }
        assertTrue(run.out().contains("256 px, 16x16 tokens, 1000 classes"), run.out());
        List<String> lines = run.out().lines().toList();
        int embedded = lines.indexOf(lines.stream().filter(l -> l.startsWith("default ")).findFirst().orElseThrow());
        assertEquals("sampling: 64 steps (arccos), guidance 1.5 linear, temperature 1.0, top-k 0, top-p 1.0,"
                        + " detail passes 1.38x hotter",
                lines.get(embedded + 1).trim());
        int released = lines.indexOf(lines.stream().filter(l -> l.startsWith("arpg-l ")).findFirst().orElseThrow());
        assertEquals("sampling: " + SamplingSettings.DEFAULTS.describeSampler(), lines.get(released + 1).trim());
    }

    @Test
    void aDownloadThatIsNotTheModelIsRefusedWithExit13AndNothingInstalled() throws Exception {
        byte[] arpg = new byte[120_000];
        byte[] vq = new byte[30_000];
        new Random(3).nextBytes(arpg);
        new Random(4).nextBytes(vq);
        hub.put("arpg_300m.pt", arpg);
        hub.put(ReleasedTokenizer.VQ_16.file(), vq);
        Path models = AppDirectories.under(home).modelsDir();

        CliRun run = models("download", "arpg-l");

        assertEquals(ExitCode.DOWNLOAD_FAILED.status(), run.status(), run.err());
        assertTrue(run.err().contains("vq_ds16_c2i.pt (1 of 2): 0.0 MB of 0.0 MB"), run.err());
        assertTrue(run.err().contains("vq_ds16_c2i.pt is not the file it should be"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        try (var files = Files.list(models)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".pt")).toList());
        }
        assertTrue(models().out().lines().anyMatch(l -> l.startsWith("arpg-l") && l.contains("not downloaded")));
        assertEquals(ExitCode.DOWNLOAD_FAILED.status(), models("download", "arpg-l").status(),
                "never 'already present'");
    }

    @Test
    void aHostileServerEndsInExit13WithAMessage() {
        hub.put("arpg_300m.pt", new byte[1000]).location = "file:///etc/passwd";
        hub.put(ReleasedTokenizer.VQ_16.file(), new byte[1000]).location = "ftp://example.com/vq";

        CliRun run = models("download", "arpg-l");

        assertEquals(ExitCode.DOWNLOAD_FAILED.status(), run.status(), run.err());
        assertTrue(run.err().contains("is not an http or https address; refused"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void removeDeletesADownloadedModelAndRefusesOthers() throws Exception {
        Path models = Files.createDirectories(AppDirectories.under(home).modelsDir());
        Files.write(models.resolve("arpg_300m.pt.part"), new byte[10]);

        CliRun run = models("remove", "arpg-l");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("deleted " + models.resolve("arpg_300m.pt.part")), run.out());
        assertFalse(Files.exists(models.resolve("arpg_300m.pt.part")));
        assertEquals(ExitCode.BAD_MODEL.status(), models("remove", "default").status());
    }

    @Test
    void aFailedDownloadSaysWhyAndExitsNonZero() {
        CliRun run = models("download", "arpg-xl");

        assertEquals(ExitCode.DOWNLOAD_FAILED.status(), run.status());
        assertTrue(run.err().contains("not found"), run.err());
    }

    @Test
    void anUnknownModelIsNamed() {
        CliRun run = models("download", "arpg-xxxl");

        assertEquals(ExitCode.BAD_MODEL.status(), run.status());
        assertTrue(run.err().contains("arpg-xxxl"), run.err());
    }

    @Test
    void aBadSettingIsReportedOnceAndTheFileBackedUp() throws Exception {
        Path settings = AppDirectories.under(home).settingsFile();
        Files.createDirectories(settings.getParent());
        for (String[] command : new String[][] {{}, {"device"}}) {
            Files.writeString(settings, "{\"windowBatch\": 0}");

            CliRun run = models(command);

            assertEquals(0, run.status(), run.err());
            List<String> warnings = run.err().lines().filter(line -> line.startsWith("arpg: settings: ")).toList();
            assertEquals(2, warnings.size(), "the bad value and where the file was kept, once each: " + run.err());
            assertTrue(warnings.get(0).startsWith("arpg: settings: setting 'windowBatch' = 0 is not usable"), run.err());
            assertTrue(warnings.get(1).contains("settings.json.broken-"), run.err());
            assertFalse(models(command).err().contains("arpg: settings:"), "the repaired file has nothing to report");
        }
    }

    @Test
    void deviceShowsTheCpuAndRefusesAnUnusableGpu() {
        CliRun cpu = models("device", "--device", "cpu");
        assertEquals(0, cpu.status(), cpu.err());
        assertTrue(cpu.out().startsWith("CPU\nThe CPU runs generation, as chosen in the settings"), cpu.out());
        CliRun auto = models("device");
        assertEquals(0, auto.status(), auto.err());
        assertTrue(auto.out().contains("runs generation"), auto.out());

        assumeTrue(Devices.probe().libtorchGpus() == 0, "this machine's libtorch can use a GPU");
        CliRun gpu = models("device", "--device", "gpu");
        assertEquals(ExitCode.DEVICE_UNAVAILABLE.status(), gpu.status());
        assertTrue(gpu.err().contains("cuda Maven profile"), gpu.err());

        assertEquals(ExitCode.USAGE.status(), models("device", "--device", "tpu").status());
    }
}
