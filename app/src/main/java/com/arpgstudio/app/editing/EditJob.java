package com.arpgstudio.app.editing;

import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.FillTokens;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.TokenSelection;

/**
 * One editing operation the user asked for, in document pixels. The image is the document's own,
 * acquired for the run ({@link com.arpgstudio.app.document.Document#acquireImage}: it stays unchanged
 * until released); the mask is a copy. Engines read them and never write to them.
 */
public sealed interface EditJob {

    String label();

    ArgbImage image();

    /** The mask's pixels filled; the fill fades into the image over {@code featherPixels} around them. */
    record Inpaint(ArgbImage image, PixelMask mask, int featherPixels) implements EditJob {
        @Override
        public String label() {
            return Messages.text("job.fill");
        }
    }

    /** The image extended by these margins; the fill fades into it over {@code featherPixels}. */
    record Outpaint(ArgbImage image, int left, int top, int right, int bottom, int featherPixels) implements EditJob {
        public Outpaint {
            if (left < 0 || top < 0 || right < 0 || bottom < 0 || left + top + right + bottom == 0) {
                throw new IllegalArgumentException("expected non-negative outpaint amounts, at least one positive, found "
                        + "left " + left + ", top " + top + ", right " + right + ", bottom " + bottom);
            }
        }

        @Override
        public String label() {
            return Messages.text("job.outpaint");
        }
    }

    /**
     * Some tokens of a fill generated again ({@code inference.edit.EditRequest.reroll}).
     *
     * @param image     the fill's result the tokens decode to (the re-roll's canvas)
     * @param tokens    the fill's tokens
     * @param selection which of them to generate again
     * @param paint     the pixels the re-roll may repaint (the brushed ones, or the re-rolled cells)
     * @param unsure    whether the selection is the doubtful tokens (for the label)
     * @param originX   where the image's pixel (0, 0) lies in the document (an outpainting's result
     *                  shown before it is applied lies left of and above it)
     * @param originY   likewise, vertically
     */
    record Reroll(ArgbImage image, FillTokens tokens, TokenSelection selection, PixelMask paint, boolean unsure,
                  int originX, int originY) implements EditJob {
        @Override
        public String label() {
            return Messages.text(unsure ? "reroll.unsure.label" : "reroll.label");
        }
    }

    record Expand(ArgbImage image) implements EditJob {
        @Override
        public String label() {
            return Messages.text("job.expand");
        }
    }
}
