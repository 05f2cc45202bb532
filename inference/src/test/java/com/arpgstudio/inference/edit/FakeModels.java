package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.arpg.StepListener;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stand-ins for the engine and tokenizer with the same contracts, fast and exactly predictable, for
 * tests of the edit mechanics (planning, token choice, compositing, streaming, records). The real
 * models are exercised by {@code EditFixtureModelTest}.
 */
final class FakeModels {

    private FakeModels() {}

    static EditModels of(int grid) {
        return new EditModels(new Filler(grid), new Codec(), new ModelIdentity("fake-arpg", "00"),
                new ModelIdentity("fake-vq", "11"));
    }

    /** Codes are 3-3-2 bit colours of a cell's mean; decoding paints the colour flat. */
    static final class Codec implements ImageCodec {
        int encodes;

        @Override
        public int patchSize() {
            return 16;
        }

        @Override
        public int[] encode(ArgbImage image) {
            encodes++;
            int columns = image.width() / 16;
            int rows = image.height() / 16;
            int[] codes = new int[columns * rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    long[] sum = new long[3];
                    for (int y = 0; y < 16; y++) {
                        for (int x = 0; x < 16; x++) {
                            int p = image.get(c * 16 + x, r * 16 + y);
                            sum[0] += (p >> 16) & 0xff;
                            sum[1] += (p >> 8) & 0xff;
                            sum[2] += p & 0xff;
                        }
                    }
                    codes[r * columns + c] = (int) (sum[0] / 256 >> 5 << 5 | sum[1] / 256 >> 5 << 2 | sum[2] / 256 >> 6);
                }
            }
            return codes;
        }

        @Override
        public List<ArgbImage> decode(List<int[]> codes, int columns, int rows) {
            List<ArgbImage> out = new ArrayList<>();
            for (int[] grid : codes) {
                ArgbImage image = ArgbImage.blank(columns * 16, rows * 16);
                for (int i = 0; i < grid.length; i++) {
                    image.paste(preview(grid[i]), (i % columns) * 16, (i / columns) * 16);
                }
                out.add(image);
            }
            return out;
        }

        @Override
        public long weightBytes() {
            return 0; // the stand-in holds no native memory
        }

        @Override
        public long decodeBytes(int images, int columns, int rows) {
            return 0;
        }

