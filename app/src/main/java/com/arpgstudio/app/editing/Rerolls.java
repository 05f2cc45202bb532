package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.i18n.Messages;
import com.arpgstudio.app.reroll.BrushStrokes;
import com.arpgstudio.app.reroll.RecordTokens;
import com.arpgstudio.app.reroll.RerollControls;
import com.arpgstudio.app.reroll.VariantNode;
import com.arpgstudio.app.reroll.VariantTree;
import com.arpgstudio.inference.edit.ArgbImage;
import com.arpgstudio.inference.edit.EditResult;
import com.arpgstudio.inference.edit.PixelMask;
import com.arpgstudio.inference.edit.Rect;
import com.arpgstudio.inference.edit.TokenSelection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;

/**
 * Re-rolls: generates again the part of a fill's result under the re-roll brush (or its doubtful
 * tokens), keeping the pinned tokens, and adds what comes back to the {@link Variants}' tree.
 */
final class Rerolls {

    private final Supplier<Document> document;
    private final StringProperty message;
    private final BackgroundTasks tasks;
    private final Variants variants;
    /** Runs a re-roll job (the generation in flight). */
    private final Consumer<EditJob> start;
    private final RerollControls controls;
    /** The result the running re-roll started from, and whether it was shown (not applied). */
    private VariantNode base;
    private boolean ofShown;

    Rerolls(Supplier<Document> document, StringProperty message, BackgroundTasks tasks, Variants variants,
            RerollControls controls, Consumer<EditJob> start) {
        this.document = document;
        this.message = message;
        this.tasks = tasks;
        this.variants = variants;
        this.controls = controls;
        this.start = start;
    }

    /**
     * Re-rolls the result on the canvas (the one shown, else the document's image when it is a
     * fill's result). A re-roll of a shown result adds its results to the tree and shows the first
     * (undo removes them); one of the document's image is applied as one undoable edit when it
     * gives one result.
     */
    void reroll(Document doc, boolean unsure) {
        VariantTree tree = variants.tree();
        VariantNode shown = tree.shown();
        VariantNode from = shown != null ? shown : tree.applied();
        String record = doc.lastEditRecord().orElse(null);
        if (from == null) {
            from = tree.find(record, doc.image());
        }
        if (from != null) {
            rerollFrom(doc, from, shown != null, unsure);
            return;
        }
        if (record == null) {
            message.set(Messages.text("reroll.noFill"));
            return;
        }
        // an image opened with its record, or the tree forgot it: the record keeps its tokens
        ArgbImage image = doc.acquireImage();
        tasks.run(Messages.text("reroll.reading"), () -> {
            try {
                return RecordTokens.of(record, image);
            } finally {
                Platform.runLater(() -> doc.releaseImage(image));
            }
        }, tokens -> {
            if (tokens == null) {
                message.set(Messages.text("reroll.noFill"));
            } else if (document.get() == doc && doc.image().width() == image.width()
                    && doc.image().height() == image.height()) {
                VariantNode root = tree.setRoots(List.of(image.copy()), List.of(record), List.of(tokens),
                        List.of(0L), List.of(Messages.text("reroll.fromRecord")), new Rect(0, 0, image.width(),
                                image.height()), image.width(), image.height()).get(0);
                tree.setApplied(root);
                rerollFrom(doc, root, false, unsure);
            }
        }, null);
    }

    private void rerollFrom(Document doc, VariantNode from, boolean shown, boolean unsure) {
        Rect placement = variants.tree().placement(doc.width(), doc.height());
        ArgbImage image = from.image();
        if (placement == null || from.tokens() == null) {
            message.set(Messages.text("reroll.noFill"));
            return;
        }
        int w = image.width();
        int h = image.height();
        BrushStrokes pinned = controls.pinStrokes();
        PixelMask pins = pinned.isEmpty() ? null : pinned.toMask(w, h, placement.x(), placement.y());
        TokenSelection selection;
        PixelMask paint;
        if (unsure) {
            selection = from.tokens().below(controls.thresholdProperty().get(), pins);
            paint = selection.pixels(from.tokens(), w, h);
        } else {
            if (controls.rerollStrokes().isEmpty()) {
                message.set(Messages.text("reroll.noStrokes"));
                return;
            }
            paint = controls.rerollStrokes().toMask(w, h, placement.x(), placement.y());
            selection = from.tokens().under(paint, pins);
        }
        if (selection.isEmpty()) {
            message.set(Messages.text(unsure ? "reroll.noneUnsure" : "reroll.nothingUnder"));
            return;
        }
        base = from;
        ofShown = shown;
        start.accept(new EditJob.Reroll(image, from.tokens(), selection, paint, unsure, placement.x(), placement.y()));
    }

    /** The re-roll came back: its results join the tree under the result it started from. */
    void finished(EditRun run, EditJob.Reroll job, EditResult result, long seed) {
        VariantTree tree = variants.tree();
        List<Long> seeds = LongStream.range(0, result.images().size()).map(v -> seed + v).boxed().toList();
        String change = job.unsure()
                ? Messages.text("reroll.change.unsure", job.selection().count(),
                        100 * controls.thresholdProperty().get())
                : Messages.text("reroll.change", job.selection().count());
        if (!tree.nodes().contains(base)) {
            message.set(Messages.text("reroll.baseGone"));
            return;
        }
        List<VariantNode> added = tree.addChildren(base, result.images(),
                Collections.nCopies(result.images().size(), run.recordJson), result.tokens(), seeds, change, ofShown);
        controls.rerollStrokes().clear();
        String seconds = Generation.formatSeconds(run.elapsedSeconds());
        if (!ofShown && added.size() == 1) {
            variants.apply(run.document, added.get(0), job.label());
            message.set(Messages.text("reroll.applied", change, seconds));
        } else {
            variants.show(added.get(0));
            message.set(Messages.text("reroll.done", change, added.size(), seconds,
                    Messages.text("gesture.applyvariant")));
        }
    }
}
