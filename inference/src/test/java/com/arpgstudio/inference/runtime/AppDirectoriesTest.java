package com.arpgstudio.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AppDirectoriesTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void linuxFollowsXdgWithItsDefaults() {
        AppDirectories plain = AppDirectories.forPlatform("Linux", Map.of(), HOME);
        assertEquals(HOME.resolve(".config/arpg-studio"), plain.configDir());
        assertEquals(HOME.resolve(".local/share/arpg-studio"), plain.dataDir());
        assertEquals(HOME.resolve(".config/arpg-studio/settings.json"), plain.settingsFile());
        assertEquals(HOME.resolve(".local/share/arpg-studio/models"), plain.modelsDir());

        AppDirectories xdg = AppDirectories.forPlatform("Linux",
                Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data"), HOME);
        assertEquals(Path.of("/cfg/arpg-studio"), xdg.configDir());
        assertEquals(Path.of("/data/arpg-studio"), xdg.dataDir());
    }

    @Test
    void aRelativeXdgVariableIsIgnoredAsTheSpecSays() {
        AppDirectories dirs = AppDirectories.forPlatform("Linux", Map.of("XDG_CONFIG_HOME", "relative/cfg"), HOME);
        assertEquals(HOME.resolve(".config/arpg-studio"), dirs.configDir());
    }

    @Test
    void windowsUsesRoamingForSettingsAndLocalForModels() {
        AppDirectories dirs = AppDirectories.forPlatform("Windows 11",
                Map.of("APPDATA", "/users/ada/AppData/Roaming", "LOCALAPPDATA", "/users/ada/AppData/Local"), HOME);
        assertEquals(Path.of("/users/ada/AppData/Roaming/ARPG Studio"), dirs.configDir());
        assertEquals(Path.of("/users/ada/AppData/Local/ARPG Studio"), dirs.dataDir());
    }

    @Test
    void macOsUsesApplicationSupport() {
        AppDirectories dirs = AppDirectories.forPlatform("Mac OS X", Map.of(), HOME);
        assertEquals(HOME.resolve("Library/Application Support/ARPG Studio"), dirs.configDir());
        assertEquals(dirs.configDir(), dirs.dataDir());
    }

    @Test
    void theSystemPropertyPutsEverythingUnderOneFolderLibtorchToo() {
        String before = System.getProperty(AppDirectories.HOME_PROPERTY);
        try {
            System.setProperty(AppDirectories.HOME_PROPERTY, "/tmp/arpg-test-home");
            AppDirectories dirs = AppDirectories.current();
            assertEquals(Path.of("/tmp/arpg-test-home/config"), dirs.configDir());
            assertEquals(Path.of("/tmp/arpg-test-home/data/models"), dirs.modelsDir());
            assertEquals(Path.of("/tmp/arpg-test-home/data/djl").toString(),
                    DjlRuntime.cacheDirToSet(Map.of(), new Properties(), dirs), "libtorch is unpacked there too");
        } finally {
            if (before == null) {
                System.clearProperty(AppDirectories.HOME_PROPERTY);
            } else {
                System.setProperty(AppDirectories.HOME_PROPERTY, before);
            }
        }
    }
}
