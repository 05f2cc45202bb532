package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.fuzz.FuzzRunner;
import com.arpgstudio.inference.fuzz.Mutations;
import com.arpgstudio.inference.runtime.Cancellation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged edit records (the JSON a replay reads, {@link Mutations#json}: absurd numbers in
 * windows, seeds and settings, damaged tokens of a fill or a re-roll, swapped value types, broken punctuation, deep nesting, invalid
 * UTF-8): reading one either fails with an EditException, or gives a record whose replay (on the
 * fast stand-in models, with the recorded inputs) finishes or is refused with an EditException:
 * never another exception, an OutOfMemoryError from an absurd window, or a hang.
 */
class EditRecordFuzzTest {

    private static final long CPU_LIMIT_MS = 5000;

    @TempDir
    Path dir;

    private record Recorded(byte[] json, ArgbImage image, PixelMask mask) {}

    @Test
    void damagedRecordsAreRefusedOrReplayCleanly() throws Exception {
        Editor editor = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY);
        SamplingSettings settings = SamplingSettings.DEFAULTS.withSeed(42).withSteps(4);
        ArgbImage image = FakeModels.picture(300, 200);
        PixelMask mask = PixelMask.ofRect(300, 200, new Rect(100, 50, 90, 80));
        EditResult fill = editor.run(EditRequest.inpaint(image, mask, settings.withVariants(2).withClassId(7)), EditListener.NONE,
                Cancellation.none());
        PixelMask brush = PixelMask.ofRect(300, 200, new Rect(110, 60, 30, 30));
        FillTokens tokens = fill.tokens().get(1);
        List<Recorded> records = List.of(
                recorded(fill, image, mask),
                recorded(editor.run(EditRequest.reroll(fill.images().get(1), tokens, tokens.under(brush, null), brush,
                        settings.withClassId(7)), EditListener.NONE, Cancellation.none()), fill.images().get(1), brush),
                recorded(editor.run(EditRequest.outpaint(image, new Margins(40, 0, 24, 16), settings.withClassId(3)),
                        EditListener.NONE, Cancellation.none()), image, null),
                recorded(editor.run(EditRequest.generate(settings.withClassId(1)), EditListener.NONE,
                        Cancellation.none()), null, null));
        Random random = new Random(12);
        Path file = dir.resolve("record.json");
        try (FuzzRunner fuzz = new FuzzRunner("EditRecord.read + Editor.replay", CPU_LIMIT_MS, EditException.class,
                java.nio.file.NoSuchFileException.class)) { // a link to nothing: no record
            for (int i = 0; i < FuzzRunner.cases(150); i++) {
                Recorded original = records.get(random.nextInt(records.size()));
                // one in 20: a pipe, folder, device link, loop or huge file in its place
                String description = Mutations.writeCase(file, random, 20, () -> Mutations.json(original.json(), random));
                fuzz.run("case " + i + " (" + description + ")", () -> editor.replay(EditRecord.read(file),
                        original.image(), original.mask(), EditListener.NONE, Cancellation.none()));
            }
        }
    }

    /** The case the long run found: a window whose target key was damaged reached the replay as null. */
    @Test
    void aWindowWithoutItsTargetIsRefused() {
        EditResult result = new Editor(FakeModels.of(16), PreviewPolicy.CODES_ONLY).run(EditRequest.generate(
                SamplingSettings.DEFAULTS.withSteps(2).withClassId(1)), EditListener.NONE, Cancellation.none());
        String damaged = result.record().toJson().replaceFirst("\"target\"", "\"tar\\u0000et\"");
        EditException e = assertThrows(EditException.class, () -> EditRecord.fromJson(damaged));
        assertTrue(e.getMessage().contains("region and target"), e.getMessage());
    }

    private static Recorded recorded(EditResult result, ArgbImage image, PixelMask mask) {
        return new Recorded(result.record().toJson().getBytes(StandardCharsets.UTF_8), image, mask);
    }
}
