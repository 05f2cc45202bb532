package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

    private static final Path FIXTURES = Path.of(System.getProperty("arpg.reference", "../shared/fixtures/arpg-reference"));


    private static CliRun inspect(String... args) {
        return CliRun.of("inspect", args);
    }

    @Test
    void printsTypeConfigAndTensorsOfATorchCheckpoint() {
        CliRun run = inspect(FIXTURES.resolve("arpg.pt").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("PyTorch zip checkpoint"), run.out());
        assertTrue(run.out().contains("ARPG transformer"), run.out());
        assertTrue(run.out().contains("\"vocab_size\":"), run.out());
        assertTrue(run.out().contains("embeddings.weight") && run.out().contains("head.weight"), run.out());
    }

    @Test
    void printsTheVqTokenizerOfASafetensorsFile() {
        CliRun run = inspect(FIXTURES.resolve("vq.safetensors").toString(), "--no-tensors");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("safetensors") && run.out().contains("VQ image tokenizer"), run.out());
        assertTrue(run.out().contains("\"ch_mult\""), run.out());
        assertTrue(!run.out().contains("encoder.conv_in.weight"), run.out());
    }

    @Test
    void refusedAndMissingFilesFailWithAMessage() {
        CliRun refused = inspect(FIXTURES.resolve("malicious.pt").toString());
        assertEquals(InspectCommand.BAD_MODEL, refused.status());
        assertTrue(refused.err().contains("refused"), refused.err());
        CliRun missing = inspect(FIXTURES.resolve("no-such-file.pt").toString());
        assertEquals(InspectCommand.MISSING_FILE, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
