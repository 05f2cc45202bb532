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
}
