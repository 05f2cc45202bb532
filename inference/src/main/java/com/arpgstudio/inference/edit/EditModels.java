package com.arpgstudio.inference.edit;

/**
 * The two models an edit needs and who they are.
 *
 * @param filler    the ARPG engine
 * @param codec     the VQ tokenizer
 * @param generator identity of the ARPG weights
 * @param tokenizer identity of the VQ weights
 */
public record EditModels(TokenFiller filler, ImageCodec codec, ModelIdentity generator, ModelIdentity tokenizer) {

    /** The planner configuration for these models' grid and patch, with default limits. */
    public WindowPlanner.Config plannerConfig() {
        return WindowPlanner.Config.forGrid(filler.gridColumns(), filler.gridRows(), codec.patchSize());
    }
}
