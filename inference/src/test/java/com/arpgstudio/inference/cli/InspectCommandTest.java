package com.arpgstudio.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InspectCommandTest {

    private static final Path FIXTURES = Path.of(System.getProperty("arpg.reference", "../shared/fixtures/arpg-reference"));

    private record Run(int status, String out, String err) {}

    private static Run inspect(String... args) {
        CommandLine cli = ArpgCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "inspect";
        System.arraycopy(args, 0, full, 1, args.length);
        int status = cli.execute(full);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void printsTypeConfigAndTensorsOfATorchCheckpoint() {
        Run run = inspect(FIXTURES.resolve("arpg.pt").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("PyTorch zip checkpoint"), run.out());
        assertTrue(run.out().contains("ARPG transformer"), run.out());
        assertTrue(run.out().contains("\"vocab_size\":"), run.out());
        assertTrue(run.out().contains("embeddings.weight") && run.out().contains("head.weight"), run.out());
    }

    @Test
    void printsTheVqTokenizerOfASafetensorsFile() {
        Run run = inspect(FIXTURES.resolve("vq.safetensors").toString(), "--no-tensors");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("safetensors") && run.out().contains("VQ image tokenizer"), run.out());
        assertTrue(run.out().contains("\"ch_mult\""), run.out());
        assertTrue(!run.out().contains("encoder.conv_in.weight"), run.out());
    }

    @Test
    void refusedAndMissingFilesFailWithAMessage() {
        Run refused = inspect(FIXTURES.resolve("malicious.pt").toString());
        assertEquals(InspectCommand.BAD_MODEL, refused.status());
        assertTrue(refused.err().contains("refused"), refused.err());
        Run missing = inspect(FIXTURES.resolve("no-such-file.pt").toString());
        assertEquals(InspectCommand.MISSING_FILE, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