        @Override
        public ArgbImage preview(int code) {
            int r = (code >> 5 & 7) * 32 + 16;
            int g = (code >> 2 & 7) * 32 + 16;
            int b = (code & 3) * 64 + 32;
            int[] px = new int[256];
            Arrays.fill(px, 0xff000000 | r << 16 | g << 8 | b);
            return new ArgbImage(16, 16, px);
        }
    }

    /**
     * Fills positions in a seeded random order, 4 steps at most, with seeded random codes; a
     * generated token's probability is its code / 256 (so tests can tell doubtful ones), its entropy 1.
     * With {@link #contextSensitive} the codes also depend on the row's known tokens, so a window
     * that saw other context gives other codes.
     */
    static final class Filler implements TokenFiller {
        final int grid;
        final List<int[]> fillCalls = new ArrayList<>();
        final List<int[]> knownCalls = new ArrayList<>();
        /** Rows of every fill call. */
        final List<Integer> batchRows = new ArrayList<>();
        /** Every row ever filled: its seed, known positions and tokens, positions to fill. */
        final List<String> rowsSeen = new ArrayList<>();
        Runnable onStep = () -> { };
        boolean contextSensitive;
        /** What {@link #fillMemory} claims per row, for both the KV cache and the step. */
        long bytesPerRow;

        Filler(int grid) {
            this.grid = grid;
        }

        @Override
        public int gridColumns() {
            return grid;
        }

        @Override
        public int gridRows() {
            return grid;
        }

        @Override
        public int numClasses() {
            return 10;
        }

        @Override
        public long weightBytes() {
            return 0; // the stand-in holds no native memory
        }

        @Override
        public int stepCount(int fill, SamplingSettings settings) {
            return Math.min(Math.min(4, settings.steps()), fill);
        }

        @Override
        public FillMemory fillMemory(int rows, int known, int fill, SamplingSettings settings) {
            return new FillMemory(rows * bytesPerRow, rows * bytesPerRow);
        }

        @Override
        public Filled fill(SamplingSettings settings, List<Row> rows, StepListener listener,
                           Cancellation cancellation) {
            fillCalls.add(rows.get(0).fillPositions());
            knownCalls.add(rows.get(0).knownPositions());
            batchRows.add(rows.size());
            for (Row row : rows) {
                rowsSeen.add(row.seed() + " known " + Arrays.toString(row.knownPositions()) + " = "
                        + Arrays.toString(row.knownTokens()) + " fill " + Arrays.toString(row.fillPositions()));
            }
            int[][] result = new int[rows.size()][grid * grid];
            float[][] probabilities = new float[rows.size()][grid * grid];
            float[][] entropies = new float[rows.size()][grid * grid];
            int[][] orders = new int[rows.size()][];
            int[] rowSteps = new int[rows.size()];
            int steps = 0;
            for (int v = 0; v < rows.size(); v++) {
                Arrays.fill(result[v], -1);
                Arrays.fill(probabilities[v], Float.NaN);
                Arrays.fill(entropies[v], Float.NaN);
                Row row = rows.get(v);
                for (int i = 0; i < row.knownPositions().length; i++) {
                    result[v][row.knownPositions()[i]] = row.knownTokens()[i];
                }
                orders[v] = row.fillPositions().clone();
                SplittableRandom random = new SplittableRandom(row.seed());
                for (int i = orders[v].length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = orders[v][i];
                    orders[v][i] = orders[v][j];
                    orders[v][j] = t;
                }
                rowSteps[v] = stepCount(orders[v].length, settings);
                steps = Math.max(steps, rowSteps[v]);
            }
            int[] done = new int[rows.size()];
            for (int step = 0; step < steps; step++) {
                cancellation.throwIfCancelled();
                int[][] positions = new int[rows.size()][];
                int[][] tokens = new int[rows.size()][];
                for (int v = 0; v < rows.size(); v++) {
                    int n = orders[v].length;
                    int end = step >= rowSteps[v] ? done[v] : step == rowSteps[v] - 1 ? n : done[v] + n / rowSteps[v];
                    positions[v] = Arrays.copyOfRange(orders[v], done[v], end);
                    tokens[v] = new int[positions[v].length];
                    for (int i = 0; i < positions[v].length; i++) {
                        int p = positions[v][i];
                        tokens[v][i] = (int) Math.floorMod(rows.get(v).seed() * 31 + p * 131 + 7
                                + (contextSensitive ? contextOf(rows.get(v)) : 0), 256);
                        result[v][p] = tokens[v][i];
                        probabilities[v][p] = tokens[v][i] / 256f;
                        entropies[v][p] = 1;
                    }
                    done[v] = end;
                }
                listener.onStep(new StepListener.StepEvent(step, steps, positions, tokens));
                onStep.run();
            }
            return new Filled(result, probabilities, entropies);
        }
    }

    /** A number that changes with any known position or token of the row. */
    private static long contextOf(TokenFiller.Row row) {
        long h = 17;
        for (int i = 0; i < row.knownPositions().length; i++) {
            h = h * 31 + row.knownPositions()[i] * 7919L + row.knownTokens()[i];
        }
        return h;
    }

    /** Sleeps {@code millis} (a step's work in a stand-in's {@code onStep}); an interrupt is kept. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A test picture: smooth gradients with some structure, opaque. */
    static ArgbImage picture(int width, int height) {
        int[] px = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / Math.max(1, width - 1));
                int g = (y * 255 / Math.max(1, height - 1));
                int b = ((x / 8 + y / 8) % 2) * 80 + 60;
                px[y * width + x] = 0xff000000 | r << 16 | g << 8 | b;
            }
        }
        return new ArgbImage(width, height, px);
    }
}
