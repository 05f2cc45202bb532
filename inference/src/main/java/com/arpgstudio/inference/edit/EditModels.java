package com.arpgstudio.inference.edit;

/**
 * The model pair an edit needs, and which weights they are: the generator (ARPG, filling token
 * positions) and the tokenizer (VQ, between pixels and tokens). The same two names are used for the
 * pair everywhere: {@link ModelFiles}, {@link LoadedModels}, {@link EditRecord}.
 *
 * @param generator        the ARPG model, as an edit drives it
 * @param tokenizer        the VQ tokenizer, as an edit drives it
 * @param generatorWeights identity of the generator's weights
 * @param tokenizerWeights identity of the tokenizer's weights
 * @param pace             how fast edits went on these models, for up-front time estimates
 */
public record EditModels(TokenFiller generator, ImageCodec tokenizer, ModelIdentity generatorWeights,
                         ModelIdentity tokenizerWeights, EditPace pace) {

    /** Models with nothing measured yet. */
    public EditModels(TokenFiller generator, ImageCodec tokenizer, ModelIdentity generatorWeights,
                      ModelIdentity tokenizerWeights) {
        this(generator, tokenizer, generatorWeights, tokenizerWeights, new EditPace());
    }

    /** The planner configuration for these models' grid and patch, with default limits. */
    public WindowPlanner.Config plannerConfig() {
        return WindowPlanner.Config.forGrid(generator.gridColumns(), generator.gridRows(), tokenizer.patchSize());
    }
}
