package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Mask;
import com.arpgstudio.app.document.Raster;

/**
 * One editing operation the user asked for, in document pixels. The image is the document's own,
 * acquired for the run ({@link com.arpgstudio.app.document.Document#acquireImage}: it stays unchanged
 * until released); the mask is a copy. Engines read them and never write to them.
 */
public sealed interface EditJob {

    String label();

    Raster image();

    record Inpaint(Raster image, Mask mask) implements EditJob {
        @Override
        public String label() {
            return "Generative fill";
        }
    }

    record Outpaint(Raster image, int left, int top, int right, int bottom) implements EditJob {
        public Outpaint {
            if (left < 0 || top < 0 || right < 0 || bottom < 0 || left + top + right + bottom == 0) {
                throw new IllegalArgumentException("expected non-negative outpaint amounts, at least one positive, found "
                        + "left " + left + ", top " + top + ", right " + right + ", bottom " + bottom);
            }
        }

        @Override
        public String label() {
            return "Outpaint";
        }
    }

    record Expand(Raster image) implements EditJob {
        @Override
        public String label() {
            return "Expand 2x";
        }
    }
}
