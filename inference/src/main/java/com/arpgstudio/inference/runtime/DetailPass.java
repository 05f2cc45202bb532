package com.arpgstudio.inference.runtime;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/**
 * Whether a fill generated on a shrunk copy of its region (a mask larger than the model's window)
 * gets detail passes at the photo's own scale after its coarse layout: sharper, and slower. One
 * setting of the editor, the command line ({@code --detail}) and the settings file, recorded with
 * each edit so a replay does the same.
 */
public enum DetailPass {
    /** Detail passes whenever the region was shrunk more than {@link #AUTO_ABOVE_SHRINK}. */
    @SerializedName("auto") AUTO,
    /** The coarse fill alone, scaled back up (faster, as soft as its shrink). */
    @SerializedName("off") OFF;

    /** What a first start uses. */
    public static final DetailPass DEFAULT = AUTO;
    /** Below this shrink a fill is nearly as detailed as at native scale: auto leaves it as it is. */
    public static final double AUTO_ABOVE_SHRINK = 1.25;

    /** Whether a fill whose region was shrunk by {@code shrink} (1 = native) gets detail passes. */
    public boolean runsAt(double shrink) {
        return this == AUTO && shrink > AUTO_ABOVE_SHRINK;
    }

    /** Parses {@code auto} or {@code off} (any case), as the command line's {@code --detail} takes them. */
    public static DetailPass parse(String text) {
        for (DetailPass pass : values()) {
            if (pass.name().equalsIgnoreCase(text.trim())) {
                return pass;
            }
        }
        throw new IllegalArgumentException("expected a detail pass of auto or off, found '" + text + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
