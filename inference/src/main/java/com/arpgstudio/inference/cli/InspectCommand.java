package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.checkpoint.CheckpointException;
import com.arpgstudio.inference.checkpoint.CheckpointFormat;
import com.arpgstudio.inference.checkpoint.ModelConfigs.ModelType;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.checkpoint.StoredTensor;
import com.arpgstudio.inference.runtime.Texts;
import com.arpgstudio.inference.vq.VqConfig;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code arpg inspect FILE}: the format, sections, foreign globals, model type, configuration and
 * tensor list of a checkpoint, from one read of its header or pickle (no tensor data is loaded).
 * Everything that came from the file is printed through {@link Texts}.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a checkpoint's format, model type, configuration and tensors (.pt, .pth or .safetensors).")
public final class InspectCommand implements Callable<Integer> {

    /** Exit statuses shared with the other subcommands: a missing input file, an unreadable model. */
    static final int MISSING_FILE = ExitCode.MISSING_FILE.status();
    static final int BAD_MODEL = ExitCode.BAD_MODEL.status();

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "the checkpoint file")
    Path checkpoint;

    @Option(names = "--section", paramLabel = "KEY",
            description = "take the state dict from this top-level entry of a PyTorch file (for example ema)")
    String section;

    @Option(names = "--config", paramLabel = "JSON",
            description = "config.json overriding what the weights cannot tell (default: config.json beside the checkpoint)")
    Path config;

    @Option(names = "--no-tensors", description = "omit the tensor list")
    boolean noTensors;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(checkpoint)) {
            err.println("arpg inspect: error: no such file: " + Texts.escaped(checkpoint));
            return MISSING_FILE;
        }
        try {
            CheckpointFormat format = CheckpointFormat.detect(checkpoint);
            StateDict weights = StateDict.open(checkpoint, section);
            ModelType type = ModelConfigs.detect(weights);
            out.println("file:    " + Texts.escaped(checkpoint));
            out.println("format:  " + format.description());
            if (!weights.sections().isEmpty()) {
                out.println("sections: " + Texts.escaped(String.join(", ", weights.sections())) + " (read: "
                        + (section != null ? Texts.escaped(section) : "the state dict found under state_dict, model or module")
                        + ")");
            }
            if (!weights.foreignGlobals().isEmpty()) {
                out.println("globals: " + weights.foreignGlobals().stream()
                        .map(g -> Texts.escaped(g.name()) + (g.inertData() ? " (inert data)" : " (named only)"))
                        .collect(Collectors.joining(", "))
                        + "; beyond torch's tensor rebuilders, nothing else is used (any other use refuses the file)");
            }
            out.println("model:   " + type.description());
            printConfig(out, weights, type);
            long bytes = 0;
            for (StoredTensor tensor : weights.tensors().values()) {
                bytes += tensor.byteSize();
            }
            out.printf("tensors: %d, %,d parameters, %,d bytes%n", weights.names().size(), parameters(weights), bytes);
            if (!noTensors) {
                List<String> names = weights.names().stream().map(Texts::escaped).toList();
                int width = names.stream().mapToInt(String::length).max().orElse(0);
                int i = 0;
                for (StoredTensor tensor : weights.tensors().values()) {
                    out.printf("  %-" + width + "s  %-4s %s%n", names.get(i++), tensor.dtype(), Arrays.toString(tensor.shape()));
                }
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("arpg inspect: error: " + Texts.escaped(e.getMessage()));
            return BAD_MODEL;
        }
    }

    private void printConfig(PrintWriter out, StateDict weights, ModelType type) throws IOException {
        JsonObject overrides = config != null ? ModelConfigs.readConfig(config) : ModelConfigs.readConfigBeside(checkpoint);
        String source = overrides == null ? "from the weights" : "from the weights and " + Texts.escaped(config != null
                ? config : checkpoint.toAbsolutePath().normalize().getParent().resolve("config.json"));
        try {
            switch (type) {
                case ARPG -> {
                    ArpgConfig.fromWeights(weights, overrides); // the engine's checks (heads, grid) too
                    out.println("config:  " + Texts.escaped(ModelConfigs.arpg(weights, overrides)) + "  (" + source + ")");
                }
                case VQ -> out.println("config:  " + Texts.escaped(VqConfig.fromWeights(weights, overrides).toJson())
                        + "  (" + source + ")");
                case UNKNOWN -> out.println("config:  none (not an ARPG or VQ state dict)");
            }
        } catch (CheckpointException e) {
            out.println("config:  cannot be derived: " + Texts.escaped(e.getMessage()));
        }
    }

    private static long parameters(StateDict weights) {
        return weights.tensors().values().stream().mapToLong(StoredTensor::numel).sum();
    }
}
