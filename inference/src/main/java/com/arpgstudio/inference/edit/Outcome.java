package com.arpgstudio.inference.edit;

import java.util.List;
import java.util.Map;

/**
 * What an operation hands back to {@link Editor}, which turns it into an {@link EditResult}.
 *
 * @param tokens per variant the fill's tokens, or empty when the operation keeps none (expansion)
 */
record Outcome(List<ArgbImage> images, WindowPlan plan, Map<String, Double> measurements, List<FillTokens> tokens) {

    Outcome withMeasurements(Map<String, Double> values) {
        return new Outcome(images, plan, values, tokens);
    }
}
