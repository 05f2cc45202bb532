package com.arpgstudio.inference.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code arpg} command line; each tool is a subcommand. */
@Command(name = "arpg", mixinStandardHelpOptions = true, version = "ARPG Studio 0.1.0",
        description = "ARPG Studio from the command line.",
        subcommands = {InspectCommand.class, CommandLine.HelpCommand.class})
public final class ArpgCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests set its streams and call {@code execute}). */
    public static CommandLine commandLine() {
        return new CommandLine(new ArpgCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
