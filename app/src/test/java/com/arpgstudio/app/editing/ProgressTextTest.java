package com.arpgstudio.app.editing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.arpgstudio.inference.edit.EditListener;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ProgressTextTest {

    private static EditListener.Stage stage(EditListener.Phase phase, int pass, int passes, List<Integer> windows,
                                            List<Integer> variants, int variantCount) {
        return new EditListener.Stage(phase, pass, passes, windows, 1200, variants, variantCount, 11, 1024);
    }

    @Test
    void theStageReadsFromTheBundleAsTheEngineWordsIt() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
            for (EditListener.Stage stage : List.of(
                    stage(EditListener.Phase.GENERATE, 0, 1, List.of(4), List.of(0), 1),
                    stage(EditListener.Phase.GENERATE, 1, 2, List.of(2, 3), List.of(0, 1, 2, 3), 4),
                    stage(EditListener.Phase.ENCODE, 0, 2, List.of(0, 5, 1099), List.of(2), 4),
                    stage(EditListener.Phase.DECODE, 0, 1, List.of(), List.of(0), 1))) {
                assertEquals(stage.describe(), ProgressText.stage(stage));
            }
            assertEquals("pass 2 of 2, windows 3-4 of 1200, variants 1-4 of 4, step 12 of 1024",
                    ProgressText.stage(stage(EditListener.Phase.GENERATE, 1, 2, List.of(2, 3), List.of(0, 1, 2, 3), 4)));
        } finally {
            Locale.setDefault(before);
        }
    }
}
