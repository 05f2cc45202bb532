package com.arpgstudio.app.reroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditOptions;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.ModelIdentity;
import com.arpgstudio.inference.edit.Operation;
import com.arpgstudio.inference.edit.PixelDigest;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.TokenCells;
import com.arpgstudio.inference.edit.Window;
import com.arpgstudio.inference.edit.WindowTokens;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTokensTest {

    private static FillTokens tokens(float probability) {
        Window window = new Window(new Rect(0, 0, 32, 32), new Rect(0, 0, 32, 32), 2, 2, 1.0);
        float[] p = {probability, Float.NaN, Float.NaN, Float.NaN};
        return new FillTokens(List.of(new WindowTokens(window, new byte[] {TokenCells.UNKNOWN, 0, 0, 0},
                new int[] {5, 6, 7, 8}, p, p.clone())), null);
    }

    private static ArgbImage image(int colour) {
        ArgbImage r = ArgbImage.blank(32, 32);
        Arrays.fill(r.pixels(), colour);
        return r;
    }

    private static String digest(ArgbImage r) {
        return PixelDigest.of(new ArgbImage(r.width(), r.height(), r.pixels()));
    }

    @Test
    void theImagesTokensAreThoseOfTheVariantWithItsPixels() {
        ArgbImage first = image(0xff112233);
        ArgbImage second = image(0xff445566);
        EditRecord record = new EditRecord(EditRecord.FORMAT, Operation.GENERATE,
                SamplingSettings.DEFAULTS.withVariants(2).withClassId(1), List.of(0L, 1L), EditOptions.defaults(),
                null, null, null,
                List.of(new Window(new Rect(0, 0, 32, 32), new Rect(0, 0, 32, 32), 2, 2, 1.0)), List.of(),
                new ModelIdentity("m", "00"), new ModelIdentity("t", "11"), List.of(digest(first), digest(second)),
                null, null, null, null, List.of(tokens(0.25f), tokens(0.75f)));
        String json = record.toJson();
        assertEquals(0.75f, RecordTokens.of(json, second).windows().get(0).probabilities()[0]);
        assertEquals(0.25f, RecordTokens.of(json, first).windows().get(0).probabilities()[0]);
        assertNull(RecordTokens.of(json, image(0)), "an image the record did not make");
        assertNull(RecordTokens.of("{\"seed\": 3}", first), "a record that keeps no tokens");
        assertNull(RecordTokens.of("not json", first));
    }
}
