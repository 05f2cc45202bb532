package com.arpgstudio.inference.runtime;

/** The device the user asked for cannot be used; the message says why and what to do. */
public final class DeviceUnavailableException extends Exception {

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
