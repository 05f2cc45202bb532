package com.arpgstudio.inference.edit;

/** Pixels added on each side of the canvas by an outpaint. */
public record Margins(int left, int top, int right, int bottom) {

    public Margins {
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new EditException(EditException.Reason.INVALID_SETTINGS,
                    "margins: expected values >= 0, found left " + left + ", top " + top + ", right " + right
                            + ", bottom " + bottom);
        }
    }

    public boolean isEmpty() {
        return left == 0 && top == 0 && right == 0 && bottom == 0;
    }
}
