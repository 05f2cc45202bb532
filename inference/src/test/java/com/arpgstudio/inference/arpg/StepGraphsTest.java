package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.Cancellation;
import com.arpgstudio.inference.runtime.GraphCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation steps replayed from CUDA graphs ({@link StepGraphs}) against the scripted steps they
 * were captured from: the same tokens, bit for bit, at a plan's capture (whose tokens come from
 * its first replay), at later replays with other seeds, and over plans of several shapes in turn
 * (each releasing the last), a padded one (rows of different lengths) among them. With {@code -Darpg.device=gpu} on a CUDA GPU, in float32 and float16;
 * on the CPU no graph is captured and the same runs check that the fallback is the scripted path.
 */
@ReferenceFixtures.Needed
class StepGraphsTest {

    @Test
    void replayedStepsPickTheTokensOfTheScriptedSteps() throws Exception {
        boolean gpu = ReferenceFixture.device().isGpu();
        List<DataType> types = gpu ? List.of(DataType.FLOAT32, DataType.FLOAT16) : List.of(DataType.FLOAT32);
        for (DataType type : types) {
            try (ArpgModel model = ArpgModel.load(ReferenceFixtures.file("arpg.safetensors"),
                    ReferenceFixture.config(), ReferenceFixture.device(), type)) {
                int length = model.config().blockSize();
                int codeLimit = model.config().vocabSize() - 3;
                Generator generator = new Generator(model, codeLimit);
                int[] grid = new int[length];
                for (int p = 0; p < length; p++) {
                    grid[p] = p % 3 == 0 ? (p * 5) % codeLimit : GenerationRow.UNKNOWN;
                }
                int[] half = new int[length];
                for (int p = 0; p < length; p++) {
                    half[p] = p < length / 2 ? (p * 7) % codeLimit : GenerationRow.UNKNOWN;
                }
                SamplingSettings sampling = SamplingSettings.DEFAULTS.withSteps(6).withSampling(1.0, 0, 0.95);
                List<SamplingSettings> settings = List.of(sampling, sampling.withSampling(0.8, 7, 0.9),
                        sampling.withSteps(5).withGuidance(1.0, Guidance.CONSTANT), sampling.withSampling(1.0, 1, 1.0));
                // on the CPU (no graphs: only the fallback) one case
                for (SamplingSettings setting : gpu ? settings : settings.subList(0, 1)) {
                    for (int seed : gpu ? new int[] {31, 41} : new int[] {31}) {
                        List<List<GenerationRow>> batches = List.of(
                                List.of(GenerationRow.fromGrid(2, seed, grid), GenerationRow.fromGrid(null, seed + 1, grid)),
                                List.of(GenerationRow.unconditionalCanvas(7, seed, length)),
                                // rows of different lengths: a padded plan, its masks and rows' scales copied in
                                List.of(GenerationRow.fromGrid(2, seed, grid), GenerationRow.unconditionalCanvas(5, seed + 1, length),
                                        GenerationRow.fromGrid(null, seed + 2, half)));
                        for (List<GenerationRow> rows : gpu ? batches : batches.subList(0, 1)) {
                            GenerationRequest request = new GenerationRequest(rows, setting);
                            model.useGraphCapture(GraphCapture.OFF);
                            int[][] scripted = generator.generate(request, StepListener.NONE, Cancellation.none()).tokens();
                            model.useGraphCapture(GraphCapture.ALWAYS);
                            List<int[][]> graphed = new ArrayList<>();
                            for (int run = 0; run < 2; run++) {     // the capture, then a replay
                                graphed.add(generator.generate(request, StepListener.NONE, Cancellation.none()).tokens());
                            }
                            for (int[][] tokens : graphed) {
                                for (int r = 0; r < rows.size(); r++) {
                                    assertArrayEquals(scripted[r], tokens[r], type + " " + setting + " seed " + seed
                                            + " row " + r);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
