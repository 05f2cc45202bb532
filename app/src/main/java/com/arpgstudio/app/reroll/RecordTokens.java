package com.arpgstudio.app.reroll;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.edit.EditRecord;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.PixelDigest;

/**
 * The tokens an edit record keeps for an image: the record of the edit that made the document's
 * image (kept with its undo step, or embedded in the PNG it was opened from) holds every variant's
 * tokens and pixel hash, so the image's own tokens are those of the variant whose hash it has.
 */
public final class RecordTokens {

    private RecordTokens() {}

    /** The tokens of {@code image} in {@code recordJson}, or null when the record keeps none for it. */
    public static FillTokens of(String recordJson, ArgbImage image) {
        EditRecord record;
        try {
            record = EditRecord.fromJson(recordJson);
        } catch (EditException e) {
            return null;
        }
        if (record.tokens() == null || record.outputs() == null) {
            return null;
        }
        int variant = record.outputs().indexOf(PixelDigest.of(new ArgbImage(image.width(), image.height(),
                image.pixels())));
        return variant < 0 ? null : record.tokens().get(variant);
    }
}
