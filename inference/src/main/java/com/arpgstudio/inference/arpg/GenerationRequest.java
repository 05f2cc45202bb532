package com.arpgstudio.inference.arpg;

import java.util.List;

/**
 * A batch of images generated together, sharing nothing but the weights and the settings: their
 * positions, classes, seeds and even their numbers of known tokens and of positions to fill may
 * differ (rows of different lengths are padded and masked, see {@link Generator}). Variants of one
 * edit are rows with the same known tokens and different seeds. The settings' sampler fields apply
 * to every row; their class, seed and variant count do not (each row carries its own class and seed).
 */
public record GenerationRequest(List<GenerationRow> rows, SamplingSettings settings) {

    public GenerationRequest {
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("expected at least one row, found none");
        }
        if (settings == null) {
            throw new IllegalArgumentException("expected sampling settings, found null");
        }
        rows = List.copyOf(rows);
    }

    public int batchSize() {
        return rows.size();
    }

    /** Whether every row has as many known tokens and as many positions to fill as the first. */
    public boolean uniform() {
        GenerationRow first = rows.get(0);
        return rows.stream().allMatch(row -> row.knownTokens().length == first.knownTokens().length
                && row.fillPositions().length == first.fillPositions().length);
    }
}
