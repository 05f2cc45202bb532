package com.arpgstudio.inference.edit;

/** An image whose header claims more pixels than the limit or than free memory allows; nothing was decoded. */
public final class ImageTooLargeException extends ImageInputException {

    public ImageTooLargeException(String message) {
        super(message);
    }
}
