package com.arpgstudio.inference.arpg;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.arpgstudio.inference.ReferenceFixtures;
import com.arpgstudio.inference.runtime.Cancellation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A generator limited to the first codes of the vocabulary samples nothing else. */
@ReferenceFixtures.Needed
class GeneratorCodeLimitTest {

    @Test
    void onlyCodesBelowTheLimitAreSampled() throws Exception {
        try (ArpgModel model = ArpgModel.load(ReferenceFixtures.file("arpg.safetensors"),
                ReferenceFixture.config(), Device.cpu(), DataType.FLOAT32)) {
            int limit = 3;
            int tokens = model.config().blockSize();
            GenerationRequest request = new GenerationRequest(
                    List.of(GenerationRow.unconditionalCanvas(1, 5L, tokens),
                            GenerationRow.unconditionalCanvas(null, 6L, tokens)),
                    SamplingSettings.DEFAULTS.withSteps(4));
            int[][] result = new Generator(model, limit).generate(request, StepListener.NONE, Cancellation.none()).tokens();
            for (int[] row : result) {
                for (int token : row) {
                    assertTrue(token >= 0 && token < limit, "token " + token + " outside [0, " + limit + ")");
                }
            }
            assertThrows(IllegalArgumentException.class, () -> new Generator(model, model.config().vocabSize() + 1));
        }
    }
}
