package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.Schedule;
import com.arpgstudio.inference.fuzz.Mutations;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.ReleasedTokenizer;
import com.arpgstudio.inference.runtime.Settings;
import com.arpgstudio.inference.runtime.UserFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    private static final Path FIXTURES = ReferenceFixtures.dir();

    @TempDir
    Path home;

    @BeforeEach
    void privateHome() {
        System.setProperty(AppDirectories.HOME_PROPERTY, home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(AppDirectories.HOME_PROPERTY);
    }

    @ReferenceFixtures.Needed
    @Test
    void aRegistryIdNamesADownloadedReleasedModel() throws IOException {
        Path models = AppDirectories.under(home).modelsDir();
        Files.createDirectories(models);
        Path arpg = Files.copy(FIXTURES.resolve("arpg.pt"), models.resolve("arpg_700m.pt"));
        Path vq = Files.copy(FIXTURES.resolve("vq.pt"), models.resolve(ReleasedTokenizer.VQ_16.file()));

        ModelFiles files = ModelFiles.resolve(Path.of("arpg-xl"), null, Settings.defaults());

        assertEquals(arpg, files.generator());
        assertEquals(vq, files.tokenizer());
        assertNull(files.generatorConfig());
    }

    @ReferenceFixtures.Needed
    @Test
    void theEmbeddedModelRecommendsTheSettingsItWasEvaluatedWithAndAReleasedOneTheOfficialDefaults()
            throws IOException {
        // training/README.md: guidance 1.5 (linear schedule), temperature 1.0, no top-k, detail passes 1.38x hotter
        assertEquals(new SamplingSettings(null, 64, 1.5, Guidance.LINEAR, Schedule.ARCCOS, 1.0, 0, 1.0, 1.38, 0L, 1),
                ModelFiles.resolve(null, null, Settings.defaults()).recommendedSettings());
        Path models = AppDirectories.under(home).modelsDir();
        Files.createDirectories(models);
        Files.copy(FIXTURES.resolve("arpg.pt"), models.resolve("arpg_700m.pt"));
        Files.copy(FIXTURES.resolve("vq.pt"), models.resolve(ReleasedTokenizer.VQ_16.file()));
        assertEquals(SamplingSettings.DEFAULTS,
                ModelFiles.resolve(Path.of("arpg-xl"), null, Settings.defaults()).recommendedSettings());
    }

    @ReferenceFixtures.Needed
    @Test
    void aFolderWhoseConfigRecommendsAnUnusableValueIsABadModelNamingIt() throws IOException {
        Path folder = Files.createDirectories(home.resolve("pair"));
        for (String name : new String[] {"arpg.safetensors", "vq.safetensors"}) {
            Files.copy(FIXTURES.resolve(name), folder.resolve(name));
        }
        String config = Files.readString(FIXTURES.resolve("config.json")).trim();
        Files.writeString(folder.resolve("config.json"), config.substring(0, config.length() - 1)
                + ", \"sampling\": {\"topK\": -3}}");
        ModelFiles files = ModelFiles.resolve(folder, null, Settings.defaults());
        ModelFiles.ModelFilesException e = assertThrows(ModelFiles.ModelFilesException.class, files::recommendedSettings);
        assertFalse(e.missing());
        assertTrue(e.getMessage().contains("config.json: 'sampling.topK' = -3 is not usable (setting 'topK': expected 0"),
                e.getMessage());
    }

    @Test
    void anIdOfAModelNotOnDiskSaysHowToGetIt() {
        ModelFiles.ModelFilesException e = assertThrows(ModelFiles.ModelFilesException.class,
                () -> ModelFiles.resolve(Path.of("arpg-xxl"), null, Settings.defaults()));

        assertFalse(e.missing());
        assertTrue(e.getMessage().contains("arpg models"), e.getMessage());
    }

    @Test
    void aNameThatIsNeitherAPathNorAnIdIsAMissingFile() {
        ModelFiles.ModelFilesException e = assertThrows(ModelFiles.ModelFilesException.class,
                () -> ModelFiles.resolve(home.resolve("nothing-here"), null, Settings.defaults()));

        assertTrue(e.missing());
    }

    @Test
    void weightsAreIdentifiedFromRegularFilesOnlyNotAPipeOrDevice() throws Exception {
        Path weights = Files.write(home.resolve("arpg.safetensors"), new byte[] {1, 2, 3});
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
                ModelFiles.identify(weights).sha256());
        for (Mutations.Special special : new Mutations.Special[] {Mutations.Special.FIFO,
            Mutations.Special.LINK_TO_DEV_ZERO, Mutations.Special.FOLDER}) {
            Path file = Mutations.special(home.resolve("weights-" + special), special);
            UserFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(UserFileException.class, () -> ModelFiles.identify(file)), special.toString());
            assertTrue(e.getMessage().contains("weights-" + special) && e.getMessage().contains("model weights file"),
                    e.getMessage());
        }
    }
}
