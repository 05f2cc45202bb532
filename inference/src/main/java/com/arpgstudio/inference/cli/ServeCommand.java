package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.Editor;
import com.arpgstudio.inference.edit.LoadedModels;
import com.arpgstudio.inference.edit.PreviewPolicy;
import com.arpgstudio.inference.serve.ArpgServer;
import com.arpgstudio.inference.serve.ServeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arpg serve}: keeps one model loaded and answers the HTTP API (docs/serve.md) until
 * stopped with Ctrl-C, which cancels the running job within a step.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the fills over a local HTTP API (inpaint, outpaint, expand, generate, jobs with "
                + "progress events); the API is described at /api/v1/openapi.json.")
final class ServeCommand implements Callable<Integer> {

    /** The environment variable a token may come from, so it does not show in the process list. */
    static final String TOKEN_VARIABLE = "ARPG_SERVE_TOKEN";

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeConfig.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); any other needs a token.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServeConfig.DEFAULT_PORT,
            description = "TCP port (0: any free one, printed). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Every request must send Authorization: Bearer TOKEN (at least 16 characters). "
                    + "Default: the environment variable " + TOKEN_VARIABLE + ", else none (loopback only).")
    String token;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "4",
            description = "Jobs that may wait behind the running one; more are answered 503 with Retry-After. "
                    + "Default: ${DEFAULT-VALUE}.")
    int queue;

    /** The running server, once started (so a caller holding this command can stop it). */
    volatile ArpgServer server;

    @Option(names = "--max-body-mib", paramLabel = "MIB", defaultValue = "64",
            description = "Largest request body. Default: ${DEFAULT-VALUE}.")
    long maxBodyMiB;

    @Override
    public Integer call() throws InterruptedException {
        String secret = token != null ? token : System.getenv(TOKEN_VARIABLE);
        if (maxBodyMiB < 1 || maxBodyMiB > ServeConfig.MAX_BODY_BYTES >> 20) {
            throw new CliException(ExitCode.USAGE, "--max-body-mib: expected 1.." + (ServeConfig.MAX_BODY_BYTES >> 20)
                    + ", found " + maxBodyMiB);
        }
        ServeConfig config;
        try {
            config = ServeConfig.defaults().edit().host(host).port(port).token(secret).queueLimit(queue)
                    .maxBodyBytes(maxBodyMiB << 20).build();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        String device = modelOptions.selection().displayName();
        String modelId = modelOptions.model == null ? "default" : modelOptions.model.toString();
        try (LoadedModels loaded = modelOptions.load()) {
            ModelOptions.Execution execution = modelOptions.execution();
            Editor editor = new Editor(loaded.models(), PreviewPolicy.CODES_ONLY, execution.memoryLimit(),
                    execution.windowBatch());
            try {
                server = ArpgServer.start(editor, new ArpgServer.Model(modelId, device,
                        modelOptions.recommendedSettings()), () -> catalogue(err), config);
            } catch (IOException e) {
                throw new CliException(ExitCode.CANNOT_LISTEN, e.getMessage(), e);
            }
            Thread stop = new Thread(server::close, "arpg-serve-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                err.println("arpg serve: " + modelId + " on " + device + ", listening on " + server.url() + " (API: "
                        + server.url() + "/api/v1/openapi.json" + (secret != null ? ", token required" : "")
                        + "); Ctrl-C stops");
                err.flush();
                server.awaitClose();
                return ExitCode.OK.status();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is what closed the server
                }
            }
        }
    }

    /**
     * The models this installation knows, the user's pairs read anew each time (problems of the
     * settings file printed on {@code err}).
     */
    private static List<com.arpgstudio.inference.runtime.ModelEntry> catalogue(PrintWriter err) {
        try {
            return ModelsCommand.registry(err).refresh();
        } catch (IOException e) {
            return List.of(); // the list is informative; the loaded model is always described
        }
    }
}
