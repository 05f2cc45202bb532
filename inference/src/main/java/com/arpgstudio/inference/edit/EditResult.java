package com.arpgstudio.inference.edit;

import java.util.List;

/**
 * What an edit produced.
 *
 * @param images one per variant, in seed order
 * @param record how to repeat it exactly
 */
public record EditResult(List<ArgbImage> images, EditRecord record) {

    public EditResult {
        images = List.copyOf(images);
    }

    /** The first variant. */
    public ArgbImage image() {
        return images.get(0);
    }

    /**
     * Per variant, the tokens of the fill with their confidence (what a re-roll starts from); empty
     * for an edit that keeps none (expansion).
     */
    public List<FillTokens> tokens() {
        return record.tokens() == null ? List.of() : record.tokens();
    }
}
