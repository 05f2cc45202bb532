package com.arpgstudio.inference.edit;

/**
 * What a re-roll starts from: the tokens of the fill whose result it changes, and which of them
 * to generate again.
 *
 * @param fill      the fill's tokens (one result: one variant of it)
 * @param selection the generated tokens to generate again; every other token stays as it is
 */
public record RerollSource(FillTokens fill, TokenSelection selection) {

    public RerollSource {
        if (fill == null || selection == null) {
            throw new IllegalArgumentException("expected a fill's tokens and a selection, found " + fill + " and "
                    + selection);
        }
    }
}
