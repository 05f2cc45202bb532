package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.DjlRuntime;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Whole edits (window planning, encoding, generation, previews, decoding, compositing) leave no
 * native array behind: the count of arrays under DJL's system manager, which every manager
 * descends from, is the same after many edits as after the first ones. Complements the engine's and
 * tokenizer's own flat-memory tests with the glue between them; the long-run numbers come from
 * {@code com.arpgstudio.bench.SoakBench}.
 */
@ReferenceFixtures.Needed
class EditNativeMemoryTest {

    @Test
    void repeatedEditsKeepTheNativeArrayCountFlat() throws IOException {
        try (LoadedModels loaded = FixtureModels.load()) {
            // half the model's window, as the other fixture tests, so the test stays quick on a shared CPU
            int size = loaded.models().generator().gridColumns() * loaded.models().tokenizer().patchSize() / 2;
            Editor editor = new Editor(loaded.models(), PreviewPolicy.ADAPTIVE);
            ArgbImage image = ArgbImage.blank(size, size);
            SamplingSettings settings = SamplingSettings.DEFAULTS.withSteps(4);
            for (int run = 0; run < 2; run++) { // warm-up: lazily built tables
                image = inpaint(editor, image, settings, run);
            }
            int arrays = DjlRuntime.liveArrays();
            assertTrue(arrays > 0, "the loaded weights are counted");
            for (int run = 2; run < 8; run++) {
                image = inpaint(editor, image, settings, run);
            }
            assertEquals(arrays, DjlRuntime.liveArrays(), "native arrays left behind by 6 edits");
        }
    }

    private static ArgbImage inpaint(Editor editor, ArgbImage image, SamplingSettings settings, int run) {
        int hole = image.width() / 4;
        int offset = (run * 5) % (image.width() - hole);
        PixelMask mask = PixelMask.ofRect(image.width(), image.height(), new Rect(offset, offset, hole, hole));
        return editor.run(EditRequest.inpaint(image, mask, settings.withSeed(run).withClassId(0)), EditListener.NONE,
                Cancellation.none()).images().get(0);
    }
}
