package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.runtime.AppDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test of a command-line test class its own app home ({@code -Darpg.home}): the preview
 * table cache and the model registry land there, not in the user's folders.
 */
final class PrivateArpgHome implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PrivateArpgHome.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path home = Files.createTempDirectory("arpg-home");
        context.getStore(NAMESPACE).put("home", home);
        System.setProperty(AppDirectories.HOME_PROPERTY, home.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        System.clearProperty(AppDirectories.HOME_PROPERTY);
        Path home = context.getStore(NAMESPACE).remove("home", Path.class);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
