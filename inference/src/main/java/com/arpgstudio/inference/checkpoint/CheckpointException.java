package com.arpgstudio.inference.checkpoint;

import java.io.IOException;

/** A checkpoint file that cannot be read as asked: malformed, refused as unsafe, or a missing or mis-shaped key. */
public class CheckpointException extends IOException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
