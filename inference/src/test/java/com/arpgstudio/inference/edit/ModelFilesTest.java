package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.ReleasedTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    private static final Path FIXTURES = Path.of(System.getProperty("arpg.reference", "../shared/fixtures/arpg-reference"));

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

    @Test
    void aRegistryIdNamesADownloadedReleasedModel() throws IOException {
        Path models = AppDirectories.under(home).modelsDir();
        Files.createDirectories(models);
        Path arpg = Files.copy(FIXTURES.resolve("arpg.pt"), models.resolve("arpg_700m.pt"));
        Path vq = Files.copy(FIXTURES.resolve("vq.pt"), models.resolve(ReleasedTokenizer.VQ_16.file()));

        ModelFiles files = ModelFiles.resolve(Path.of("arpg-xl"), null);

        assertEquals(arpg, files.generator());
        assertEquals(vq, files.tokenizer());
        assertNull(files.generatorConfig());
    }

    @Test
    void anIdOfAModelNotOnDiskSaysHowToGetIt() {
        ModelFiles.ModelFilesException e = assertThrows(ModelFiles.ModelFilesException.class,
                () -> ModelFiles.resolve(Path.of("arpg-xxl"), null));

        assertFalse(e.missing());
        assertTrue(e.getMessage().contains("arpg models"), e.getMessage());
    }

    @Test
    void aNameThatIsNeitherAPathNorAnIdIsAMissingFile() {
        ModelFiles.ModelFilesException e = assertThrows(ModelFiles.ModelFilesException.class,
                () -> ModelFiles.resolve(home.resolve("nothing-here"), null));

        assertTrue(e.missing());
    }
}
