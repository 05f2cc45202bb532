package com.arpgstudio.inference.arpg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * 2D rotary position embedding ({@code precompute_freqs_cis_2d} and {@code apply_rotary_emb}).
 *
 * <p>The table has one row per RoPE position: row 0 for the class token (all zeros, as in the
 * official code, so the class token's rotated queries and keys are zero vectors), then row
 * {@code 1 + r * grid + c} for the image token at grid cell (r, c). Each row holds
 * {@code head_dim / 2} (cos, sin) pairs: the first half rotates by the row index r, the second by
 * the column c. A head vector is rotated pairwise, {@code (x[2i], x[2i+1])} as one complex number.
 *
 * <p>The table is kept in the model's type three ways: as (rows, head_dim) (cos, sin) pairs, which
 * the scripted passes view as complex numbers and multiply in one operation, and for the op-by-op
 * port as two (rows, head_dim) arrays, {@code cos} with each cosine repeated for both members of
 * its pair and {@code sin} with the sine negated for the first member, so that rotating is
 * {@code x * cos + swapPairs(x) * sin}.
 */
public final class Rope2d {

    private final int headDim;
    private final NDArray cos;   // (1 + L, head_dim)
    private final NDArray sin;   // (1 + L, head_dim)
    private final NDArray pairs; // (1 + L, head_dim)

    public Rope2d(ArpgConfig config, NDManager manager, DataType dataType) {
        this.headDim = config.headDim();
        float[][][] table = freqsCis(config);
        int rows = table.length;
        float[] cosValues = new float[rows * headDim];
        float[] sinValues = new float[rows * headDim];
        float[] pairValues = new float[rows * headDim];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < headDim / 2; i++) {
                float c = table[r][i][0];
                float s = table[r][i][1];
                cosValues[r * headDim + 2 * i] = c;
                cosValues[r * headDim + 2 * i + 1] = c;
                sinValues[r * headDim + 2 * i] = -s;
                sinValues[r * headDim + 2 * i + 1] = s;
                pairValues[r * headDim + 2 * i] = c;
                pairValues[r * headDim + 2 * i + 1] = s;
            }
        }
        this.cos = table(manager, cosValues, dataType);
        this.sin = table(manager, sinValues, dataType);
        this.pairs = table(manager, pairValues, dataType);
    }

    /** A (rows, head_dim) table as {@code dataType}, without leaving its float32 source on the manager. */
    private NDArray table(NDManager manager, float[] values, DataType dataType) {
        return ArpgWeights.converted(manager.create(values, new Shape(values.length / headDim, headDim)), dataType);
    }

    /**
     * The official {@code freqs_cis} table, (cls_token_num + grid^2, head_dim / 2, 2) as
     * (cos, sin), computed in float32 step by step like PyTorch does:
     * <pre>
     * freqs = 1.0 / (base ** (torch.arange(0, half_dim, 2)[: (half_dim // 2)].float() / half_dim))
     * freqs = torch.outer(torch.arange(grid_size), freqs)
     * freqs_grid = cat([freqs[:, None, :].expand(-1, g, -1), freqs[None, :, :].expand(g, -1, -1)], -1)
     * </pre>
     */
    public static float[][][] freqsCis(ArpgConfig config) {
        int halfDim = config.headDim() / 2;
        int quarter = halfDim / 2;
        int grid = config.gridSize();
        float[] freqs = new float[quarter];
        for (int i = 0; i < quarter; i++) {
            float exponent = (float) (2 * i) / (float) halfDim;
            float power = (float) Math.pow(config.ropeBase(), exponent);
            freqs[i] = 1.0f / power;
        }
        float[][][] table = new float[config.clsTokenNum() + grid * grid][halfDim][2];
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                float[][] row = table[config.clsTokenNum() + r * grid + c];
                for (int i = 0; i < quarter; i++) {
                    float rowAngle = (float) r * freqs[i];
                    float columnAngle = (float) c * freqs[i];
                    row[i][0] = (float) Math.cos(rowAngle);
                    row[i][1] = (float) Math.sin(rowAngle);
                    row[quarter + i][0] = (float) Math.cos(columnAngle);
                    row[quarter + i][1] = (float) Math.sin(columnAngle);
                }
            }
        }
        return table;
    }

    /** (1 + L, head_dim): each RoPE row's head_dim / 2 (cos, sin) pairs, the official table flattened. */
    NDArray pairTable() {
        return pairs;
    }

    /** RoPE row of the image token at raster position {@code position}. */
    public static int row(int position) {
        return 1 + position;
    }

    /** The cosine and signed-sine factors of the given RoPE rows: {@code rows} (B, T) int64 to two (B, T, head_dim). */
    public NDArray[] factors(NDArray rows) {
        return new NDArray[] {cos.get(rows.getManager(), new NDIndex("{}", rows)),
                sin.get(rows.getManager(), new NDIndex("{}", rows))};
    }

    /**
     * Rotates head vectors: {@code x} (..., head_dim) by factors broadcastable to it.
     * Official: {@code x_out = (x0 * c - x1 * s, x1 * c + x0 * s)} per pair.
     */
    public NDArray rotate(NDArray x, NDArray cosFactor, NDArray sinFactor) {
        Shape shape = x.getShape();
        Shape pairs = shape.slice(0, shape.dimension() - 1).add(headDim / 2, 2);
        NDArray swapped = x.reshape(pairs).flip(-1).reshape(shape);   // (x1, x0) per pair
        return x.mul(cosFactor).addi(swapped.muli(sinFactor));
    }
}
