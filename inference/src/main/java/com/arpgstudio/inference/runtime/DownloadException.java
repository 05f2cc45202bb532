package com.arpgstudio.inference.runtime;

import java.io.IOException;

/** A download that did not finish, with a reason the UI can act on and a message a user can read. */
public final class DownloadException extends IOException {

    /** Why a download stopped. */
    public enum Reason {
        /** The host could not be reached: no network, DNS failure, connection refused or timed out. */
        OFFLINE,
        /** The proxy (HTTPS_PROXY, HTTP_PROXY) is unusable: malformed, unreachable, or it refused. */
        PROXY,
        /** The server has no such file (HTTP 404 or 410). */
        NOT_FOUND,
        /** Any other HTTP error status, or a response that breaks the protocol. */
        HTTP_ERROR,
        /** The server is overloaded or failing (HTTP 429 or 5xx); worth trying again later. */
        SERVER_UNAVAILABLE,
        /** The connection broke or stalled mid-body; the partial file is kept and the next try resumes. */
        CONNECTION_LOST,
        /** The bytes are not the file: wrong SHA-256 or size, or not the model they should be; removed. */
        CORRUPT,
        /** The disk has less free space than the rest of the file needs (or filled up while writing). */
        NO_SPACE,
        /** The file could not be written (permissions, a read-only or missing folder). */
        LOCAL_FILE,
        /** The user cancelled; the partial file is kept for a later resume. */
        CANCELLED;

        /** Whether trying again soon, from the partial file, may succeed without anyone doing anything. */
        public boolean isTransient() {
            return this == CONNECTION_LOST || this == SERVER_UNAVAILABLE;
        }
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
