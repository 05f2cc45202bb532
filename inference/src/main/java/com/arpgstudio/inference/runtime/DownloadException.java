package com.arpgstudio.inference.runtime;

import java.io.IOException;

/** A download that did not finish, with a reason the UI can act on and a message a user can read. */
public final class DownloadException extends IOException {

    /** Why a download stopped. */
    public enum Reason {
        /** The host could not be reached: no network, DNS failure, connection refused or timed out. */
        OFFLINE,
        /** The server has no such file (HTTP 404 or 410). */
        NOT_FOUND,
        /** Any other HTTP error status, or a response that breaks the protocol. */
        HTTP_ERROR,
        /** The connection broke or stalled mid-body; the partial file is kept and the next try resumes. */
        CONNECTION_LOST,
        /** The bytes do not match the expected SHA-256 or size; the partial file was removed. */
        CORRUPT,
        /** The disk has less free space than the rest of the file needs; nothing was written. */
        NO_SPACE,
        /** The user cancelled; the partial file is kept for a later resume. */
        CANCELLED
    }

    private final Reason reason;

    public DownloadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
