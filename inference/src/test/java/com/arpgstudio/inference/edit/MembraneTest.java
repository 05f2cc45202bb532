package com.arpgstudio.inference.edit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Membrane#relax} against the plain Jacobi loop it replaces: bit for bit, on grids of
 * several shapes (one row, one column, one cell, a window's 64 x 64) with random fixed cells and
 * values, negative zeros among them; and the three channels relaxed in parallel as each alone.
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
        Membrane.relax(values, fixed, columns, rows);
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
        Membrane.relaxAll(grids, fixed, columns, rows);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(plain[c], grids[c], "channel " + c);
        }
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
