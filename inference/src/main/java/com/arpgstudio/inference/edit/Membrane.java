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
    static void relaxAll(float[][] grids, int[] fixed, int columns, int rows, boolean[] read) {
        boolean[] moving = read == null ? null : connected(fixed, columns, rows, read);
        Arrays.stream(grids).parallel().forEach(grid -> sweep(grid, fixed, columns, rows, moving));
    }

    /**
     * Relaxes {@code values} (rows x columns, row-major) in place, {@code 4 * max(columns, rows)}
     * sweeps; cells whose {@code fixed} count is positive keep their value. With {@code read}, only
     * the free cells that matter move: those 4-connected, through free cells, to a cell marked in
     * {@code read}. A free cell's value at every sweep depends on its free neighbours and on fixed
     * cells, which never change, so these cells come out bit for bit as with every cell relaxed; the
     * other free cells keep their starting value (a paste's colour correction reads only the cells
     * under the pixels it writes: a heal window's strip is closed off by the fixed ring around it, and
     * most of its window's grid never needs relaxing).
     *
     * @param read the cells whose values are used (null: all)
     */
    static void relax(float[] values, int[] fixed, int columns, int rows, boolean[] read) {
        sweep(values, fixed, columns, rows, read == null ? null : connected(fixed, columns, rows, read));
    }

    /** The free cells 4-connected through free cells to a free cell marked in {@code read}. */
    private static boolean[] connected(int[] fixed, int columns, int rows, boolean[] read) {
        boolean[] moving = new boolean[fixed.length];
        int[] queue = new int[fixed.length];
        int tail = 0;
        for (int k = 0; k < fixed.length; k++) {
            if (read[k] && fixed[k] == 0) {
                moving[k] = true;
                queue[tail++] = k;
            }
        }
        for (int head = 0; head < tail; head++) {
            int k = queue[head];
            int r = k / columns;
            int c = k - r * columns;
            for (int n : new int[] {c > 0 ? k - 1 : -1, c < columns - 1 ? k + 1 : -1, r > 0 ? k - columns : -1,
                    r < rows - 1 ? k + columns : -1}) {
                if (n >= 0 && fixed[n] == 0 && !moving[n]) {
                    moving[n] = true;
                    queue[tail++] = n;
                }
            }
        }
        return moving;
    }

    /**
     * The sweeps over the cells that move ({@code moving}: free cells closed under free neighbours;
     * null: every free cell), confined to the rows and columns they span.
     */
    private static void sweep(float[] values, int[] fixed, int columns, int rows, boolean[] moving) {
        int top = rows;
        int bottom = -1;
        int left = columns;
        int right = -1;
        for (int k = 0; k < values.length; k++) {
            if (fixed[k] == 0 && (moving == null || moving[k])) {
                int r = k / columns;
                int c = k - r * columns;
                top = Math.min(top, r);
                bottom = Math.max(bottom, r);
                left = Math.min(left, c);
                right = Math.max(right, c);
            }
        }
        if (bottom < 0) {
            return;
        }
        // the interior rows and columns the moving cells span; every other cell there is held
        int rowFrom = Math.max(1, top);
        int rowTo = Math.min(rows - 2, bottom);
        int columnFrom = Math.max(1, left);
        int columnTo = Math.min(columns - 2, right);
        int[] heldInside = new int[values.length];
        int[] freeEdge = new int[values.length];
        int held = 0;
        int edges = 0;
        for (int r = top; r <= bottom; r++) {
            for (int c = left; c <= right; c++) {
                int k = r * columns + c;
                boolean inside = c > 0 && c < columns - 1 && r > 0 && r < rows - 1;
                boolean moves = fixed[k] == 0 && (moving == null || moving[k]);
                if (inside && !moves) {
                    heldInside[held++] = k;
                } else if (!inside && moves) {
                    freeEdge[edges++] = k;
                }
            }
        }
        float[] current = values;
        float[] next = values.clone();
        int iterations = 4 * Math.max(columns, rows);
        for (int it = 0; it < iterations; it++) {
            for (int r = rowFrom; r <= rowTo; r++) {
                int end = r * columns + columnTo + 1;
                for (int k = r * columns + columnFrom; k < end; k++) {
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
