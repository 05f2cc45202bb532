package com.arpgstudio.app.editing;

import com.arpgstudio.app.document.Autosave;
import com.arpgstudio.app.document.Autosaver;
import com.arpgstudio.app.document.Document;
import com.arpgstudio.app.document.SnapshotCopies;
import java.io.IOException;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ChangeListener;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Autosaves the view model's open document after every undoable change and, for changes in
 * between (a stroke in progress, undo, redo), every few seconds when its revision moved. What
 * changed since the last save is copied on the FX thread ({@link SnapshotCopies}: the changed
 * rectangles only) and written by the {@link Autosaver}'s own thread.
 */
public final class AutosaveBinding {

    private static final Logger LOG = LoggerFactory.getLogger(AutosaveBinding.class);

    private final Autosaver saver;
    private final SnapshotCopies copies = new SnapshotCopies();
    private final Timeline timer;
    private final EditorViewModel model;
    private final ChangeListener<Document> onDocument = (obs, old, now) -> follow(now);
    private Document document;
    private long savedRevision = Long.MIN_VALUE;

    private final Document.Listener onHistory = new Document.Listener() {
        @Override
        public void historyChanged() {
            saveNow();
        }
    };

    public AutosaveBinding(EditorViewModel model, Autosave autosave, Duration interval) {
        this.saver = new Autosaver(autosave, e -> LOG.warn("autosave failed: {}", e.getMessage(), e));
        this.model = model;
        model.documentProperty().addListener(onDocument);
        follow(model.documentProperty().get());
        timer = new Timeline(new KeyFrame(interval, e -> {
            if (document != null && document.revision() != savedRevision) {
                saveNow();
            }
        }));
        timer.setCycleCount(Timeline.INDEFINITE);
        timer.play();
    }

    private void follow(Document next) {
        if (document != null) {
            document.removeListener(copies);
            document.removeListener(onHistory);
        }
        document = next;
        copies.release();
        if (next != null) {
            next.addListener(copies);
            next.addListener(onHistory);
            saveNow();
        }
    }

    private void saveNow() {
        savedRevision = document.revision();
        copies.refresh(document);
        saver.saveFrom(copies);
    }

    /** Stops autosaving; after a clean close the autosave is removed (the user chose what to keep). */
    public void close(boolean discard) throws InterruptedException, IOException {
        timer.stop();
        model.documentProperty().removeListener(onDocument);
        follow(null);
        saver.close();
        if (discard) {
            saver.autosave().discard();
        }
    }
}
