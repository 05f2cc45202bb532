package com.arpgstudio.inference.runtime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the app keeps its settings (config directory) and its downloaded or extracted models (data
 * directory), following each platform's convention:
 *
 * <ul>
 *   <li>Linux and other Unix: {@code $XDG_CONFIG_HOME/arpg-studio} (default {@code ~/.config}) and
 *       {@code $XDG_DATA_HOME/arpg-studio} (default {@code ~/.local/share});
 *   <li>Windows: {@code %APPDATA%\ARPG Studio} and {@code %LOCALAPPDATA%\ARPG Studio} (models are
 *       large, so they stay out of the roaming profile);
 *   <li>macOS: {@code ~/Library/Application Support/ARPG Studio} for both.
 * </ul>
 *
 * <p>The system property {@value #HOME_PROPERTY} puts both under one folder ({@code config/},
 * {@code data/}), for tests and portable installs; everything the app writes (models, logs,
 * libtorch's unpacked native libraries) moves with it.
 */
public record AppDirectories(Path configDir, Path dataDir) {

    public static final String HOME_PROPERTY = "arpg.home";
    static final String UNIX_NAME = "arpg-studio";
    static final String DISPLAY_NAME = "ARPG Studio";

    /** The directories of this machine and user, or those under {@value #HOME_PROPERTY} when set. */
    public static AppDirectories current() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return under(Path.of(home));
        }
        return forPlatform(System.getProperty("os.name", ""), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Both directories under one root folder. */
    public static AppDirectories under(Path root) {
        return new AppDirectories(root.resolve("config"), root.resolve("data"));
    }

    /** The convention of the named operating system, reading the given environment. */
    public static AppDirectories forPlatform(String osName, Map<String, String> env, Path userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = envPath(env, "APPDATA", userHome.resolve("AppData").resolve("Roaming"));
            Path local = envPath(env, "LOCALAPPDATA", userHome.resolve("AppData").resolve("Local"));
            return new AppDirectories(roaming.resolve(DISPLAY_NAME), local.resolve(DISPLAY_NAME));
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            Path support = userHome.resolve("Library").resolve("Application Support").resolve(DISPLAY_NAME);
            return new AppDirectories(support, support);
        }
        Path config = envPath(env, "XDG_CONFIG_HOME", userHome.resolve(".config"));
        Path data = envPath(env, "XDG_DATA_HOME", userHome.resolve(".local").resolve("share"));
        return new AppDirectories(config.resolve(UNIX_NAME), data.resolve(UNIX_NAME));
    }

    /** The settings file the app and the CLI share. */
    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }

    /** Downloaded models and the extracted copy of the embedded default model. */
    public Path modelsDir() {
        return dataDir.resolve("models");
    }

    /** The editor's rolling log files. */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** DJL's cache: where libtorch's native libraries are unpacked from the app's jar (once). */
    public Path djlCacheDir() {
        return dataDir.resolve("djl");
    }

    /** A relative XDG variable is invalid by the spec and ignored, as is an empty one. */
    private static Path envPath(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : fallback;
    }
}
