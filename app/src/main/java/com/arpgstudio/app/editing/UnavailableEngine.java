package com.arpgstudio.app.editing;

import com.arpgstudio.app.models.ClassLabels;
import com.arpgstudio.app.settings.GenerationSettings;
import java.util.function.BooleanSupplier;

/**
 * The engine the editor uses when no model can be loaded: it lists the ImageNet classes and
 * explains, in the error dialog, why Generate cannot run.
 */
public final class UnavailableEngine implements EditEngine {

    private final String reason;

    public UnavailableEngine(String reason) {
        this.reason = reason;
    }

    @Override
    public Description describe() {
        return new Description("none (" + reason + ")", "CPU", ClassLabels.imagenet(), 256);
    }

    @Override
    public Outcome run(EditJob job, GenerationSettings settings, StepListener listener, BooleanSupplier cancelled) {
        throw new IllegalStateException("No model is loaded: " + reason);
    }
}
