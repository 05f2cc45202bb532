package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file deleted or overwritten while the models are in use: edits go on with the weights
 * already loaded, and the next load names the file and what is wrong with it instead of crashing.
 */
@ReferenceFixtures.Needed
class ModelFileFaultsTest {

    @TempDir
    Path dir;

    private Path copyOfFixtureModels() throws IOException {
        for (String name : new String[] {"arpg.safetensors", "vq.safetensors", "config.json"}) {
            Files.copy(ReferenceFixtures.file(name), dir.resolve(name));
        }
        return dir;
    }

    private static ArgbImage inpaint(LoadedModels loaded) {
        int size = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize() / 2;
        ArgbImage image = FakeModels.picture(size, size);
        PixelMask mask = PixelMask.ofRect(size, size, new Rect(0, 0, size, size / 2));
        return new Editor(loaded.models(), PreviewPolicy.CODES_ONLY).run(EditRequest.inpaint(image, mask,
                SamplingSettings.DEFAULTS.withSteps(4).withSeed(5).withClassId(0)), EditListener.NONE,
                        Cancellation.none())
                .images().get(0);
    }

    @Test
    void deletedWhileLoadedKeepsWorkingAndTheNextLoadSaysItIsGone() throws IOException {
        Path folder = copyOfFixtureModels();
        ModelFiles files = ModelFiles.resolve(folder, null, Settings.defaults());
        try (LoadedModels loaded = LoadedModels.load(files, Device.cpu())) {
            ArgbImage before = inpaint(loaded);
            Files.delete(folder.resolve("arpg.safetensors"));
            assertEquals(before, inpaint(loaded), "the loaded weights do not depend on the file any more");
        }
        IOException e = assertThrows(IOException.class,
                () -> LoadedModels.load(ModelFiles.resolve(folder.resolve("arpg.safetensors"), null, Settings.defaults()),
                        Device.cpu()));
        assertTrue(e.getMessage().contains("arpg.safetensors") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void changedUnderneathIsAClearErrorOnTheNextLoad() throws IOException {
        Path folder = copyOfFixtureModels();
        Path model = folder.resolve("arpg.safetensors");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(bytes, bytes.length / 2)); // a download or copy cut short
        IOException cut = assertThrows(IOException.class,
                () -> LoadedModels.load(ModelFiles.resolve(folder, null, Settings.defaults()), Device.cpu()));
        assertTrue(cut.getMessage().contains("arpg.safetensors"),
                cut.getMessage());

        Files.writeString(model, "{\"not\": \"a model\"}");
        IOException junk = assertThrows(IOException.class,
                () -> LoadedModels.load(ModelFiles.resolve(folder, null, Settings.defaults()), Device.cpu()));
        assertTrue(junk.getMessage().contains("arpg.safetensors") && junk.getMessage().contains("not a checkpoint"),
                junk.getMessage());
    }
}
