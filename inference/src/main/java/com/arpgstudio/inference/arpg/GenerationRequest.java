package com.arpgstudio.inference.arpg;

import java.util.List;

/**
 * A batch of images generated together, sharing nothing but the weights and the settings. All rows
 * must have as many known tokens and as many positions to fill as the first (so that their steps
 * line up); their positions, classes and seeds may differ. Variants of one edit are rows with the
 * same known tokens and different seeds. The settings' sampler fields apply to every row; their
 * class, seed and variant count do not (each row carries its own class and seed).
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
        GenerationRow first = rows.get(0);
        for (int i = 1; i < rows.size(); i++) {
            GenerationRow row = rows.get(i);
            if (row.knownTokens().length != first.knownTokens().length
                    || row.fillPositions().length != first.fillPositions().length) {
                throw new IllegalArgumentException("row " + i + ": expected " + first.knownTokens().length
                        + " known and " + first.fillPositions().length + " positions to fill like row 0, found "
                        + row.knownTokens().length + " and " + row.fillPositions().length);
            }
        }
    }

    public int batchSize() {
        return rows.size();
    }
}
