package com.arpgstudio.inference.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import picocli.CommandLine;

/** One in-process run of the {@code arpg} command line, with what it printed. */
record CliRun(int status, String out, String err) {

    static CliRun of(String subcommand, String... args) {
        CommandLine cli = ArpgCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(Stream.concat(Stream.of(subcommand), Stream.of(args)).toArray(String[]::new));
        return new CliRun(status, out.toString(), err.toString());
    }
}
