package com.arpgstudio.inference.runtime;

/**
 * The most device memory one edit may use, checked against the edit's estimated peak before it
 * starts (for users who share a GPU with other programs, or keep memory for them). Set by the
 * system property {@value #PROPERTY} (MiB), else by the setting {@code deviceMemoryLimitMiB}
 * (0 = none).
 *
 * @param bytes  the limit in bytes; {@link Long#MAX_VALUE} when there is none
 * @param source where it was set, named in messages
 */
public record DeviceMemoryLimit(long bytes, String source) {

    /** System property with the limit in MiB; it wins over the setting. */
    public static final String PROPERTY = "arpg.deviceMemoryLimitMiB";
    /** 1 PiB: any larger limit is a typo. The setting, the option and the property alike. */
    public static final long MAX_MIB = 1L << 30;

    public DeviceMemoryLimit {
        if (bytes <= 0) {
            throw new IllegalArgumentException("device memory limit: expected a positive size, found " + bytes
                    + " bytes");
        }
    }

    public static DeviceMemoryLimit none() {
        return new DeviceMemoryLimit(Long.MAX_VALUE, "nothing (no limit)");
    }

    public static DeviceMemoryLimit ofMiB(long mib, String source) {
        if (mib <= 0 || mib > MAX_MIB) {
            throw new IllegalArgumentException(source + ": expected 1.." + MAX_MIB + " MiB, found " + mib);
        }
        return new DeviceMemoryLimit(mib << 20, source);
    }

    /** The system property when set, else the settings' {@code deviceMemoryLimitMiB} when above 0, else none. */
    public static DeviceMemoryLimit of(Settings settings) {
        DeviceMemoryLimit property = fromSystemProperty();
        if (property.isSet() || settings.deviceMemoryLimitMiB() == 0) {
            return property;
        }
        return ofMiB(settings.deviceMemoryLimitMiB(), "the setting deviceMemoryLimitMiB");
    }

    /** The system property {@value #PROPERTY}, or none when it is unset or blank. */
    public static DeviceMemoryLimit fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return none();
        }
        String source = "-D" + PROPERTY + "=" + value.strip();
        try {
            return ofMiB(Long.parseLong(value.strip()), source);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": expected a whole number of MiB, found '" + value + "'", e);
        }
    }

    public boolean isSet() {
        return bytes != Long.MAX_VALUE;
    }

    /** Whether an edit needing {@code neededBytes} at its peak may start. */
    public boolean allows(long neededBytes) {
        return neededBytes <= bytes;
    }
}
