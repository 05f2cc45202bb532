package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.cli.ArpgCli;
import com.arpgstudio.inference.runtime.AppDirectories;
import com.arpgstudio.inference.runtime.ModelRegistry;
import com.arpgstudio.inference.runtime.SettingsStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The editor's engine lists and loads the models the command line knows, the user's own pairs included. */
@ReferenceFixtures.Needed
class EnginesTest {

    private static final Path FIXTURES = ReferenceFixtures.dir();

    @TempDir
    Path home;

    @BeforeEach
    void isolate() {
        System.setProperty(AppDirectories.HOME_PROPERTY, home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(AppDirectories.HOME_PROPERTY);
    }

    @Test
    void aPairAddedInSettingsJsonIsListedByTheEditorAsByTheCommandLine() throws Exception {
        Path settings = AppDirectories.current().settingsFile();
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"userModels\": [{\"name\": \"mine\", \"generatorPath\": \""
                + FIXTURES.resolve("arpg.pt") + "\", \"tokenizerPath\": \"" + FIXTURES.resolve("vq.pt") + "\"}],"
                + " \"modelId\": \"user:mine\"}");
        SettingsStore store = SettingsStore.open();

        List<EditEngine.ModelChoice> editor = Engines.forApplication(store, ModelRegistry.standard()).models();

        assertTrue(editor.contains(new EditEngine.ModelChoice("user:mine", "mine", true)), editor.toString());
        StringWriter out = new StringWriter();
        CommandLine cli = ArpgCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("models"));
        List<String> listed = out.toString().lines().skip(1).filter(line -> !line.startsWith(" ")) // not the settings lines
                .map(line -> line.split("\\s+")[0]).toList();
        assertEquals(listed, editor.stream().map(EditEngine.ModelChoice::id).toList(), "the same models, in order");

        InferenceEngine.ResolvedModel resolved = Engines.fromRegistry(ModelRegistry.standard(), store.get());
        assertEquals("mine", resolved.displayName());
        assertEquals(FIXTURES.resolve("arpg.pt"), resolved.files().generator());
        assertEquals(FIXTURES.resolve("vq.pt"), resolved.files().tokenizer());
    }
}
