package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.vq.CodePreview;
import com.arpgstudio.inference.vq.TokenGrid;
import com.arpgstudio.inference.vq.Tokenizer;
import com.arpgstudio.inference.vq.VqConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ImageCodec} over the VQ {@link Tokenizer}; on a GPU encodes and decodes batches in one call
 * each, on the CPU one image a call, and draws previews from the tokenizer's {@link CodePreview}
 * table (patches decoded the first time a code appears, kept on disk between sessions when a cache
 * folder is given).
 *
 * <p>On the CPU the convolutions are bound by arithmetic, so a batch saves nothing, and a batch's
 * activations (a 256 px image's widest is 8 MiB) spill the caches: one libtorch thread encoded 12
 * images of 256 px in 3.1-3.5 s one a call against 6.0-7.2 s as one batch, and decoded them in
 * 6.1-6.8 s against 10.1-11.5 s (16 of 128 px: 1.1 s against 1.8-2.1 s, 2.1 s against 3.4-3.6 s).
 */
public final class VqImageCodec implements ImageCodec {

    private final Tokenizer tokenizer;
    private final CodePreview previews;
    private final int imagesPerCall;

    /**
     * @param tokenizer the tokenizer
     * @param cacheDir  where the preview table is kept between sessions, or null for none
     */
    public VqImageCodec(Tokenizer tokenizer, Path cacheDir) {
        this.tokenizer = tokenizer;
        this.previews = cacheDir == null ? CodePreview.of(tokenizer) : CodePreview.cached(tokenizer, cacheDir);
        this.imagesPerCall = tokenizer.device().isGpu() ? Integer.MAX_VALUE : 1;
    }

    @Override
    public int patchSize() {
        return tokenizer.downsampleFactor();
    }

    @Override
    public int[] encode(ArgbImage image) {
        return tokenizer.encode(image.pixels(), image.width(), image.height()).codes();
    }

    /** Same-sized images in one batch each on a GPU, one at a time on the CPU. */
    @Override
    public List<int[]> encodeAll(List<ArgbImage> images) {
        int[][] codes = new int[images.size()][];
        Map<List<Integer>, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            bySize.computeIfAbsent(List.of(images.get(i).width(), images.get(i).height()), size -> new ArrayList<>())
                    .add(i);
        }
        for (Map.Entry<List<Integer>, List<Integer>> group : bySize.entrySet()) {
            List<int[]> pixels = group.getValue().stream().map(i -> images.get(i).pixels()).toList();
            List<TokenGrid> grids = new ArrayList<>();
            for (List<int[]> call : calls(pixels)) {
                grids.addAll(tokenizer.encodeAll(call, group.getKey().get(0), group.getKey().get(1)));
            }
            for (int i = 0; i < grids.size(); i++) {
                codes[group.getValue().get(i)] = grids.get(i).codes();
            }
        }
        return Arrays.asList(codes);
    }

    @Override
    public List<ArgbImage> decode(List<int[]> codes, int columns, int rows) {
        List<TokenGrid> grids = new ArrayList<>();
        for (int[] grid : codes) {
            grids.add(new TokenGrid(grid, rows, columns));
        }
        List<ArgbImage> images = new ArrayList<>();
        int patch = patchSize();
        for (List<TokenGrid> call : calls(grids)) {
            for (int[] argb : tokenizer.decodeArgbAll(call)) {
                images.add(new ArgbImage(columns * patch, rows * patch, argb));
            }
        }
        return images;
    }

    /** The items in order, split into the tokenizer calls that carry them. */
    private <T> List<List<T>> calls(List<T> items) {
        List<List<T>> calls = new ArrayList<>();
        for (int start = 0; start < items.size(); start += imagesPerCall) {
            calls.add(items.subList(start, (int) Math.min(items.size(), (long) start + imagesPerCall)));
        }
        return calls;
    }

    @Override
    public long weightBytes() {
        return tokenizer.weights().tensors().values().stream()
                .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    /**
     * Sized after {@code vq.Decoder}: one activation between blocks, the temporaries of one ResNet
     * block (GroupNorm with float32 statistics, swish, two convolutions, shortcut) at the widest
     * level, the attention over the code grid, and the output in the compute type and float32.
     */
    @Override
    public long decodeBytes(int images, int columns, int rows) {
        VqConfig config = tokenizer.config();
        long b = tokenizer.dataType().getNumOfBytes();
        long cells = (long) columns * rows;
        int levels = config.levels();
        long widest = 0;
        for (int j = 0; j < levels; j++) {
            // Decoder level j (deepest first) runs at 2^j times the grid, with its own channels and
            // the previous level's coming in through the upsampling
            long channels = config.channels(levels - 1 - j);
            if (j > 0) {
                channels = Math.max(channels, config.channels(levels - j));
            }
            widest = Math.max(widest, channels * cells << (2 * j));
        }
        long block = widest * (10 * b + 2 * 4);
        long attention = cells * cells * (2 * b + 8);
        long pixels = 3 * cells * patchSize() * patchSize();
        return images * (block + attention + pixels * (b + 4));
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
