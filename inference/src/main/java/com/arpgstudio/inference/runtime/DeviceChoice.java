package com.arpgstudio.inference.runtime;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** Which device the user asked for: the GPU when usable (automatic), or one of them explicitly. */
public enum DeviceChoice {
    @SerializedName("auto") AUTO,
    @SerializedName("cpu") CPU,
    @SerializedName("gpu") GPU;

    /** Parses {@code auto}, {@code cpu} or {@code gpu} (any case), as the CLI's {@code --device} takes them. */
    public static DeviceChoice parse(String text) {
        for (DeviceChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(text.trim())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("expected a device of auto, cpu or gpu, found '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
