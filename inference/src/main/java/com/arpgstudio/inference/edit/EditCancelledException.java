package com.arpgstudio.inference.edit;

/** Thrown out of an edit that was cancelled; the edit's input is unchanged and it has no result. */
public final class EditCancelledException extends RuntimeException {

    public EditCancelledException() {
        super("the edit was cancelled");
    }
}
