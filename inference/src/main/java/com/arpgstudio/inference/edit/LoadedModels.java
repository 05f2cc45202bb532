package com.arpgstudio.inference.edit;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.checkpoint.ModelConfigs;
import com.arpgstudio.inference.checkpoint.StateDict;
import com.arpgstudio.inference.vq.Tokenizer;
import com.arpgstudio.inference.vq.VqConfig;
import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * The engine and tokenizer loaded on one device (FLOAT32 on the CPU, FLOAT16 on a GPU) and wrapped
 * as {@link EditModels}; closing it frees their native memory.
 */
public final class LoadedModels implements AutoCloseable {

    private final ArpgModel generator;
    private final Tokenizer tokenizer;
    private final EditModels models;

    private LoadedModels(ArpgModel generator, Tokenizer tokenizer, EditModels models) {
        this.generator = generator;
        this.tokenizer = tokenizer;
        this.models = models;
    }

    public static LoadedModels load(ModelFiles files, Device device) throws IOException {
        DataType dtype = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        ModelIdentity generatorId = ModelFiles.identify(files.generator());
        ModelIdentity tokenizerId = ModelFiles.identify(files.tokenizer());
        JsonObject json = files.generatorConfig() == null ? null : ModelConfigs.readConfig(files.generatorConfig());
        StateDict dict = StateDict.open(files.generator());
        ArpgConfig config = ArpgConfig.fromJson(ModelConfigs.arpg(dict, json));
        ArpgModel generator = ArpgModel.load(dict, config, device, dtype);
        try {
            StateDict vqDict = StateDict.open(files.tokenizer());
            Tokenizer tokenizer = Tokenizer.load(vqDict, VqConfig.fromWeights(vqDict, json), device, dtype);
            if (tokenizer.codebookSize() > config.vocabSize()) {
                tokenizer.close();
                throw new IOException("tokenizer " + files.tokenizer() + " has " + tokenizer.codebookSize()
                        + " codes: expected at most the generator's vocabulary of " + config.vocabSize());
            }
            EditModels models = new EditModels(new ArpgTokenFiller(generator, tokenizer.codebookSize()), new VqImageCodec(tokenizer),
                    generatorId, tokenizerId);
            return new LoadedModels(generator, tokenizer, models);
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
    }

    public EditModels models() {
        return models;
    }

    @Override
    public void close() {
        tokenizer.close();
        generator.close();
    }
}
