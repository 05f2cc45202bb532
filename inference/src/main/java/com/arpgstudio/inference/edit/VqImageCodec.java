package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.vq.TokenGrid;
import com.arpgstudio.inference.vq.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ImageCodec} over the VQ {@link Tokenizer}; encodes and decodes batches in one call each. */
public final class VqImageCodec implements ImageCodec {

    private final Tokenizer tokenizer;
    private final Map<Integer, ArgbImage> previews = new HashMap<>();

    public VqImageCodec(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public int patchSize() {
        return tokenizer.downsampleFactor();
    }

    @Override
    public int[] encode(ArgbImage image) {
        return tokenizer.encode(image.pixels(), image.width(), image.height()).codes();
    }

    @Override
    public List<ArgbImage> decode(List<int[]> codes, int columns, int rows) {
        List<TokenGrid> grids = new ArrayList<>();
        for (int[] grid : codes) {
            grids.add(new TokenGrid(grid, rows, columns));
        }
        List<ArgbImage> images = new ArrayList<>();
        int patch = patchSize();
        for (int[] argb : tokenizer.decodeArgbAll(grids)) {
            images.add(new ArgbImage(columns * patch, rows * patch, argb));
        }
        return images;
    }

    /** The code decoded on its own (a 1x1 grid), computed once per code. */
    @Override
    public ArgbImage preview(int code) {
        return previews.computeIfAbsent(code, c -> decode(List.of(new int[] {c}), 1, 1).get(0));
    }
}
