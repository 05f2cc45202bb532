package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.vq.CodePreview;
import com.arpgstudio.inference.vq.TokenGrid;
import com.arpgstudio.inference.vq.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ImageCodec} over the VQ {@link Tokenizer}; encodes and decodes batches in one call each,
 * and draws previews from the tokenizer's {@link CodePreview} table (patches decoded the first
 * time a code appears, kept on disk between sessions when a cache folder is given).
 */
public final class VqImageCodec implements ImageCodec {

    private final Tokenizer tokenizer;
    private final CodePreview previews;

    /**
     * @param tokenizer the tokenizer
     * @param cacheDir  where the preview table is kept between sessions, or null for none
     */
    public VqImageCodec(Tokenizer tokenizer, Path cacheDir) {
        this.tokenizer = tokenizer;
        this.previews = cacheDir == null ? CodePreview.of(tokenizer) : CodePreview.cached(tokenizer, cacheDir);
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

    @Override
    public void preparePreviews(int[] codes) {
        previews.ensure(codes);
    }

    @Override
    public ArgbImage preview(int code) {
        previews.ensure(new int[] {code});
        return new ArgbImage(patchSize(), patchSize(), previews.patch(code));
    }

    /** Stores the preview table in its cache folder (when it has one) for later sessions. */
    public void savePreviews() throws IOException {
        previews.save();
    }
}
