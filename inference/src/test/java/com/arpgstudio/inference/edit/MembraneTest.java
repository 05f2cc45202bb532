package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Membrane#relax} against the plain Jacobi loop it replaces: bit for bit, on grids of
 * several shapes (one row, one column, one cell, a window's 64 x 64) with random fixed cells and
 * values, negative zeros among them; the three channels relaxed in parallel as each alone; and only
 * the cells some reads reach relaxed, those as with the whole grid.
 */
class MembraneTest {

    @ParameterizedTest
    @CsvSource({"64,64,0.1", "64,64,0.5", "5,7,0.3", "1,9,0.2", "9,1,0.2", "1,1,0", "3,2,0.9", "40,17,0.05"})
    void relaxesBitForBitAsThePlainLoop(int columns, int rows, double fixedShare) {
        SplittableRandom random = new SplittableRandom(columns * 31L + rows);
        float[] values = new float[columns * rows];
        int[] fixed = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            fixed[k] = random.nextDouble() < fixedShare ? 1 + random.nextInt(5) : 0;
            values[k] = random.nextInt(10) == 0 ? -0f : (float) (random.nextDouble() * 60 - 30);
        }
        float[] plain = values.clone();
        plainRelax(plain, fixed, columns, rows);
        Membrane.relax(values, fixed, columns, rows, null);
        assertArrayEquals(plain, values);
    }

    @ParameterizedTest
    @CsvSource({"64,64,0.2", "7,3,0.4"})
    void relaxesEachChannelAsAlone(int columns, int rows, double fixedShare) {
        SplittableRandom random = new SplittableRandom(7);
        float[][] grids = new float[3][columns * rows];
        int[] fixed = new int[columns * rows];
        for (int k = 0; k < fixed.length; k++) {
            fixed[k] = random.nextDouble() < fixedShare ? 1 : 0;
            for (float[] grid : grids) {
                grid[k] = (float) (random.nextDouble() * 40 - 20);
            }
        }
        float[][] plain = new float[3][];
        for (int c = 0; c < 3; c++) {
            plain[c] = grids[c].clone();
            plainRelax(plain[c], fixed, columns, rows);
        }
        Membrane.relaxAll(grids, fixed, columns, rows, null);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(plain[c], grids[c], "channel " + c);
        }
    }

    /**
     * Relaxing only what reads need: a closed ring of fixed cells (a heal strip's) around a patch,
     * random fixed cells elsewhere, reads inside the patch, or scattered: every read cell and every
     * cell connected to one through free cells comes out bit for bit as the plain loop's, the free
     * cells cut off from every read keep their starting value.
     */
    @ParameterizedTest
    @CsvSource({"64,64,0.1,0", "64,64,0.1,0.01", "64,64,0.4,0.02", "40,17,0.05,0", "12,9,0.3,0.1", "1,9,0.2,0.2"})
    void relaxesTheCellsReadBitForBitAsTheWholeGrid(int columns, int rows, double fixedShare, double readShare) {
        SplittableRandom random = new SplittableRandom(columns * 17L + rows + Math.round(readShare * 100));
        float[] values = new float[columns * rows];
        int[] fixed = new int[values.length];
        boolean[] read = new boolean[values.length];
        for (int k = 0; k < values.length; k++) {
            int r = k / columns;
            int c = k % columns;
            // a ring of fixed cells at Chebyshev distance 3 from the grid's middle; reads inside it
            int ring = Math.max(Math.abs(r - rows / 2), Math.abs(c - columns / 2));
            fixed[k] = ring == 3 || random.nextDouble() < fixedShare ? 1 : 0;
            read[k] = ring < 3 && random.nextInt(3) == 0 || random.nextDouble() < readShare;
            values[k] = random.nextInt(10) == 0 ? -0f : (float) (random.nextDouble() * 60 - 30);
        }
        float[] plain = values.clone();
        plainRelax(plain, fixed, columns, rows);
        float[] start = values.clone();
        float[][] channels = {values.clone(), values.clone()};
        Membrane.relax(values, fixed, columns, rows, read);
        Membrane.relaxAll(channels, fixed, columns, rows, read);
        boolean[] reached = reachedThroughFreeCells(fixed, columns, rows, read);
        for (int k = 0; k < values.length; k++) {
            float expected = fixed[k] > 0 || reached[k] ? plain[k] : start[k];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(values[k]), "cell " + k);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(channels[1][k]), "cell " + k);
        }
    }

    /** The free cells a read cell reaches through free cells, found by repeated sweeps. */
    private static boolean[] reachedThroughFreeCells(int[] fixed, int columns, int rows, boolean[] read) {
        boolean[] reached = new boolean[fixed.length];
        for (int k = 0; k < fixed.length; k++) {
            reached[k] = read[k] && fixed[k] == 0;
        }
        for (boolean grew = true; grew; ) {
            grew = false;
            for (int k = 0; k < fixed.length; k++) {
                int r = k / columns;
                int c = k % columns;
                boolean next = fixed[k] == 0 && !reached[k] && (c > 0 && reached[k - 1] || c < columns - 1
                        && reached[k + 1] || r > 0 && reached[k - columns] || r < rows - 1 && reached[k + columns]);
                if (next) {
                    reached[k] = true;
                    grew = true;
                }
            }
        }
        return reached;
    }

    /** Jacobi relaxation of the free cells towards the mean of their neighbours, as written plainly. */
    private static void plainRelax(float[] values, int[] fixed, int columns, int rows) {
        float[] next = values.clone();
        int iterations = 4 * Math.max(columns, rows);
        for (int it = 0; it < iterations; it++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int k = r * columns + c;
                    if (fixed[k] > 0) {
                        continue;
                    }
                    float sum = 0;
                    int n = 0;
                    if (c > 0) { sum += values[k - 1]; n++; }
                    if (c < columns - 1) { sum += values[k + 1]; n++; }
                    if (r > 0) { sum += values[k - columns]; n++; }
                    if (r < rows - 1) { sum += values[k + columns]; n++; }
                    next[k] = n == 0 ? values[k] : sum / n;
                }
            }
            System.arraycopy(next, 0, values, 0, values.length);
        }
    }
}
