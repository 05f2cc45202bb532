package com.arpgstudio.inference.serve;

import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.Resampler;
import com.arpgstudio.inference.edit.WindowPlan;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the engine's progress into a job's events: {@code plan} once; {@code progress} (the whole
 * edit's one figure, done of total work units, with the time left when estimated) after planning
 * and after every step, encode and decode; {@code step} after every generation step; and
 * {@code preview} (the first variant's window as a small PNG, with the canvas rectangle it covers)
 * every few steps and on each window's last step. Previews are only encoded while an events stream
 * listens. Runs on the engine thread.
 */
final class JobProgress implements EditListener {

    private final Job job;
    private final int previewEverySteps;
    private final int previewMaxSide;
    private volatile JsonObject lastStep;
    private volatile JsonObject lastProgress;
    private volatile int stepsAfterCancel;

    JobProgress(Job job, int previewEverySteps, int previewMaxSide) {
        this.job = job;
        this.previewEverySteps = previewEverySteps;
        this.previewMaxSide = previewMaxSide;
    }

    /** Steps that ended after the job was asked to stop: at most the one under way then. */
    int stepsAfterCancel() {
        return stepsAfterCancel;
    }

    /** The last progress event's data, or null before the edit was planned. */
    JsonObject lastProgress() {
        return lastProgress;
    }

    /** The last step's event data, or null before the first step. */
    JsonObject lastStep() {
        return lastStep;
    }

    @Override
    public void onPlan(WindowPlan plan) {
        JsonObject data = new JsonObject();
        data.addProperty("windows", plan.windows().size());
        JsonArray notes = new JsonArray();
        plan.notes().forEach(notes::add);
        data.add("notes", notes);
        job.publish("plan", data, false);
    }

    @Override
    public void onProgress(Progress progress) {
        JsonObject data = new JsonObject();
        data.addProperty("done", progress.done());
        data.addProperty("total", progress.total());
        data.addProperty("fraction", progress.fraction());
        data.addProperty("phase", progress.stage().phase().name().toLowerCase(Locale.ROOT));
        data.addProperty("elapsedSeconds", progress.elapsedSeconds());
        if (progress.hasEstimate()) {
            data.addProperty("secondsLeft", progress.secondsLeft());
        }
        lastProgress = data;
        job.publish("progress", data, false);
    }

    @Override
    public void onStep(Step step) {
        if (job.cancellation().isCancelled()) {
            stepsAfterCancel++;
        }
        JsonObject data = new JsonObject();
        data.addProperty("window", step.window());
        data.addProperty("windows", step.windowCount());
        data.addProperty("step", step.step());
        data.addProperty("steps", step.stepCount());
        lastStep = data;
        job.publish("step", data, false);
        boolean due = (step.step() + 1) % previewEverySteps == 0 || step.step() == step.stepCount() - 1;
        if (due && !step.previews().isEmpty() && job.hasStreams()) {
            job.publish("preview", preview(step, step.previews().get(0)), false);
        }
    }

    private JsonObject preview(Step step, Preview preview) {
        ArgbImage image = preview.image();
        int longest = Math.max(image.width(), image.height());
        if (longest > previewMaxSide) {
            image = Resampler.resize(image, Math.max(1, image.width() * previewMaxSide / longest),
                    Math.max(1, image.height() * previewMaxSide / longest));
        }
        JsonObject data = new JsonObject();
        data.addProperty("window", step.window());
        data.addProperty("step", step.step());
        data.add("region", rect(preview.region()));
        data.addProperty("decoded", preview.decoded());
        data.addProperty("width", image.width());
        data.addProperty("height", image.height());
        data.addProperty("png", Base64.getEncoder().encodeToString(Pngs.encode(image)));
        return data;
    }

    static JsonObject rect(Rect r) {
        JsonObject o = new JsonObject();
        o.addProperty("x", r.x());
        o.addProperty("y", r.y());
        o.addProperty("width", r.width());
        o.addProperty("height", r.height());
        return o;
    }
}
