package com.arpgstudio.app.models;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.runtime.DeviceReport;
import com.arpgstudio.inference.runtime.ReleasedModel;
import com.arpgstudio.inference.runtime.SettingsStore;
import com.arpgstudio.inference.runtime.Sizes;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.LoggerFactory;

/**
 * The first start's welcome: what the embedded model is good for, the offer of ARPG-L with its
 * download size, and which device will run generation (the GPU, or the CPU and why) with what to
 * do about it. Shown until the user dismisses it once; the settings remember that.
 */
public final class WelcomeViewModel {

    /** The model the welcome offers: the smallest released one. */
    public static final String OFFERED_MODEL = "arpg-l";

    private final ModelsViewModel models;
    private final SettingsStore store;
    private final ReleasedModel offered;

    /**
     * {@code report} finds the device (it starts libtorch) and runs on {@code deviceThread}, the
     * thread that owns the engine.
     */
    public WelcomeViewModel(ModelsViewModel models, SettingsStore store, Executor deviceThread,
            Supplier<DeviceReport> report) {
        this.models = models;
        this.store = store;
        this.offered = models.released(OFFERED_MODEL).orElseThrow(() -> new IllegalArgumentException(
                "expected the registry to know the released model " + OFFERED_MODEL));
        CompletableFuture.supplyAsync(report, deviceThread).whenComplete((found, error) -> Platform.runLater(() -> {
            if (error != null) {
                device.set(Messages.text("welcome.deviceUnknown", error.getMessage()));
            } else {
                device.set(found.summary());
                deviceAdvice.set(found.advice());
            }
        }));
    }

    /** Whether this is a start before the welcome was dismissed. */
    public boolean shouldShow() {
        return !store.get().welcomeDismissed();
    }

    /** "ARPG-L ... (1.57 GB with the VQ-16 tokenizer)". */
    public String offer() {
        return Messages.text("welcome.offer", offered.name(),
                Sizes.describe(offered.expectedBytes() + offered.tokenizer().expectedBytes()));
    }

    /** The offered model's row, once the registry was scanned. */
    public Optional<ModelRow> offeredRow() {
        return models.row(offered.id());
    }

    /** Starts the offered model's download (in the background, like the Models dialog's Download). */
    public void downloadOffered() {
        offeredRow().ifPresent(models::download);
    }

    /** The welcome is not shown again. */
    public void dismiss() {
        try {
            store.update(s -> s.edit().welcomeDismissed(true).build());
        } catch (IOException e) {
            // Not remembered: the welcome shows once more at the next start, which is harmless.
            LoggerFactory.getLogger(WelcomeViewModel.class)
                    .warn("could not remember that the welcome was dismissed: {}", e.getMessage());
        }
    }

    /** The device generation runs on and why, or "Checking..." until that is known. */
    public String device() {
        return device.get();
    }

    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper(Messages.text("welcome.deviceChecking"));

    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    /** What to do to run on the GPU, or "". */
    public String deviceAdvice() {
        return deviceAdvice.get();
    }

    private final ReadOnlyStringWrapper deviceAdvice = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty deviceAdviceProperty() {
        return deviceAdvice.getReadOnlyProperty();
    }
}
