package com.arpgstudio.inference.runtime;

import java.io.IOException;

/** A user's file that is not what it should be (not a regular file, too large, not UTF-8); the message says which. */
public final class UserFileException extends IOException {

    public UserFileException(String message) {
        super(message);
    }
}
