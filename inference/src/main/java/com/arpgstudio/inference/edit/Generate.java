package com.arpgstudio.inference.edit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A new image of the model's native size from the class alone: every token of the grid generated. */
final class Generate {

    private Generate() {}

    static Outcome run(EditContext context, EditRequest request) {
        int columns = context.models().generator().gridColumns();
        int rows = context.models().generator().gridRows();
        int patch = context.patch();
        Rect full = Rect.ofSize(columns * patch, rows * patch);
        Window window = new Window(full, full, columns, rows, 1.0);
        WindowPlan plan = new WindowPlan(List.of(window), List.of());
        if (request.plan() != null && !request.plan().windows().equals(plan.windows())) {
            throw new EditException(EditException.Reason.RECORD_MISMATCH, "recorded windows " + request.plan().windows()
                    + ": expected the model's whole grid, " + window);
        }
        context.listener().onPlan(plan);
        context.progress().begin(ProgressMeter.windowUnits(context.stepCount(columns * rows), false, true), 1, 1);
        int variants = context.settings().variants();
        byte[] cells = new byte[columns * rows];
        Arrays.fill(cells, TokenCells.UNKNOWN);
        List<int[]> grids = new ArrayList<>();
        List<ArgbImage> backdrops = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            int[] grid = new int[columns * rows];
            Arrays.fill(grid, -1);
            grids.add(grid);
            backdrops.add(ArgbImage.blank(full.width(), full.height()));
        }
        WindowRunner.Job job = new WindowRunner.Job(0, 0, plan.windows().get(0), grids, backdrops, cells,
                context.seeds(0));
        WindowRunner.Output out = context.runner().generate(List.of(job), context.settings(), true).get(0);
        List<FillTokens> tokens = out.tokens().stream().map(w -> new FillTokens(List.of(w), null)).toList();
        return new Outcome(out.decoded(), plan, Map.of(), tokens);
    }
}
