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
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine and tokenizer loaded on one device (FLOAT32 on the CPU, FLOAT16 on a GPU) and wrapped
 * as {@link EditModels}; closing it frees their native memory.
 */
public final class LoadedModels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModels.class);

    private final ArpgModel generator;
    private final Tokenizer tokenizer;
    private final VqImageCodec codec;
    private final EditModels models;

    private LoadedModels(ArpgModel generator, Tokenizer tokenizer, VqImageCodec codec, EditModels models) {
        this.generator = generator;
        this.tokenizer = tokenizer;
        this.codec = codec;
        this.models = models;
    }

    /** Loads without a preview cache on disk. */
    public static LoadedModels load(ModelFiles files, Device device) throws IOException {
        return load(files, device, null);
    }

    /**
     * @param previewCache folder keeping the tokenizer's per-code preview table between sessions
     *                     (saved on {@link #close()}), or null
     */
    public static LoadedModels load(ModelFiles files, Device device, Path previewCache) throws IOException {
        DataType dtype = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        ModelIdentity generatorId = ModelFiles.identify(files.generator());
        ModelIdentity tokenizerId = ModelFiles.identify(files.tokenizer());
        JsonObject json = files.generatorConfig() == null ? null : ModelConfigs.readConfig(files.generatorConfig());
        StateDict dict = StateDict.open(files.generator());
        ArpgConfig config = ArpgConfig.fromWeights(dict, json);
        ArpgModel generator = ArpgModel.load(dict, config, device, dtype);
        Tokenizer tokenizer;
        try {
            StateDict vqDict = StateDict.open(files.tokenizer());
            tokenizer = Tokenizer.load(vqDict, VqConfig.fromWeights(vqDict, json), device, dtype);
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
        return assemble(generator, generatorId, tokenizer, tokenizerId, previewCache, files.tokenizer());
    }

    /**
     * Wraps models already loaded (benchmarks build them from random weights); takes ownership of
     * both, closing them if they do not fit together.
     */
    public static LoadedModels of(ArpgModel generator, ModelIdentity generatorId, Tokenizer tokenizer,
            ModelIdentity tokenizerId, Path previewCache) throws IOException {
        return assemble(generator, generatorId, tokenizer, tokenizerId, previewCache, tokenizerId.name());
    }

    /** @param tokenizerSource what a mismatch message names the tokenizer by */
    private static LoadedModels assemble(ArpgModel generator, ModelIdentity generatorId, Tokenizer tokenizer,
            ModelIdentity tokenizerId, Path previewCache, Object tokenizerSource) throws IOException {
        if (tokenizer.codebookSize() > generator.config().vocabSize()) {
            tokenizer.close();
            generator.close();
            throw new IOException("tokenizer " + tokenizerSource + " has " + tokenizer.codebookSize()
                    + " codes: expected at most the generator's vocabulary of " + generator.config().vocabSize());
        }
        VqImageCodec codec = new VqImageCodec(tokenizer, previewCache);
        EditModels models = new EditModels(new ArpgTokenFiller(generator, tokenizer.codebookSize()), codec,
                generatorId, tokenizerId);
        return new LoadedModels(generator, tokenizer, codec, models);
    }

    public EditModels models() {
        return models;
    }

    /** Saves the preview table (best effort: a cache), then frees the models' native memory. */
    @Override
    public void close() {
        try {
            codec.savePreviews();
        } catch (IOException e) {
            LOG.warn("could not save the preview table: {}", e.getMessage());
        } finally {
            tokenizer.close();
            generator.close();
        }
    }
}
