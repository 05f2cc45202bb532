package com.arpgstudio.inference.edit;

import java.io.IOException;

/** An image file that cannot be opened; the message names the file and what is wrong with it. */
public class ImageInputException extends IOException {

    public ImageInputException(String message) {
        super(message);
    }

    public ImageInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
