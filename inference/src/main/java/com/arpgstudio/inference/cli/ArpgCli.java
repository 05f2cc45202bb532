package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditException;
import com.arpgstudio.inference.runtime.CancelledException;
import com.arpgstudio.inference.runtime.DeviceOutOfMemoryException;
import com.arpgstudio.inference.runtime.Texts;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code arpg} command line; each tool is a subcommand. Every failure is a one-line message on
 * standard error (escaped by {@link Texts}: it may quote a file) and a stable exit status
 * ({@link ExitCode}).
 */
@Command(name = "arpg", mixinStandardHelpOptions = true, version = "ARPG Studio 0.1.0",
        description = "ARPG Studio from the command line.",
        subcommands = {InpaintCommand.class, OutpaintCommand.class, ExpandCommand.class, GenerateCommand.class,
                RefineCommand.class, ReplayCommand.class, InspectCommand.class, ModelsCommand.class,
                ServeCommand.class, CommandLine.HelpCommand.class})
public final class ArpgCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests set its streams and call {@code execute}). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ArpgCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(ArpgCli::handle);
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            codes.put(String.valueOf(code.status()), code.meaning());
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        ExitCode code;
        String message;
        if (e instanceof CliException c) {
            code = c.code();
            message = c.getMessage();
        } else if (e instanceof EditException edit) {
            code = ExitCode.of(edit.reason());
            message = edit.getMessage();
        } else if (e instanceof DeviceOutOfMemoryException oom) {
            code = ExitCode.DEVICE_OUT_OF_MEMORY;
            message = oom.getMessage();
        } else if (e instanceof CancelledException) {
            code = ExitCode.CANCELLED;
            message = "cancelled; nothing was written";
        } else {
            code = ExitCode.INTERNAL_ERROR;
            message = "unexpected " + e;
        }
        PrintWriter err = cli.getErr();
        err.println();
        err.println("arpg " + cli.getCommandName() + ": error: " + Texts.escaped(message));
        err.flush();
        if (code == ExitCode.INTERNAL_ERROR) {
            e.printStackTrace(err);
        }
        return code.status();
    }
}
