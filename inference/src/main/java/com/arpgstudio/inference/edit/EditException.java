package com.arpgstudio.inference.edit;

/**
 * An edit that cannot be done as asked, with the reason a user can act on. {@link #reason()}
 * classifies it so a command line can map it to a stable exit code.
 */
public final class EditException extends RuntimeException {

    /** Why an edit was refused. */
    public enum Reason {
        /** The mask paints no pixel. */
        EMPTY_MASK,
        /** The mask's size differs from the image's. */
        MASK_SIZE_MISMATCH,
        /** The image (or the result it would give) is larger than the configured limit. */
        IMAGE_TOO_LARGE,
        /** A setting or parameter is out of its range. */
        INVALID_SETTINGS,
        /** A replayed record does not match the inputs or models it is replayed with. */
        RECORD_MISMATCH
    }

    private final Reason reason;

    public EditException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
