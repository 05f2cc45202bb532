package com.arpgstudio.inference.edit;

/**
 * The two models an edit needs and who they are.
 *
 * @param filler    the ARPG engine
 * @param codec     the VQ tokenizer
 * @param generator identity of the ARPG weights
 * @param tokenizer identity of the VQ weights
 * @param pace      how fast edits went on these models, for up-front time estimates
 */
public record EditModels(TokenFiller filler, ImageCodec codec, ModelIdentity generator, ModelIdentity tokenizer,
                         EditPace pace) {

    /** Models with nothing measured yet. */
    public EditModels(TokenFiller filler, ImageCodec codec, ModelIdentity generator, ModelIdentity tokenizer) {
        this(filler, codec, generator, tokenizer, new EditPace());
    }

    /** The planner configuration for these models' grid and patch, with default limits. */
    public WindowPlanner.Config plannerConfig() {
        return WindowPlanner.Config.forGrid(filler.gridColumns(), filler.gridRows(), codec.patchSize());
    }
}
