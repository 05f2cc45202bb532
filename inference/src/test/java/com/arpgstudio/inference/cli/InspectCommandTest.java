package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.fuzz.Mutations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    private static final Path FIXTURES = ReferenceFixtures.dir();

    private static CliRun inspect(String... args) {
        return CliRun.of("inspect", args);
    }

    @ReferenceFixtures.Needed
    @Test
    void printsTypeConfigAndTensorsOfATorchCheckpoint() {
        CliRun run = inspect(FIXTURES.resolve("arpg.pt").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("PyTorch zip checkpoint"), run.out());
        assertTrue(run.out().contains("ARPG transformer"), run.out());
        assertTrue(run.out().contains("\"vocab_size\":"), run.out());
        assertTrue(run.out().contains("embeddings.weight") && run.out().contains("head.weight"), run.out());
    }

    @ReferenceFixtures.Needed
    @Test
    void printsTheVqTokenizerOfASafetensorsFile() {
        CliRun run = inspect(FIXTURES.resolve("vq.safetensors").toString(), "--no-tensors");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("safetensors") && run.out().contains("VQ image tokenizer"), run.out());
        assertTrue(run.out().contains("\"ch_mult\""), run.out());
        assertTrue(!run.out().contains("encoder.conv_in.weight"), run.out());
    }

    @ReferenceFixtures.Needed
    @Test
    void refusedAndMissingFilesFailWithAMessage() {
        CliRun refused = inspect(FIXTURES.resolve("malicious.pt").toString());
        assertEquals(InspectCommand.BAD_MODEL, refused.status());
        assertTrue(refused.err().contains("refused"), refused.err());
        CliRun missing = inspect(FIXTURES.resolve("no-such-file.pt").toString());
        assertEquals(InspectCommand.MISSING_FILE, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @TempDir
    Path dir;

    @Test
    void whatCameFromTheFileIsPrintedEscaped() throws Exception {
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 20; i++) {
            Path file = java.nio.file.Files.write(dir.resolve("names.pt"), Mutations.terminalNames(random).bytes());
            CliRun run = inspect(file.toString());
            assertEquals(0, run.status(), run.err());
            String printed = run.out() + run.err();
            assertTrue(printed.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c < 0xa0
                    || c == 0x202e), printed);
            assertTrue(printed.contains("\\u00") || printed.contains("\\u202e"), printed);
        }
    }

    @Test
    void foreignGlobalsAreListedAndAnyUseOfAnotherRefusesTheFile() throws Exception {
        Path inert = java.nio.file.Files.write(dir.resolve("inert.pt"),
                Mutations.foreignGlobal("argparse", "Namespace", Mutations.Use.NEWOBJ).bytes());
        CliRun listed = inspect(inert.toString());
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().contains("globals: argparse.Namespace (inert data)"), listed.out());
        for (Mutations.Use use : Mutations.Use.values()) {
            Path file = java.nio.file.Files.write(dir.resolve("foreign.pt"),
                    Mutations.foreignGlobal("posix", "system", use).bytes());
            CliRun refused = inspect(file.toString());
            assertEquals(InspectCommand.BAD_MODEL, refused.status(), use.toString());
            assertTrue(refused.err().contains("posix.system") && refused.err().contains("nothing was run"), refused.err());
        }
    }

    @Test
    void aPipeIsRefusedInWords() throws Exception {
        Path fifo = Mutations.special(dir.resolve("model.pt"), Mutations.Special.FIFO);
        CliRun run = inspect(fifo.toString());
        assertEquals(InspectCommand.BAD_MODEL, run.status());
        assertTrue(run.err().contains("named pipe"), run.err());
    }
}
