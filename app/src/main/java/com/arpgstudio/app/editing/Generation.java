package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.editing.EditorViewModel.LongEdit;
import com.arpgstudio.app.editing.EditorViewModel.LongEditChoice;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.settings.SettingsModel;
import com.arpgstudio.inference.arpg.SamplingSettings;
import com.arpgstudio.inference.edit.EditListener;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.Preview;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.runtime.CancelledException;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;
import javafx.util.Duration;

/**
 * The edit in flight (a fill, an expansion, a re-roll), one at a time: the settings it runs with,
 * the question before a long one, its progress line and preview, cancel, and its outcome handed to
 * {@link Finished}. The engine works on the executor; everything here runs on the FX thread.
 */
public final class Generation {

    /** Where a run's outcome goes once the engine is done (FX thread). */
    interface Finished {
        void finished(EditRun run, EditResult result, long seed);
    }

    /** The first seconds of an edit are mostly warm-up: its own speed tells its length only after them. */
    private static final double OWN_SPEED_AFTER_SECONDS = 2;

    private final EditEngine engine;
    private final Executor executor;
    private final SettingsModel settings;
    /** Keeps the settings a run started with in the settings file. */
    private final Runnable persistSettings;
    private final BackgroundTasks tasks;
    private final StringProperty message;
    private final CanvasPreview preview;
    /** A new fill or expansion ends the choice among the previous one's variants. */
    private final Runnable beforeNewResults;
    private final Finished finished;

    private final Timeline elapsedTicker = new Timeline(new KeyFrame(Duration.millis(100), e -> refreshProgressText()));
    private Function<LongEdit, LongEditChoice> longEditQuestion = edit -> LongEditChoice.CONTINUE;
    private EditRun currentRun;
    /** Where a run's engine events land on the FX thread: the progress line and the preview. */
    private final EditRun.Updates runUpdates = new EditRun.Updates() {
        @Override
        public boolean isCurrent(EditRun run) {
            return currentRun == run;
        }

        @Override
        public void progressed(EditRun run) {
            progress.set(run.latest.fraction());
            refreshProgressText();
            judgeLengthWhileRunning(run);
        }

        @Override
        public void previewed(Preview shown, Rect changed) {
            preview.show(shown, changed);
        }
    };

    Generation(EditEngine engine, Executor executor, SettingsModel settings, Runnable persistSettings,
               BackgroundTasks tasks, StringProperty message, CanvasPreview preview, Runnable beforeNewResults,
               Finished finished) {
        this.engine = engine;
        this.executor = executor;
        this.settings = settings;
        this.persistSettings = persistSettings;
        this.tasks = tasks;
        this.message = message;
        this.preview = preview;
        this.beforeNewResults = beforeNewResults;
        this.finished = finished;
        elapsedTicker.setCycleCount(Timeline.INDEFINITE);
    }

    /** Asks the user about an edit expected to take long (FX thread; may show a modal dialog). */
    void setLongEditQuestion(Function<LongEdit, LongEditChoice> question) {
        this.longEditQuestion = question;
    }

    /** One edit at a time: a second one is refused with a message rather than silently ignored. */
    boolean refuseWhileGenerating() {
        if (generating.get()) {
            message.set(Messages.text("status.alreadyRunning"));
            return true;
        }
        return false;
    }

    /** Runs {@code job} on {@code doc}, whose image it acquired (released when the engine is done). */
    void start(Document doc, EditJob job) {
        SamplingSettings chosen;
        try {
            if (!settings.seedLockedProperty().get()) {
                settings.rollSeed();
            }
            chosen = settings.snapshot();
        } catch (IllegalArgumentException e) {
            doc.releaseImage(job.image());
            tasks.fail(new EditorViewModel.Failure(Messages.text("failure.setting"), e.getMessage(), e));
            return;
        }
        persistSettings.run();
        if (!(job instanceof EditJob.Reroll)) {
            beforeNewResults.run(); // a re-roll of a shown variant keeps the strip
        }
        EditRun run = new EditRun(job, doc, placementOf(job, doc), runUpdates);
        currentRun = run;
        generating.set(true);
        progress.set(0);
        run.stageText = Messages.text("progress.preparing");
        refreshProgressText();
        elapsedTicker.play();
        message.set(Messages.text("status.running", job.label()));
        Task<EditListener.Progress> estimate = new Task<>() {
            @Override
            protected EditListener.Progress call() throws Exception {
                return engine.estimate(job, chosen);
            }
        };
        estimate.setOnSucceeded(e -> {
            if (currentRun == run) {
                confirmAndRun(run, chosen, estimate.getValue());
            } else {
                release(run); // cancelled meanwhile: nothing more runs on the image
            }
        });
        estimate.setOnFailed(e -> {
            release(run);
            if (currentRun == run) {
                failed(run, estimate.getException());
            }
        });
        executor.execute(() -> {
            try {
                estimate.run();
            } finally {
                if (run.cancellation.isCancelled()) {
                    release(run);
                }
            }
        });
    }

