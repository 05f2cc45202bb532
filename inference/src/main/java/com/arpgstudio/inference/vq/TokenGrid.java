package com.arpgstudio.inference.vq;

import java.util.Arrays;

/**
 * The codes of one image in raster order: {@code codes[y * width + x]} is the token of the
 * {@code f x f} pixel cell at column x, row y (f the tokenizer's downsampling factor).
 */
public record TokenGrid(int[] codes, int height, int width) {

    public TokenGrid {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("expected a positive token grid size, found " + height + "x" + width);
        }
        if (codes.length != height * width) {
            throw new IllegalArgumentException("expected " + height * width + " codes for a " + height + "x" + width
                    + " grid, found " + codes.length);
        }
        codes = codes.clone();
    }

    /** A copy of the codes. */
    @Override
    public int[] codes() {
        return codes.clone();
    }

    public int code(int row, int column) {
        return codes[row * width + column];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenGrid grid && grid.height == height && grid.width == width
                && Arrays.equals(grid.codes, codes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return "TokenGrid[" + height + "x" + width + "]";
    }
}
