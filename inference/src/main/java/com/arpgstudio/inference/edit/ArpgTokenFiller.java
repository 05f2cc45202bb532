package com.arpgstudio.inference.edit;

import com.arpgstudio.inference.arpg.ArpgConfig;
import com.arpgstudio.inference.arpg.ArpgModel;
import com.arpgstudio.inference.arpg.GenerationRequest;
import com.arpgstudio.inference.arpg.GenerationRow;
import com.arpgstudio.inference.arpg.GenerationSettings;
import com.arpgstudio.inference.arpg.Generator;
import com.arpgstudio.inference.arpg.Guidance;
import com.arpgstudio.inference.arpg.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/** {@link TokenFiller} over the ARPG {@link Generator}: one edit window is one generation batch. */
public final class ArpgTokenFiller implements TokenFiller {

    private final ArpgConfig config;
    private final Generator generator;

    /**
     * @param model     the engine
     * @param codebook  the tokenizer's codebook size: only codes below it are sampled, so every
     *                  token decodes (the fixtures' tokenizer has fewer codes than the model's vocabulary)
     */
    public ArpgTokenFiller(ArpgModel model, int codebook) {
        this.config = model.config();
        this.generator = new Generator(model, codebook);
    }

    @Override
    public int gridColumns() {
        return config.gridSize();
    }

    @Override
    public int gridRows() {
        return config.gridSize();
    }

    @Override
    public int numClasses() {
        return config.numClasses();
    }

    @Override
    public int[][] fill(Integer classId, EditSettings settings, List<Row> rows, StepListener listener,
                        Cancellation cancellation) {
        GenerationSettings generation = new GenerationSettings(settings.steps(), settings.guidanceScale(),
                switch (settings.guidanceSchedule()) {
                    case CONSTANT -> Guidance.CONSTANT;
                    case LINEAR -> Guidance.LINEAR;
                },
                switch (settings.sampleSchedule()) {
                    case ARCCOS -> Schedule.ARCCOS;
                    case COSINE -> Schedule.COSINE;
                },
                settings.temperature(), settings.topK(), settings.topP());
        List<GenerationRow> batch = new ArrayList<>();
        for (Row row : rows) {
            batch.add(new GenerationRow(classId, row.seed(), row.knownPositions(), row.knownTokens(),
                    row.fillPositions(), null));
        }
        try {
            return generator.generate(new GenerationRequest(batch, generation),
                    event -> listener.onStep(event.step(), event.stepCount(), event.positions(), event.tokens()),
                    cancellation::isCancelled).tokens();
        } catch (CancellationException e) {
            throw new EditCancelledException();
        }
    }
}
