package com.arpgstudio.inference.cli;

/** A failure the command line reports as one message and a stable exit code. */
final class CliException extends RuntimeException {

    private final ExitCode code;

    CliException(ExitCode code, String message) {
        super(message);
        this.code = code;
    }

    CliException(ExitCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    ExitCode code() {
        return code;
    }
}