    /** Before an edit expected to take long, the user may go on, run one variant instead, or not start it. */
    private void confirmAndRun(EditRun run, SamplingSettings chosen, EditListener.Progress planned) {
        SamplingSettings settingsForRun = chosen;
        run.lengthJudged = planned.hasEstimate();
        if (planned.hasEstimate() && planned.secondsLeft() > EditorViewModel.LONG_EDIT_SECONDS) {
            LongEdit question = new LongEdit(run.job.label(), planned.secondsLeft(), chosen.variants(),
                    planned.stage().windowCount(), false);
            LongEditChoice choice = longEditQuestion.apply(question);
            if (currentRun != run) {
                release(run); // cancelled while the question was open
                return;
            }
            if (choice == LongEditChoice.CANCEL) {
                release(run);
                finishRun(run);
                message.set(Messages.text("status.notStarted", run.job.label()));
                return;
            }
            if (choice == LongEditChoice.ONE_VARIANT) {
                settingsForRun = chosen.withVariants(1);
            }
        }
        execute(run, settingsForRun);
    }

    /**
     * An edit with no up-front estimate (its speed could not be timed) is asked about once its own
     * speed says it will be long. Only then: an edit's first seconds overstate its length several
     * times (warm-up, the coding of a large image), so a second opinion on an up-front figure would
     * ask about edits that are not long. It runs on meanwhile: stopping it leaves the image as it
     * was, and a choice of fewer variants would throw away what ran, so it is not offered.
     */
    private void judgeLengthWhileRunning(EditRun run) {
        EditListener.Progress now = run.latest;
        if (run.lengthJudged || now.done() == 0 || !now.hasEstimate()
                || now.elapsedSeconds() < OWN_SPEED_AFTER_SECONDS) {
            return;
        }
        run.lengthJudged = true;
        if (now.secondsLeft() <= EditorViewModel.LONG_EDIT_SECONDS) {
            return;
        }
        LongEdit question = new LongEdit(run.job.label(), now.secondsLeft(), now.stage().variantCount(),
                now.stage().windowCount(), true);
        // Not from inside this update: a modal question here would hold back the update's preview.
        Platform.runLater(() -> {
            if (currentRun == run && longEditQuestion.apply(question) == LongEditChoice.CANCEL && currentRun == run) {
                cancel();
            }
        });
    }

    private void execute(EditRun run, SamplingSettings settingsForRun) {
        Task<EditResult> task = new Task<>() {
            @Override
            protected EditResult call() throws Exception {
                EditResult result = engine.run(run.job, settingsForRun, run, run.cancellation);
                run.recordJson = result.record().toJson(); // here, not on the FX thread: it holds the tokens
                return result;
            }
        };
        run.task = task;
        task.setOnSucceeded(e -> {
            if (currentRun == run) {
                finishRun(run);
                lastRunTime.set(formatSeconds(run.elapsedSeconds()));
                finished.finished(run, task.getValue(), settingsForRun.seed());
            }
        });
        task.setOnFailed(e -> {
            if (currentRun == run) {
                failed(run, task.getException());
            }
        });
        executor.execute(() -> {
            try {
                task.run();
            } finally {
                release(run); // after the engine let go of its input, even when cancelled before it started
            }
        });
    }

    private void failed(EditRun run, Throwable error) {
        finishRun(run);
        if (error instanceof CancelledException) {
            message.set(Messages.text("status.cancelled"));
        } else {
            tasks.fail(BackgroundTasks.describeFailure(Messages.text("task.failed", run.job.label()), error));
            message.set(Messages.text("task.failed", run.job.label()));
        }
    }

    /** Stops the running edit at once; the image stays as it was. */
    void cancel() {
        EditRun run = currentRun;
        if (run == null) {
            return;
        }
        run.cancellation.cancel();
        if (run.task != null) {
            run.task.cancel(false);
        }
        finishRun(run);
        message.set(Messages.text("status.cancelled"));
    }

    private void finishRun(EditRun run) {
        if (currentRun == run) {
            currentRun = null;
        }
        elapsedTicker.stop();
        generating.set(false);
        progress.set(0);
        progressText.set("");
        preview.show(null, Rect.EMPTY);
    }

    /** The engine is done with the run's input: the document may edit its image in place again. Once. */
    private static void release(EditRun run) {
        if (run.released.compareAndSet(false, true)) {
            Platform.runLater(() -> run.document.releaseImage(run.job.image()));
        }
    }

    /** Where the job's result lies in the document's coordinates (outside it for an outpaint). */
    static Rect placementOf(EditJob job, Document doc) {
        if (job instanceof EditJob.Reroll r) {
            return new Rect(r.originX(), r.originY(), r.image().width(), r.image().height());
        }
        if (job instanceof EditJob.Outpaint o) {
            return new Rect(-o.left(), -o.top(), doc.width() + o.left() + o.right(), doc.height() + o.top() + o.bottom());
        }
        return new Rect(0, 0, doc.width(), doc.height());
    }

    private void refreshProgressText() {
        EditRun run = currentRun;
        if (run != null) {
            progressText.set(ProgressText.describe(run.stageText, run.latest, run.secondsSinceLatest(),
                    run.elapsedSeconds()));
        }
    }

    static String formatSeconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
    }

    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper();

    public ReadOnlyBooleanProperty generatingProperty() {
        return generating.getReadOnlyProperty();
    }

    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    private final ReadOnlyStringWrapper lastRunTime = new ReadOnlyStringWrapper("–");

    /** How long the last edit took ("–" before the first). */
    public ReadOnlyStringProperty lastRunTimeProperty() {
        return lastRunTime.getReadOnlyProperty();
    }
}
