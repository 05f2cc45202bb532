package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditException;

/**
 * The exit statuses of {@code arpg}; scripts may rely on them (they are listed in {@code arpg --help}).
 */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL_ERROR(1, "unexpected internal error"),
    USAGE(2, "bad command line (unknown option, missing or malformed value)"),
    MISSING_FILE(3, "an input file does not exist"),
    UNREADABLE_IMAGE(4, "an input image cannot be read"),
    MASK_SIZE_MISMATCH(5, "the mask's size differs from the image's"),
    EMPTY_MASK(6, "the mask paints no pixel (or every outpaint margin is 0)"),
    BAD_MODEL(7, "the model or tokenizer is missing, unreadable or inconsistent"),
    INVALID_SETTINGS(8, "a setting is out of range"),
    IMAGE_TOO_LARGE(9, "the image or result is larger than the limit or than memory allows"),
    RECORD_MISMATCH(10, "a replayed record does not match its inputs, models or outputs"),
    OUTPUT_FAILED(11, "the output cannot be written"),
    DEVICE_UNAVAILABLE(12, "the requested device (--device gpu) is not usable"),
    DOWNLOAD_FAILED(13, "a model download failed (offline, not found, corrupt, no space); a partial file is kept"),
    DEVICE_OUT_OF_MEMORY(14, "the edit does not fit the device's memory (or the memory limit); nothing was written"),
    CANNOT_LISTEN(15, "arpg serve cannot listen on its address (the port is in use, or the address is not this machine's)"),
    CANCELLED(130, "cancelled (Ctrl-C)");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }

    static ExitCode of(EditException.Reason reason) {
        return switch (reason) {
            case EMPTY_MASK -> EMPTY_MASK;
            case MASK_SIZE_MISMATCH -> MASK_SIZE_MISMATCH;
            case IMAGE_TOO_LARGE -> IMAGE_TOO_LARGE;
            case INVALID_SETTINGS -> INVALID_SETTINGS;
            case RECORD_MISMATCH -> RECORD_MISMATCH;
        };
    }

    /** The table printed at the end of {@code arpg --help}. */
    static String[] table() {
        ExitCode[] codes = values();
        String[] lines = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            lines[i] = String.format("%d:%s", codes[i].status, codes[i].meaning);
        }
        return lines;
    }
}
