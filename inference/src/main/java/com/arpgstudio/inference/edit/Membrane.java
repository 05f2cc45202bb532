package com.arpgstudio.inference.edit;

import java.util.Arrays;

/**
 * The colour correction's membrane ({@link Compositor}): Jacobi relaxation of the free cells of a
 * grid towards the mean of their neighbours, the fixed cells held. A 256 px window's grid is 64 x 64
 * cells relaxed 256 times per channel, which made it most of a paste's time; so each sweep runs
 * over the interior rows as plain loops the JIT vectorises (fixed interior cells are written too,
 * then put back), the free cells on the grid's edge follow, the two buffers swap instead of being
 * copied, and a mean of two or four neighbours is a multiplication by 1/2 or 1/4 (exact, as the
 * division it replaces). The sums add the neighbours in the same order (left, right, up, down)
 * from 0, so the result is bit for bit the plain loop's ({@code MembraneTest}).
 */
final class Membrane {

    private Membrane() {}

    /** {@link #relax} of each grid (the colour channels), in parallel: they are independent. */
    static void relaxAll(float[][] grids, int[] fixed, int columns, int rows) {
        Arrays.stream(grids).parallel().forEach(grid -> relax(grid, fixed, columns, rows));
    }

    /**
     * Relaxes {@code values} (rows x columns, row-major) in place, {@code 4 * max(columns, rows)}
     * sweeps; cells whose {@code fixed} count is positive keep their value.
     */
    static void relax(float[] values, int[] fixed, int columns, int rows) {
        int[] heldInside = new int[values.length];
        int[] freeEdge = new int[values.length];
        int held = 0;
        int edges = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int k = r * columns + c;
                boolean inside = c > 0 && c < columns - 1 && r > 0 && r < rows - 1;
                if (inside && fixed[k] > 0) {
                    heldInside[held++] = k;
                } else if (!inside && fixed[k] == 0) {
                    freeEdge[edges++] = k;
                }
            }
        }
        float[] current = values;
        float[] next = values.clone();
        int iterations = 4 * Math.max(columns, rows);
        for (int it = 0; it < iterations; it++) {
            for (int r = 1; r < rows - 1; r++) {
                int end = r * columns + columns - 1;
                for (int k = r * columns + 1; k < end; k++) {
                    // 0f + first: the plain loop's sum starts at 0, which makes a first -0.0 a +0.0
                    next[k] = (0f + current[k - 1] + current[k + 1] + current[k - columns] + current[k + columns]) * 0.25f;
                }
            }
            for (int i = 0; i < held; i++) {
                next[heldInside[i]] = current[heldInside[i]];
            }
            for (int i = 0; i < edges; i++) {
                int k = freeEdge[i];
                int r = k / columns;
                int c = k - r * columns;
                float sum = 0;
                int n = 0;
                if (c > 0) { sum += current[k - 1]; n++; }
                if (c < columns - 1) { sum += current[k + 1]; n++; }
                if (r > 0) { sum += current[k - columns]; n++; }
                if (r < rows - 1) { sum += current[k + columns]; n++; }
                next[k] = switch (n) {
                    case 0 -> current[k];
                    case 2 -> sum * 0.5f;
                    case 4 -> sum * 0.25f;
                    default -> sum / n;
                };
            }
            float[] swap = current;
            current = next;
            next = swap;
        }
        if (current != values) {
            System.arraycopy(current, 0, values, 0, values.length);
        }
    }
}
