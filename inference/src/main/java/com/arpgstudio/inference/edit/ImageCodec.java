package com.arpgstudio.inference.edit;

import java.util.List;

/**
 * The part of the VQ tokenizer an edit uses: pixels to codes and back, and a cheap per-code
 * preview. {@link VqImageCodec} implements it over {@code vq.Tokenizer}; tests may use a stand-in.
 */
public interface ImageCodec {

    /** Pixels per token side (16 for VQ-16). */
    int patchSize();

    /**
     * Codes of an image whose sides are multiples of {@link #patchSize()}, in raster order
     * ({@code height / patch} rows of {@code width / patch}); alpha is ignored.
     */
    int[] encode(ArgbImage image);

    /** The codes of several images, in order (one batch where the codec can). */
    default List<int[]> encodeAll(List<ArgbImage> images) {
        return images.stream().map(this::encode).toList();
    }

    /** One opaque image of {@code columns * patch x rows * patch} pixels per code grid. */
    List<ArgbImage> decode(List<int[]> codes, int columns, int rows);

    /** Device bytes the tokenizer's weights take. */
    long weightBytes();

    /**
     * Device bytes a {@link #decode} of {@code images} grids of {@code columns x rows} codes needs at
     * its peak, beyond the weights (an estimate, for {@link MemoryEstimate}; encoding one window
     * needs less than decoding it).
     */
    long decodeBytes(int images, int columns, int rows);

    /**
     * Makes {@link #preview} cheap for these codes (for example by decoding, in one batch, those
     * never seen before); called once per generation step with the step's codes.
     */
    default void preparePreviews(int[] codes) {}

    /** A patch-sized picture of one code, cheap enough to draw after every generation step. */
    ArgbImage preview(int code);
}
