package com.arpgstudio.inference.cli;

import com.arpgstudio.inference.edit.EditRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate a new image of one class at the model's native size.")
final class GenerateCommand extends RecordingCommand {

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() {
        EditRequest request = EditRequest.generate(sampling.settings(modelOptions.recommendedSettings()));
        return execute(request(request, null, null, null));
    }
}
