package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the device memory limit comes from: the system property, else the setting, else none. */
class DeviceMemoryLimitTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(DeviceMemoryLimit.PROPERTY);
    }

    @Test
    void theSystemPropertyWinsOverTheSettingWhichWinsOverNone() {
        Settings none = Settings.defaults();
        Settings half = none.edit().deviceMemoryLimitMiB(512).build();
        assertFalse(DeviceMemoryLimit.of(none).isSet());
        assertTrue(DeviceMemoryLimit.of(none).allows(Long.MAX_VALUE));

        DeviceMemoryLimit fromSetting = DeviceMemoryLimit.of(half);
        assertEquals(512L << 20, fromSetting.bytes());
        assertEquals("the setting deviceMemoryLimitMiB", fromSetting.source());
        assertTrue(fromSetting.allows(512L << 20) && !fromSetting.allows((512L << 20) + 1));

        System.setProperty(DeviceMemoryLimit.PROPERTY, " 256 ");
        DeviceMemoryLimit fromProperty = DeviceMemoryLimit.of(half);
        assertEquals(256L << 20, fromProperty.bytes());
        assertEquals("-Darpg.deviceMemoryLimitMiB=256", fromProperty.source());
    }

    @Test
    void badValuesAreRefusedWithTheirSource() {
        for (String bad : new String[] {"lots", "0", "-3", "1.5", String.valueOf(DeviceMemoryLimit.MAX_MIB + 1)}) {
            System.setProperty(DeviceMemoryLimit.PROPERTY, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DeviceMemoryLimit.of(Settings.defaults()), bad);
            assertTrue(e.getMessage().contains(DeviceMemoryLimit.PROPERTY) && e.getMessage().contains(bad),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().edit().deviceMemoryLimitMiB(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().edit().deviceMemoryLimitMiB(DeviceMemoryLimit.MAX_MIB + 1).build());
        System.clearProperty(DeviceMemoryLimit.PROPERTY);
        Settings largest = Settings.defaults().edit().deviceMemoryLimitMiB(DeviceMemoryLimit.MAX_MIB).build();
        assertEquals(DeviceMemoryLimit.MAX_MIB << 20, DeviceMemoryLimit.of(largest).bytes(), "one limit for all sources");
    }

    @Test
    void aBadLimitInTheSettingsFileFallsBackToNoLimitAlone() throws IOException {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"deviceMemoryLimitMiB\": -5, \"sampling\": {\"steps\": 12}}");
        SettingsStore store = SettingsStore.open(file);
        assertEquals(0, store.get().deviceMemoryLimitMiB());
        assertEquals(12, store.get().sampling().steps(), "the other values are kept");
        assertTrue(store.problems().get(0).contains("deviceMemoryLimitMiB"), store.problems().toString());

        Files.writeString(file, "{\"deviceMemoryLimitMiB\": 2048}");
        assertEquals(2048L << 20, DeviceMemoryLimit.of(SettingsStore.open(file).get()).bytes());
    }
}
